"""One key per page: the canonical form of a URL, its registered domain and its platform.

The same page reached from two providers, two queries or with tracking parameters must be one
mention. tldextract uses only its bundled public-suffix snapshot: it never fetches a list.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_",)


@lru_cache(maxsize=1)
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING_PREFIXES)]
    return urlunsplit((scheme, host + port, path, urlencode(sorted(query)), ""))


def registered_domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    ext = _extractor()(host)
    return ext.top_domain_under_public_suffix or host


def platform_of(url: str, kind: str = "web") -> str:
    domain = registered_domain(url)
    known = {
        "facebook.com": "facebook",
        "instagram.com": "instagram",
        "twitter.com": "x",
        "x.com": "x",
        "tiktok.com": "tiktok",
        "youtube.com": "youtube",
        "linkedin.com": "linkedin",
        "reddit.com": "reddit",
        "bsky.app": "bluesky",
    }
    if domain in known:
        return known[domain]
    return "news" if kind == "news" else "web"
