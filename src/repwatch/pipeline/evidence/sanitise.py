"""The evidence copy rewritten so that drawing it can load nothing and go nowhere.

The saved, hashed snapshot is never changed; this makes a separate copy for the browser. It is
parsed as Chromium parses it (an HTML5 parser, html5lib), so markup hidden where another parser
would not look (inside ``<svg><style>``, after ``<!-->``) is found. Then everything that could
make a request or move the tab is removed: scripts, frames, plugins, every ``<meta>`` and
``<link>``, every address in an attribute (``src``, ``srcset``, ``href`` other than a plain link,
``poster``, ``xlink:href``, ``url(…)`` in SVG paint, …), ``url()``/``@import`` in styles, and
SMIL animations that could change an address. The result is parsed and cleaned again until it no
longer changes, so a serialisation that re-parses differently cannot bring anything back. A
Content-Security-Policy forbidding every load except inline styles and ``data:`` images goes on
top. The browser (:mod:`repwatch.adapters.browser`) is the last layer: it fails any request
that is still attempted.
"""

from __future__ import annotations

import base64
import re
from html import escape

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction

CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
    "connect-src 'none'; form-action 'none'; media-src 'none'; base-uri 'none'; manifest-src 'none'; "
    "img-src data:; style-src 'unsafe-inline'; font-src data:"
)
_HEAD = (
    '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="' + escape(CSP, quote=False) + '">'
)

# elements removed with everything inside them
_DROP = {
    "script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
    "template", "meta", "link", "audio", "video", "source", "track", "picture", "param", "dialog",
    # SVG: animations can rewrite an address after the clean-up; these load other documents
    "animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard", "feimage",
    "use", "image", "handler", "listener", "tbreak", "foreignobject",
}
_LINK = re.compile(r"^\s*https?://", re.IGNORECASE)
_CSS_LOADS = re.compile(r"url\s*\(|@import|image-set\s*\(|image\s*\(|expression\s*\(|\\|-moz-binding|behavior",
                        re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^\s*data:image/(png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]*$", re.IGNORECASE)
_MAX_PASSES = 4


def _clean_style(text: str) -> str:
    """CSS with nothing that loads: a rule set that names an address is dropped whole."""
    if not _CSS_LOADS.search(text):
        return text
    return "/* removed by repwatch: this style loaded other files */"


def _clean(soup: BeautifulSoup) -> None:
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype, ProcessingInstruction))):
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        name = (tag.name or "").lower().split(":")[-1]
        if name in _DROP:
            tag.decompose()
            continue
        if name == "style":
            if tag.namespace and "svg" in tag.namespace or tag.find_parent(["svg", "math"]):
                tag.decompose()  # foreign-content styles parse as markup: their text can become tags
                continue
            text = _clean_style("".join(str(c) for c in tag.contents if isinstance(c, NavigableString)))
            tag.clear()
            tag.append(NavigableString(text))
        for attr in list(tag.attrs):
            value = tag.attrs[attr]
            text = " ".join(value) if isinstance(value, list) else str(value)
            key = attr.lower().split(":")[-1]
            keep = True
            if key.startswith("on") or key in ("srcset", "imagesrcset", "ping", "formaction", "action",
                                                 "background", "poster", "data", "codebase", "manifest",
                                                 "archive", "longdesc", "lowsrc", "dynsrc", "usemap",
                                                 "http-equiv", "xmlns", "is"):
                keep = False
            elif key == "href":
                keep = name == "a" and bool(_LINK.match(text)) and "xlink" not in attr.lower()
            elif key == "src":
                keep = name == "img" and bool(_DATA_IMAGE.match(text))
            elif key == "style":
                keep = not _CSS_LOADS.search(text)
            elif "url(" in re.sub(r"\s+", "", text.lower()) or re.match(r"\s*(javascript|vbscript|file):", text,
                                                                         re.IGNORECASE):
                keep = False
            if not keep:
                del tag.attrs[attr]


def _once(html: bytes | str) -> str:
    soup = BeautifulSoup(html, "html5lib")
    _clean(soup)
    body = soup.body
    head = soup.head
    inner_head = "".join(str(c) for c in head.contents) if head else ""
    inner_body = "".join(str(c) for c in body.contents) if body else ""
    body_attrs = "".join(f' {k}="{escape(" ".join(v) if isinstance(v, list) else str(v))}"'
                         for k, v in (body.attrs.items() if body else []))
    return f"<!doctype html><html><head>{_HEAD}{inner_head}</head><body{body_attrs}>{inner_body}</body></html>"


def render_copy(body: bytes, base_url: str | None = None) -> bytes:
    """The snapshot rewritten so it can load nothing and never navigate (see the module's note).

    ``base_url`` is no longer used (nothing is resolved against the live site); it is accepted so
    callers written for the earlier signature keep working.
    """
    text = _once(body)
    for _ in range(_MAX_PASSES):
        again = _once(text)
        if again == text:
            break
        text = again
    else:
        return _text_page("repwatch could not make a safe copy of this page to draw; the saved file is kept.")
    return text.encode("utf-8")


def _text_page(text: str) -> bytes:
    return (
        f'<!doctype html><html><head>{_HEAD}</head><body><pre style="white-space:pre-wrap">'
        + escape(text)
        + "</pre></body></html>"
    ).encode("utf-8")


def page_for(body: bytes, media: str) -> tuple[bytes | None, str | None]:
    """(html, None) to draw for a fetched body of this media type, or (None, why not)."""
    if media.startswith("image/") and media != "image/svg+xml":
        if not re.fullmatch(r"image/(png|jpeg|jpg|gif|webp|avif|bmp)", media):
            return None, f"the page is {media}, which repwatch does not draw; the file itself is kept"
        uri = f"data:{media};base64,{base64.b64encode(body).decode('ascii')}"
        return (
            f'<!doctype html><html><head>{_HEAD}</head><body style="margin:0">'
            f'<img src="{uri}" style="max-width:100%"></body></html>'
        ).encode(), None
    if media in ("text/html", "application/xhtml+xml", ""):
        return render_copy(body), None
    if media.startswith("text/"):
        return _text_page(body.decode("utf-8", "replace")), None
    return None, f"the page is {media}, which repwatch does not draw; the file itself is kept"
