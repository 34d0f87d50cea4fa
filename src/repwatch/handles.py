"""The user's own accounts: what a `handles` entry means, and whether a found account is one of them.

A teacher writes her handle once ("MsWhitfieldTeach"); each platform writes it its own way
(x.com/MsWhitfieldTeach, tiktok.com/@mswhitfieldteach, mswhitfieldteach.bsky.social,
@MsWhitfieldTeach@mastodon.online, facebook.com/ms.whitfield.teach). Telling her that her own account
is impersonating her is the fastest way to teach her to ignore the alarm, so every form must be known.
How each platform writes a handle is data (data/platforms.toml); this module only applies it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from repwatch.models import account_shown
from repwatch.platforms import Platform, by_name, get, platform_for_host, table

_BARE = re.compile(r"[\w.\-]+")
_MASTODON_PATH = re.compile(r"^/@(?P<handle>[\w.]+)(?:@(?P<instance>[\w.\-]+))?/?$")


@dataclass(frozen=True)
class Handle:
    """One of the user's accounts: a bare handle (every platform) or one platform's (and server's)."""

    name: str  # folded: lower case, no leading @, the platform's own suffix off
    platform: str | None = None  # None: the same handle on every platform
    instance: str | None = None  # a Mastodon server, when the user named one
    written: str = ""  # as the user wrote it, for messages

    def matches(self, account: Account) -> bool:
        """This is the found account: the same platform (a bare handle: any platform the table knows
        as social, and on Mastodon only the servers it lists), the same server if named, and the same
        handle exactly as the platform compares it (a look-alike or fullwidth spelling is not)."""
        if self.platform is not None and self.platform != account.platform:
            return False
        if self.platform is None:
            spec = get(account.platform)
            if spec is None or not spec.social:
                return False  # a page on a site the table does not know as a social platform
            if spec.handle_instance and (account.instance or "") not in spec.hosts:
                return False  # any site can have /@name addresses: only the servers the table knows
        if self.instance and account.instance and self.instance != account.instance:
            return False
        return normal(self.name, account.platform) == account.name


@dataclass(frozen=True)
class Account:
    """An account as found on a page: the platform, the handle as that platform means it, the server."""

    platform: str
    name: str
    instance: str | None = None

    @property
    def shown(self) -> str:
        return account_shown(self.name, self.instance)


def fold(text: str, *, strict: bool = False) -> str:
    """Lower case, no leading @; NFKC first (fullwidth letters become plain ones) unless ``strict``:
    a handle found on the web is compared as it is written, so a fullwidth copy of hers is not hers."""
    text = (text if strict else unicodedata.normalize("NFKC", text)).strip().lower()
    return text.removeprefix("@")


def normal(name: str, platform: str | None, *, strict: bool = False) -> str:
    """A handle as a platform compares it: case-blind, its suffixes off, the characters it ignores out."""
    name = fold(name, strict=strict)
    spec = get(platform) if platform else None
    if spec is None:
        return name
    for suffix in spec.handle_suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    for ch in spec.handle_ignore:
        name = name.replace(ch, "")
    return name


def account_of(platform: str, handle: str | None, host: str = "") -> Account | None:
    """The account a page belongs to, from its platform, the handle in its address and its host."""
    if not handle:
        return None
    handle = fold(handle, strict=True)
    instance = None
    spec = get(platform)
    if spec is not None and spec.handle_instance:
        user, _, server = handle.partition("@")
        handle, instance = user, (server or host.lower().removeprefix("www.") or None)
    return Account(platform, normal(handle, platform, strict=True), instance)


def site_of(url: str) -> str | None:
    """The site an account lives on, as its host (``www.`` off): an account on a site that shares its
    platform with other sites (the adult sites, every `sites_file` site) is one site's, never the group's."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host or None


# --- look-alike spellings ---------------------------------------------------------------------------
_BASE_LETTER = re.compile(r"^LATIN (?:SMALL|CAPITAL) LETTER (?:DOTLESS )?([A-Z])\b")


def skeleton(text: str) -> str:
    """What a handle looks like, whatever letters spell it: NFKC (fullwidth Ｍ is M), Unicode's
    confusables (Cyrillic а, Greek ο, ℓ), accents and strokes off (ł is l, é is e), lower case.
    Two handles with one skeleton read the same to a person."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isascii():
            out.append(ch)
            continue
        from confusable_homoglyphs import confusables  # lazy: its tables take 40 ms; most handles are ASCII

        found = confusables.is_confusable(ch, greedy=True, preferred_aliases=[])
        ascii_twin = next((h["c"] for item in found or [] for h in item["homoglyphs"]
                           if h["c"].isascii() and h["c"].isalnum()), None) if found else None
        if ascii_twin:
            out.append(ascii_twin)
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if bare.isascii():
            out.append(bare)
            continue
        match = _BASE_LETTER.match(unicodedata.name(ch, ""))
        out.append(match.group(1) if match else ch)
    return "".join(out).lower().removeprefix("@")


def disguised(found: str, own: str) -> bool:
    """True when ``found`` is spelled differently from ``own`` but looks the same (look-alike,
    accented or fullwidth letters): a sign that an account is copying hers, never that it is hers."""
    plain_found, plain_own = fold(found, strict=True), fold(own, strict=True)
    return plain_found != plain_own and skeleton(plain_found) == skeleton(plain_own)


def parse_handle(text: str) -> Handle:
    """Read one `handles` entry; a ValueError says in plain words what is wrong with it.

    Accepted: a bare handle ("MsWhitfieldTeach", "@MsWhitfieldTeach"), a Mastodon address
    ("@jo@mastodon.online"), a platform-qualified handle ("instagram:jo.whitfield"), a Bluesky handle
    ("jo.bsky.social") or a profile address ("https://www.tiktok.com/@jo").
    """
    written = text
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        raise ValueError("is empty: write a handle such as \"MsWhitfieldTeach\", or remove the entry")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"has a space inside ({written!r}): a handle is one word, like \"MsWhitfieldTeach\"")
    if value.strip("@") == "":
        raise ValueError(f"is only {value!r}: write the handle after the @, like \"@MsWhitfieldTeach\"")
    if "://" in value or re.match(r"^(?:www\.)?[\w\-]+(?:\.[\w\-]+)+/", value):
        return _from_url(value, written)
    if value.startswith("@") and value.count("@") == 2:  # @jo@mastodon.online
        user, _, server = value[1:].partition("@")
        _check(user, "mastodon", written)
        if not re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)+", server):
            raise ValueError(f"has no server name after the second @ ({written!r}); write it like \"@jo@mastodon.online\"")
        return Handle(fold(user), "mastodon", server.lower(), written)
    prefix, colon, rest = value.partition(":")
    if colon:
        platform = by_name(prefix)
        if platform is None or not platform.social:
            known = ", ".join(sorted(p.code for p in table().values() if p.social))
            raise ValueError(f"names {prefix!r}, which is not a platform repwatch knows (choose from {known})")
        rest = rest.strip()
        if not rest.strip("@"):
            raise ValueError(f"has no handle after {prefix}: (write it like \"{platform.code}:jo.whitfield\")")
        if platform.handle_instance and rest.lstrip("@").count("@") == 1:
            user, _, server = rest.lstrip("@").partition("@")
            _check(user, platform.code, written)
            return Handle(fold(user), platform.code, server.lower(), written)
        _check(rest.lstrip("@"), platform.code, written)
        return Handle(normal(rest, platform.code), platform.code, None, written)
    bare = value.lstrip("@")
    if "@" in bare:
        raise ValueError(f"is not a handle ({written!r}): an email address is not an account name")
    if not _BARE.fullmatch(bare):
        raise ValueError(f"is not a handle ({written!r}): use only letters, numbers, _ . and -")
    bluesky = get("bluesky")
    if bluesky is not None and any(fold(bare).endswith(s) for s in bluesky.handle_suffixes):
        return Handle(normal(bare, "bluesky"), "bluesky", None, written)
    return Handle(fold(bare), None, None, written)


