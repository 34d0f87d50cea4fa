"""The sites the accounts watch checks, and how each one says "this username exists".

Rules are in the WhatsMyName format (https://github.com/WebBreacher/WhatsMyName): ``uri_check`` with
``{account}``, and ``e_code``/``e_string`` (the answer when the account exists) and
``m_code``/``m_string`` (when it does not). The built-in table, ``data/accounts_sites.json``, holds
the platforms UK pupils and parents use, each rule dated; a ``sites_file`` in the same format adds
sites, or replaces the table with ``platforms = []``. A broken file is a config error naming the file
and the site's position, never a crash in the middle of a run.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from repwatch.datafiles import packaged_stamped
from repwatch.errors import ConfigError
from repwatch.platforms import platform_for_host
from repwatch.text import clean, scrub

if TYPE_CHECKING:
    import regex

MAX_SITES_FILE = 20_000_000  # WhatsMyName's own file is about 0.5 MB
MAX_SITES = 10_000  # WhatsMyName has about 700
MAX_DEPTH = 8  # a site is an object of text, numbers, lists and one level of headers
MAX_TEXT = 5_000  # one field of one site
MAX_REGEX = 500  # characters of a regex_check
REGEX_TIMEOUT_S = 0.1  # one username against one regex_check (the `regex` engine's timeout)
# usernames a regex_check is tried on when its file is read: a pattern that backtracks on them
# (catastrophically) is refused then, not found out in the middle of a run
_REGEX_TRIALS = ("a" * 40 + "!", "a" * 64, "a1_." * 16 + "!", "0" * 40 + "a", "aA-" * 20 + " ")


@dataclass(frozen=True)
class Site:
    """One site's rule. ``platform`` keys the guide's reporting links; ``login_required`` sites are
    never checked: the digest tells the person to look there themselves, with ``check_yourself``."""

    name: str
    uri_check: str
    e_code: int
    e_string: str
    m_code: int
    m_string: str
    uri_pretty: str | None = None
    post_body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    strip_bad_char: str = ""
    regex_check: str | None = None
    known: tuple[str, ...] = ()
    category: str = ""
    platform: str = "web"
    login_required: bool = False
    check_yourself: str | None = None  # a search page; {name} is the person's name, {account} a username
    read_pretty: bool = False  # the found account's display name and bio are on the uri_pretty page
    checked: str | None = None  # when this rule was last researched (YYYY-MM-DD)
    checked_against: str | None = None  # the upstream commits it was compared with
    source: str | None = None
    note: str | None = None
    lowercase: bool = False  # the site's usernames are lower case: candidates are lower-cased first
    unreliable: str | None = None  # why upstream lists flag the site (login walls, cloud addresses)
    unverifiable: str | None = None  # why the site has no known account for the known-account control
    protection: tuple[str, ...] = ()  # WhatsMyName's protection tags (cloudflare, cloudfront, …)
    vetted: bool = False  # from the stamped built-in table: its regex_check is matched with `re` (see same_in_re)

    def username(self, candidate: str) -> str | None:
        """The candidate as this site would spell it, or None when the site cannot have such a name."""
        name = candidate.lower() if self.lowercase else candidate
        for ch in self.strip_bad_char:
            name = name.replace(ch, "")
        if not name:
            return None
        if self.regex_check and not (_re_fullmatch(self.regex_check, name) if self.vetted
                                     else regex_fullmatch(self.regex_check, name)):
            return None
        return name

    def check_url(self, username: str) -> str:
        return self.uri_check.replace("{account}", quote(username, safe="@._-"))

    def body(self, username: str) -> str | None:
        if self.post_body is None:
            return None
        return self.post_body.replace("{account}", json.dumps(username)[1:-1])

    def profile_url(self, username: str) -> str:
        """The address a person opens to see the account (uri_pretty when the check is an API)."""
        template = self.uri_pretty or self.uri_check
        return template.replace("{account}", quote(username, safe="@._-"))

    def yourself_url(self, name: str, username: str = "") -> str | None:
        if not self.check_yourself:
            return None
        return self.check_yourself.replace("{name}", quote(name)).replace("{account}", quote(username))

    @property
    def key(self) -> str:
        """How ``platforms`` and the store name this site: its name, folded."""
        return self.name.casefold()


def regex_fullmatch(pattern: str, text: str) -> bool:
    """``pattern`` matches all of ``text``, under a time limit (the `regex` engine's timeout), so a
    pattern that backtracks without end costs a tenth of a second, never the run: it is no match."""
    try:
        return _compiled(pattern).fullmatch(text, timeout=REGEX_TIMEOUT_S) is not None
    except TimeoutError:
        return False


def _re_fullmatch(pattern: str, text: str) -> bool:
    """A vetted pattern (the stamped built-in table's: see ``same_in_re``) matched by Python's own
    engine, which costs a listing nothing to load, where the `regex` engine is about 15 ms of imports."""
    compiled = _re_compiled(pattern)
    if compiled is None:
        return regex_fullmatch(pattern, text)
    return compiled.fullmatch(text) is not None


@lru_cache(maxsize=256)
def _re_compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:  # written for the `regex` engine alone
        return None


# usernames a vetted pattern must answer the same in both engines (with the trials above)
_SAME_TRIALS = ("jwhitfield", "j_whitfield", "j.whitfield", "jo-whitfield", "JoWhitfield", "_jw", "jw_", ".jw",
                "j", "jw", "a" * 15, "a" * 16, "a" * 30, "a" * 31, "ab1", "1ab", "joanna.whitfield.teacher",
                "jöwhitfield", "j w", "jw!", "")


def same_in_re(pattern: str) -> bool:
    """Whether Python's `re` reads ``pattern`` as the `regex` engine does: it compiles, and both answer
    the same on usernames of every shape (checked before the built-in table is stamped, so that its
    patterns are matched with `re` at each listing; tests/commands_doc.py)."""
    compiled = _re_compiled(pattern)
    if compiled is None:
        return False
    return all((compiled.fullmatch(t) is not None) == regex_fullmatch(pattern, t) for t in _REGEX_TRIALS + _SAME_TRIALS)


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> regex.Pattern[str]:
    import regex  # lazy: 15 ms that only the accounts watch and its commands need

    return regex.compile(pattern)


# --- reading a table -----------------------------------------------------------------------------
def _where(file: str | Path, position: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    named = f" ({name!r})" if isinstance(name, str) and name.strip() else ""
    return f"{file}: site {position}{named}"


def _int(raw: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        if value is None:
            raise ConfigError(f"{where} has no {key} (the HTTP status code of that answer).")
        raise ConfigError(f"{where}: {key} should be an HTTP status code like 200 or 404 (got {value!r}).")
    return value


def _text(raw: dict[str, Any], key: str, where: str, default: str | None = "") -> str | None:
    value = raw.get(key, default)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ConfigError(f"{where}: {key} is longer than {MAX_TEXT:,} characters.")
    if value is None or isinstance(value, str):
        return value
    raise ConfigError(f"{where}: {key} should be text in quotes (got {value!r}).")


def parse_site(raw: Any, file: str | Path, position: int, *, regex_checked: bool = False) -> Site:
    """One entry of ``sites[]``; ``position`` counts from 1, as a person counts. ``regex_checked``: its
    regex_check was tried when the file was stamped (the packaged table, unchanged), so it is not
    tried again here (the trials load the `regex` engine: about 10 ms of every `repwatch accounts`), and
    it is matched with Python's `re`, which was found to read it the same (``same_in_re``)."""
    where = _where(file, position, raw)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} should be an object with name, uri_check, e_code, e_string, m_code, m_string.")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where} has no name.")
    uri = raw.get("uri_check")
    if not isinstance(uri, str) or not uri.strip():
        raise ConfigError(f"{where} has no uri_check (the address to check a username at).")
    if not re.match(r"^https?://[^/\s]+", uri, re.IGNORECASE):
        raise ConfigError(f"{where}: uri_check should be an http:// or https:// address (got {uri!r}).")
    post_body = _text(raw, "post_body", where, None)
    if "{account}" not in uri and "{account}" not in (post_body or ""):
        raise ConfigError(f"{where}: uri_check has no {{account}}, where the username goes.")
    pretty = _text(raw, "uri_pretty", where, None)
    if pretty is not None and not re.match(r"^https?://", pretty, re.IGNORECASE):
        raise ConfigError(f"{where}: uri_pretty should be an http:// or https:// address (got {pretty!r}).")
    headers = raw.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise ConfigError(f"{where}: headers should be an object of header names and text values.")
    pattern = _text(raw, "regex_check", where, None) or _text(raw, "regexCheck", where, None)
    if pattern is not None and not regex_checked:
        _check_regex(pattern, where)
    known = raw.get("known") or []
    if not isinstance(known, list) or not all(isinstance(k, str) for k in known):
        raise ConfigError(f"{where}: known should be a list of usernames in quotes.")
    yourself = _text(raw, "check_yourself", where, None)
    if yourself is not None and not re.match(r"^https?://", yourself, re.IGNORECASE):
        raise ConfigError(f"{where}: check_yourself should be an http:// or https:// address.")
    if len(name) > 200:
        raise ConfigError(f"{where}: the name is longer than 200 characters.")
    return Site(
        name=clean(name, 200),
        uri_check=uri.strip(),
        e_code=_int(raw, "e_code", where),
        e_string=_text(raw, "e_string", where) or "",
        m_code=_int(raw, "m_code", where),
        m_string=_text(raw, "m_string", where) or "",
        uri_pretty=pretty,
        post_body=post_body,
        headers=dict(headers),
        strip_bad_char=_text(raw, "strip_bad_char", where) or "",
        regex_check=pattern,
        known=tuple(known),
        category=str(raw.get("cat") or ""),
        platform=str(raw.get("platform") or _platform_guess(uri)),
        login_required=bool(raw.get("login_required", False)),
        check_yourself=yourself,
        read_pretty=bool(raw.get("read_pretty", False)),
        checked=_text(raw, "checked", where, None),
        checked_against=_text(raw, "checked_against", where, None),
        lowercase=bool(raw.get("lowercase", False)),
        unreliable=_text(raw, "unreliable", where, None),
        unverifiable=_text(raw, "unverifiable", where, None),
        protection=tuple(str(p) for p in raw.get("protection") or () if isinstance(p, str)),
        source=_text(raw, "source", where, None),
        note=_text(raw, "note", where, None),
        vetted=regex_checked,
    )


