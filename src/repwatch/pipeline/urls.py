"""One key per page: the canonical form of a URL, its registered domain and its platform.

The same page reached from two providers, two queries, a phone or with tracking parameters must be
one mention: a digest that repeats itself teaches its reader to skim, and then the one impersonating
account is missed. The public suffix list is publicsuffixlist's own bundled copy: nothing is ever
fetched, and it needs no HTTP library (tldextract pulled `requests` into every search's start-up).

canonical_url runs on every result, so the common case (plain ASCII URL) avoids w3lib's full
canonicaliser and results are memoised; w3lib handles percent-encoding and non-ASCII URLs.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from repwatch.platforms import get as get_platform
from repwatch.platforms import platform_for_host
from repwatch.platforms import table as platform_table

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# Parameters that say how someone arrived, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "li_fat_id", "mc_cid", "mc_eid", "igshid", "igsh", "si", "ref_src", "ref_url", "ref", "referrer",
        "mibextid", "rdid", "share_url", "__tn__", "_rdr", "_rdc", "refsrc", "hc_ref", "hc_location",
        "fref", "is_from_webapp", "sender_device", "ocid", "cmpid", "icid", "ito", "int_source",
        "int_medium", "int_campaign", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "vero_conv", "oly_anon_id", "oly_enc_id",
        "rb_clickid", "s_cid", "trk", "trackingid", "lipi", "original_referer", "amp", "amp_js_v",
        "amp_gsa", "usqp", "outputtype", "_amp", "guccounter", "guce_referrer", "guce_referrer_sig",
        "wt.mc_id", "dicbo", "xtor", "sr_share", "smid", "cmp", "at_medium", "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__cft__", "__xts__", "at_custom", "stm_")
# Host prefixes that are the same site on another device or format, on any site …
MIRROR_PREFIXES = ("www.", "m.", "mobile.", "amp.")
# … and on the platforms that use these ones (mbasic.facebook.com, old.reddit.com, i.reddit.com).
PLATFORM_MIRRORS = ("mbasic.", "touch.", "web.", "old.", "new.", "np.", "i.", "www.", "m.", "mobile.")
HOST_ALIASES = {
    "twitter.com": "x.com",
    "threads.net": "threads.com",
    "fb.com": "facebook.com",
    "youtube-nocookie.com": "youtube.com",
    "instagr.am": "instagram.com",
    "redd.it": "reddit.com",
}
_SOCIAL = frozenset({"facebook", "reddit", "x", "instagram", "youtube", "tiktok", "linkedin", "threads"})
_AMP_SUFFIX = re.compile(r"(?:[./]amp|/amp\.html)$", re.IGNORECASE)
_SPACE_BEFORE_QUERY = re.compile(r"\s+(?=[?#])")
_SAFE = re.compile(r"^[\x21-\x7e]*$")  # printable ASCII without spaces
_LINKEDIN_COUNTRY = re.compile(r"^[a-z]{2}\.linkedin\.com$")
_REDDIT_POST = re.compile(r"^(/r/[^/]+)?/comments/([a-z0-9]+)(?:/[^/]*(?:/([a-z0-9]+))?)?", re.IGNORECASE)
_YOUTUBE_VIDEO_PATH = re.compile(r"^/(?:shorts|embed|live|v)/([\w-]{6,})", re.IGNORECASE)
_LOWER_FIRST_SEGMENT = frozenset({"x", "instagram", "facebook", "tiktok", "threads", "youtube", "snapchat"})


@lru_cache(maxsize=1)
def _extractor() -> PublicSuffixList:
    """Built once from the package's bundled list (it never fetches one).

    Private suffixes count, so jo.blogspot.com is a site of its own: dismissing one person's blog must
    not silence every blog on the host. An unknown ending is not taken for a suffix: the whole host
    is then the site. Its rules are read as written, not also punycoded (that took two thirds of the
    list's 35 ms load): a punycoded host is looked up by its Unicode spelling instead (``_registered``).
    """
    from publicsuffixlist import PublicSuffixList  # lazy: `show` and `blocked` read shapes, not domains

    return PublicSuffixList(only_icann=False, accept_unknown=False, accept_encoded_idn=False)


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The key for a page: https, bare host, no tracking, no fragment, stable parameter order."""
    url = url.strip()
    if "://" not in url[:12]:
        url = "https://" + url.lstrip("/")
    if not _SAFE.match(url) or "%" in url:
        url = _SPACE_BEFORE_QUERY.sub("", url)  # "page ?x" from a sloppy copy is "page?x"
        from w3lib.url import canonicalize_url  # lazy: it loads http.client, email and ssl; few pages need it

        with contextlib.suppress(ValueError, UnicodeError):
            for _ in range(4):  # until it stands: decoding "%%61" leaves "%a", which the next pass changes
                again = canonicalize_url(url, keep_fragments=True)
                if again == url:
                    break
                url = again
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    path, query, fragment = parts.path, parts.query, parts.fragment
    if fragment.startswith("!/"):  # old #! URLs put the real path in the fragment
        path, _, query = fragment[1:].partition("?")
    host = _host(parts)
    host, path, query = _unwrap(host, path, query)
    host, path, query = _special(host, path, query)
    path = _strip_amp(path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    port = _port(parts)
    return urlunsplit(("https", host + port, path, _clean_query(host, query), ""))


def _host(parts: SplitResult) -> str:
    try:
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        host = ""
    changed = True
    while changed:
        changed = False
        for prefix in MIRROR_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                changed = True
    head, _, rest = host.partition(".")
    if f"{head}." in PLATFORM_MIRRORS and rest.count(".") and platform_for_host(rest) in _SOCIAL:
        host = rest
    if _LINKEDIN_COUNTRY.match(host):
        host = "linkedin.com"
    return HOST_ALIASES.get(host, host)


def _port(parts: SplitResult) -> str:
    try:
        port = parts.port
    except ValueError:
        return ""
    return f":{port}" if port and port not in (80, 443) else ""


def _unwrap(host: str, path: str, query: str) -> tuple[str, str, str]:
    """Redirectors and AMP caches wrap the real address: key on the page, not on the wrapper."""
    target = None
    if host.endswith(".cdn.ampproject.org"):
        match = re.match(r"^/[a-z](?:/s)?/(.+)$", path)
        if match:
            target = "https://" + match.group(1) + (f"?{query}" if query else "")
    elif host in ("google.com", "google.co.uk") and path.startswith("/amp/s/"):
        target = "https://" + path[len("/amp/s/") :]
    elif (host in ("google.com", "google.co.uk") and path == "/url") or (
        host in ("l.facebook.com", "lm.facebook.com") and path == "/l.php"
    ):
        params = dict(parse_qsl(query))
        target = params.get("q") or params.get("url") or params.get("u")
    if target and target.startswith(("http://", "https://")) and target != f"https://{host}{path}":
        inner = urlsplit(canonical_url(target))
        return inner.hostname or "", inner.path, inner.query
    return host, path, query


def _special(host: str, path: str, query: str) -> tuple[str, str, str]:
    """Platform rules: one video has one address, handles are case-blind, post slugs are optional."""
    if host == "youtu.be" and len(path) > 1:
        return "youtube.com", "/watch", "v=" + path[1:].split("/")[0]
    code = platform_for_host(host)
    if code == "youtube":
        match = _YOUTUBE_VIDEO_PATH.match(path)
        if match:
            return host, "/watch", "v=" + match.group(1)
    if code == "reddit":
        match = _REDDIT_POST.match(path)
        if match:
            sub, post, comment = match.groups()
            path = f"{(sub or '').lower()}/comments/{post.lower()}"
            if comment:
                path += f"/_/{comment.lower()}"
            return host, path, query
        return host, path.lower(), query
    if code == "instagram":
        path = re.sub(r"^/[\w.]+/(p|reel)/", r"/\1/", path)
        path = re.sub(r"^/reels/", "/reel/", path)
    if code == "x":
        path = re.sub(r"^(/\w+/status)es/", r"\1/", path)
        path = re.sub(r"^(/\w+/status/\d+)/(?:photo|video|analytics|likes|retweets|quotes).*$", r"\1", path)
    if code == "linkedin" and path.lower().startswith("/in/"):
        return host, unquote(path).lower(), query
    if code in _LOWER_FIRST_SEGMENT and path.count("/") >= 1:
        first, sep, rest = path[1:].partition("/")
        if code != "instagram" or first.lower() not in ("p", "reel", "tv"):
            path = "/" + first.lower() + sep + rest
    if code in ("bluesky", "mastodon"):
        path = re.sub(r"^/(profile/|@)([^/]+)", lambda m: f"/{m.group(1)}{m.group(2).lower()}", path)
    return host, path, query


def _strip_amp(path: str) -> str:
    """Every AMP marker, however many: "/0/amp/amp" is "/0", so canonical_url is idempotent."""
    while True:
        stripped = path[4:] if path.lower().startswith("/amp/") else path
        stripped = _AMP_SUFFIX.sub("", stripped)
        if stripped == path:
            return path
        path = stripped


def _clean_query(host: str, query: str) -> str:
    if not query:
        return ""
    code = platform_for_host(host)
    keep = None
    if code:
        platform = get_platform(code)
        keep = platform.keep_params if platform else None
    pairs = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        low = key.lower()
        if keep is not None:
            if key in keep:
                pairs.append((key, value))
        elif low not in TRACKING_PARAMS and not low.startswith(TRACKING_PREFIXES):
            pairs.append((key, value))
    if host.endswith(".blogspot.com"):
        pairs = [(k, v) for k, v in pairs if k != "m"]  # ?m=1 is Blogger's mobile view
    if code == "youtube" and any(k == "v" for k, _ in pairs):
        pairs = [(k, v) for k, v in pairs if k == "v"]
    return urlencode(sorted(pairs))


@lru_cache(maxsize=16384)
def _registered(host: str) -> str:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host  # an address has no registered domain: it is its own site
    except ValueError:
        pass
    host = host.lower()
    spelt = host
    if "xn--" in host:
        with contextlib.suppress(UnicodeError):
            spelt = host.encode("ascii").decode("idna")
    found = _extractor().privatesuffix(spelt)
    if not found:
        return host
    return ".".join(host.split(".")[-(found.count(".") + 1):])  # as many labels, spelt as the host was


def registered_domain(url: str) -> str:
    """The site a page belongs to (bbc.co.uk, staidans.liverpool.sch.uk), the unit of `dismiss --domain`."""
    try:
        host = urlsplit(canonical_url(url)).hostname or ""
    except ValueError:
        return ""
    return _registered(host)


_MASTODON_SHAPE = re.compile(r"^/@(?P<handle>[\w.]+)(?:/(?P<post>\d+))?$")


@dataclass(frozen=True)
class Shape:
    """What a URL is: its platform, its kind, whose account it belongs to, and if it is a photo."""

    platform: str
    kind: str
    handle: str | None = None
    photo: bool = False


def _mastodon_excluded(host: str) -> bool:
    excluded = platform_table()["mastodon"].shape_hosts_excluded
    parts = host.split(".")
    return any(".".join(parts[i:]) in excluded for i in range(len(parts) - 1))


def shape_of(url: str, kind: str = "web") -> Shape:
    """Decide the platform and refine the kind from the URL's shape; the provider's kind is the fallback."""
    parts = urlsplit(canonical_url(url))
    host, path = parts.hostname or "", _readable(parts.path or "/")
    code = platform_for_host(host)
    if code is None:
        match = _MASTODON_SHAPE.match(path)
        if match and not _mastodon_excluded(host):
            return Shape("mastodon", "post" if match["post"] else "account", match["handle"].lower())
        return Shape("news" if kind == "news" else "web", kind)
    platform = platform_table()[code]
    for shape, pattern in platform.shapes:
        match = pattern.search(path)
        if match:
            handle = match.groupdict().get("handle")
            if code == "facebook" and handle is None and path == "/profile.php":
                handle = _query_value(parts.query, "id")
            new_kind = "image" if kind == "image" else ("post" if shape == "photo" else shape)
            return Shape(code, new_kind, handle.lower() if handle else None, photo=shape == "photo")
    if code == "news" and kind == "web":
        return Shape(code, "news")
    return Shape(code, kind)


def _readable(path: str) -> str:
    """The path as its letters read, for finding a handle in it: the key keeps non-ASCII letters
    percent-encoded, and a handle spelled with look-alike or fullwidth letters (MsWhitfie%C5%82d) must
    still be read as a handle, to be compared with hers. An encoded slash stays encoded."""
    if "%" not in path:
        return path
    readable = unquote(path)
    return readable if readable.count("/") == path.count("/") else path


def _query_value(query: str, name: str) -> str | None:
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == name:
            return value
    return None


def classify(url: str, kind: str = "web") -> tuple[str, str]:
    """(platform, kind): facebook.com/some.name is an account, x.com/u/status/1 a post, and so on."""
    shape = shape_of(url, kind)
    return shape.platform, shape.kind
