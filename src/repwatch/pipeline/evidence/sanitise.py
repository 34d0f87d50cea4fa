"""The evidence copy made safe to draw: what Chromium is given to take a screenshot of.

The saved, hashed snapshot is never changed; this makes a separate copy for the browser.
"""

from __future__ import annotations

import re
from html import escape

from bs4 import BeautifulSoup

_CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
    "connect-src 'none'; form-action 'none'; media-src 'none'; "
    "img-src http: https: data: file:; style-src http: https: 'unsafe-inline'; font-src http: https: data:"
)


def render_copy(body: bytes, base_url: str) -> bytes:
    """The snapshot made safe to draw: scripts, frames, plugins, refreshes and handlers removed; a
    Content-Security-Policy forbidding scripts on top (Chromium also runs with scripts disabled);
    a <base> so the page's own images and styles resolve. The saved, hashed snapshot is untouched."""
    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.find_all(["script", "noscript", "iframe", "frame", "frameset", "object", "embed",
                              "applet", "base", "portal", "template"]):
        tag.decompose()
    for tag in soup.find_all("meta"):
        if (tag.get("http-equiv") or "").lower() in ("refresh", "content-security-policy", "set-cookie"):
            tag.decompose()
    for tag in soup.find_all(True):
        for attr in list(tag.attrs):
            value = tag.attrs[attr]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on") or re.match(r"\s*(javascript|vbscript):", text, re.IGNORECASE):
                del tag.attrs[attr]
    head = soup.head
    if head is None:
        head = soup.new_tag("head")
        (soup.html or soup).insert(0, head)
    csp = soup.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy", "content": _CSP})
    base = soup.new_tag("base", href=base_url if re.match(r"^https?://", base_url) else "about:blank")
    head.insert(0, base)
    head.insert(0, csp)
    charset = soup.new_tag("meta", charset="utf-8")
    head.insert(0, charset)
    return str(soup).encode("utf-8")


def page_for(body: bytes, media: str, base_url: str) -> tuple[bytes | None, str | None]:
    """(html, None) to draw for a fetched text or HTML body of this media type, or (None, why not)."""
    if media in ("text/html", "application/xhtml+xml", "") or media.startswith("text/"):
        if media.startswith("text/") and media != "text/html":
            text = body.decode("utf-8", "replace")
            return (
                '<!doctype html><meta charset="utf-8"><pre style="white-space:pre-wrap">'
                + escape(text)
                + "</pre>"
            ).encode(), None
        return render_copy(body, base_url), None
    return None, f"the page is {media}, which repwatch does not draw; the file itself is kept"