def _check_regex(pattern: str, where: str) -> None:
    """A regex_check that compiles, is not huge, and answers quickly on long usernames."""
    if len(pattern) > MAX_REGEX:
        raise ConfigError(f"{where}: regex_check is longer than {MAX_REGEX} characters.")
    import regex  # lazy: as in _compiled

    try:
        compiled = _compiled(pattern)
    except regex.error as exc:
        raise ConfigError(f"{where}: regex_check is not a valid regular expression ({exc}).") from exc
    for trial in _REGEX_TRIALS:
        try:
            compiled.fullmatch(trial, timeout=REGEX_TIMEOUT_S * 5)
        except TimeoutError:
            raise ConfigError(f"{where}: regex_check takes too long to check a username (it backtracks without "
                              "end on long names); simplify it.") from None


def _clean_tree(value: Any, file: str | Path, depth: int = 0) -> Any:
    """The parsed file with every text storable (a lone surrogate becomes U+FFFD, so a name from the
    file can never stop a digest) and its nesting bounded."""
    if depth > MAX_DEPTH:
        raise ConfigError(f"{file} is nested more than {MAX_DEPTH} levels deep; a sites file is a list of flat sites.")
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_clean_tree(v, file, depth + 1) for v in value]
    if isinstance(value, dict):
        return {scrub(str(k)): _clean_tree(v, file, depth + 1) for k, v in value.items()}
    return value