def _check(handle: str, platform: str, written: str) -> None:
    spec = get(platform)
    pattern = spec.handle_pattern if spec else None
    if not handle or (pattern is not None and not pattern.fullmatch(handle)):
        label = spec.label if spec else platform
        raise ValueError(f"is not a {label} handle ({written!r})")


def _from_url(value: str, written: str) -> Handle:
    url = value if "://" in value else "https://" + value
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"is not a web address repwatch can read ({written!r})")
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    path = parts.path.rstrip("/") or "/"
    code = platform_for_host(host)
    if code is None:
        match = _MASTODON_PATH.match(path)
        if match:  # any server with the /@user shape is taken as Mastodon
            return Handle(fold(match["handle"]), "mastodon", (match["instance"] or host).lower(), written)
        raise ValueError(
            f"is the address of a site repwatch does not know as a social platform ({host}); "
            "write the handle on its own, or as platform:handle"
        )
    spec: Platform = table()[code]
    if not spec.social:
        raise ValueError(f"is an address on {host}, which is not a social platform")
    for shape, pattern in spec.shapes:
        if shape != "account":
            continue
        match = pattern.search(path)
        if not match:
            continue
        handle = match.groupdict().get("handle")
        if code == "facebook" and handle is None:
            handle = dict(parse_qsl(parts.query)).get("id")
        if handle:
            account = account_of(code, handle, host)
            assert account is not None
            instance = account.instance if spec.handle_instance else None
            return Handle(account.name, code, instance, written)
    raise ValueError(f"is not the address of an account on {spec.label} ({written!r}); open your profile and copy its address")