def _platform_guess(uri: str) -> str:
    """A site from someone else's list: its platform from its address, so reporting links still work."""
    host = urlsplit(uri.replace("{account}", "x")).hostname or ""
    return platform_for_host(host) or "web"


def parse_sites(text: str, file: str | Path) -> list[Site]:
    """A WhatsMyName-format document (``{"sites": [...]}``, or a bare list of sites)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{file} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from exc
    except RecursionError:
        raise ConfigError(f"{file} is nested too deeply to be a sites file.") from None
    return sites_from(data, file)


def sites_from(data: Any, file: str | Path, *, regex_checked: bool = False) -> list[Site]:
    """The sites of a WhatsMyName-format document once read, each checked (``file`` names it;
    ``regex_checked``: see ``parse_site``)."""
    data = _clean_tree(data, file)
    sites_raw = data.get("sites") if isinstance(data, dict) else data
    if not isinstance(sites_raw, list):
        raise ConfigError(f'{file} should hold {{"sites": [...]}}, a list of sites in the WhatsMyName format.')
    if len(sites_raw) > MAX_SITES:
        raise ConfigError(f"{file} has {len(sites_raw):,} sites; at most {MAX_SITES:,} are read.")
    sites = [parse_site(raw, file, i, regex_checked=regex_checked) for i, raw in enumerate(sites_raw, start=1)]
    seen: dict[str, int] = {}
    for i, site in enumerate(sites, start=1):
        if site.key in seen:
            raise ConfigError(f"{file}: site {i} ({site.name!r}) has the same name as site {seen[site.key]}.")
        seen[site.key] = i
    return sites


def load_sites_file(path: str | Path, relative_to: Path | None = None) -> list[Site]:
    file = Path(path).expanduser()
    if not file.is_absolute() and relative_to is not None:
        file = relative_to / file
    try:
        size = file.stat().st_size
        if size > MAX_SITES_FILE:
            raise ConfigError(f"The sites file {file} (accounts.sites_file) is larger than 20 MB.")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"The sites file {file} (accounts.sites_file) does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The sites file {file} (accounts.sites_file) could not be read ({exc.__class__.__name__}).") from exc
    return parse_sites(text, file)


TABLE = "accounts_sites.json"
TABLE_FILE = f"repwatch's data file data/{TABLE}"
TABLE_ENV = "REPWATCH_ACCOUNTS_TABLE"  # a table file to use instead of the built-in one (tests, maintainers)


def builtin_sites() -> tuple[Site, ...]:
    """The packaged table, or the file $REPWATCH_ACCOUNTS_TABLE names (the test suite points it at an
    empty table, so that no test ever reaches a real site)."""
    return _table(os.environ.get(TABLE_ENV) or None)


def table_model() -> Any:
    """The built-in table's model (pydantic), loaded only when the file must be checked (changed since
    ``data/checked.crc32`` was written): see ``repwatch.datafiles``."""
    from pydantic import BaseModel, ConfigDict  # lazy: a stamped table is read without it

    class _BuiltinSite(BaseModel):
        """One site of the built-in table: WhatsMyName's keys and repwatch's own, and no others. (A
        user's WhatsMyName file may carry keys of its own, which parse_site passes over.)"""

        model_config = ConfigDict(extra="forbid", frozen=True)
        name: str
        uri_check: str
        e_code: int
        e_string: str
        m_code: int
        m_string: str
        known: list[str] = []
        cat: str = ""
        platform: str | None = None
        uri_pretty: str | None = None
        post_body: str | None = None
        headers: dict[str, str] = {}
        regex_check: str | None = None
        strip_bad_char: str | None = None
        check_yourself: str | None = None
        login_required: bool = False
        lowercase: bool = False
        read_pretty: bool = False
        protection: list[str] = []
        checked: str | None = None
        checked_against: str | None = None
        source: str | None = None
        note: str | None = None
        unreliable: str | None = None
        unverifiable: str | None = None

    class _BuiltinTable(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        about: str
        checked: str
        license: str
        sites: list[_BuiltinSite]

    return _BuiltinTable


@lru_cache(maxsize=4)
def _table(path: str | None) -> tuple[Site, ...]:
    if path:
        return tuple(load_sites_file(path))
    # its keys and their kinds, read once; stamped only once every rule passed sites_from's checks,
    # its patterns' trials among them (tests/commands_doc.py): unchanged since, they are not tried again
    data, stamped = packaged_stamped(TABLE, table_model)
    return tuple(sites_from(data, TABLE_FILE, regex_checked=stamped))


def select_sites(platforms: list[str] | None, sites_file: str | None, relative_to: Path | None = None) -> list[Site]:
    """The sites a run checks: the built-in table (all, or those named in ``platforms``) and the file's.

    ``platforms`` names built-in sites by name ("Instagram") or platform ("instagram", "mastodon");
    an unknown one is a config error that lists the known ones. A file's site with a built-in's name
    replaces the built-in rule.
    """
    table = list(builtin_sites())
    if platforms is None:
        chosen = table
    else:
        wanted = [p.strip().casefold() for p in platforms if p.strip()]
        known = {s.key for s in table} | {s.platform for s in table}
        unknown = [p for p in wanted if p not in known]
        if unknown:
            names = ", ".join(sorted({s.platform for s in table}))
            raise ConfigError(
                f"accounts.platforms names {unknown[0]!r}, which is not in the built-in table "
                f"(choose from {names}, or a site's full name; add other sites with sites_file)."
            )
        chosen = [s for s in table if s.key in wanted or s.platform in wanted]
    extra = load_sites_file(sites_file, relative_to) if sites_file else []
    replaced = {s.key for s in extra}
    return [s for s in chosen if s.key not in replaced] + extra
