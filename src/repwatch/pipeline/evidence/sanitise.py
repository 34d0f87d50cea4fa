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

A hostile page can make the parse itself the attack (a few kilobytes of gzip that decode to 400,000
nested ``<div>``s, or megabytes of NULs): :func:`page_for_bounded` therefore runs it in a child
process with its own CPU, memory and wall-clock limits, and a page that exceeds them is simply not
drawn; the run goes on.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import subprocess
import sys
from html import escape

from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction

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


# --- the parse under a budget ----------------------------------------------------------------------
PARSE_MEMORY_BYTES = 1 << 30  # address space of the child that parses (Python itself needs ~100 MB)
PARSE_CPU_S = 20  # CPU seconds of that child
PARSE_CPU_ENV = "REPWATCH_EVIDENCE_PARSE_CPU"  # fewer CPU seconds (1 to 20): the test suite's hostile pages
PARSE_WALL_S = 45.0  # and its wall-clock time, for a machine busy with other work
MAX_COPY_BYTES = 48 * 1024 * 1024  # a copy to draw larger than this is not drawn
_EXIT_MEMORY, _EXIT_TOO_LARGE, _EXIT_DEPTH = 3, 4, 5
_CHILD = "from repwatch.pipeline.evidence.sanitise import _child; _child()"
TOO_COSTLY = ("the page is built so that making a safe copy of it to draw would take more than repwatch allows "
              "({}), so no screenshot was taken; the page itself is kept")


def parse_cpu_s() -> int:
    """The child's CPU seconds: :data:`PARSE_CPU_S`, or fewer where $REPWATCH_EVIDENCE_PARSE_CPU says
    so. The tests of hostile pages would otherwise spend the whole budget on each parse that is
    stopped; anything but a whole number from 1 up to the default leaves the default."""
    value = os.environ.get(PARSE_CPU_ENV, "").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= PARSE_CPU_S else PARSE_CPU_S


def page_for_bounded(body: bytes, media: str, *, memory: int = PARSE_MEMORY_BYTES, cpu_s: int | None = None,
                     wall_s: float = PARSE_WALL_S) -> tuple[bytes | None, str | None]:
    """:func:`page_for` in a child process limited in memory, CPU (``cpu_s``, else :func:`parse_cpu_s`)
    and time: (html, None), or (None, one sentence) when the page cannot be made safe to draw within
    those limits.

    The parse of a hostile page is the one step of a capture whose cost the page controls, so it
    must not be able to hold the run (and its lock) or take the computer's memory.
    """
    cpu_s = parse_cpu_s() if cpu_s is None else cpu_s
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, media, str(memory), str(cpu_s)], input=body,
            capture_output=True, timeout=wall_s, check=False,
        )
    except subprocess.TimeoutExpired:
        return None, TOO_COSTLY.format(f"{wall_s:.0f} seconds")
    except OSError as exc:
        return None, f"repwatch could not start the step that makes the page safe to draw ({exc.strerror})"
    if done.returncode == 0:
        if done.stdout.startswith(b"!"):
            return None, done.stdout[1:].decode("utf-8", "replace")
        return done.stdout, None
    if done.returncode == _EXIT_MEMORY:
        return None, TOO_COSTLY.format(f"{memory // (1 << 20):,} MB of memory")
    if done.returncode == _EXIT_TOO_LARGE:
        return None, TOO_COSTLY.format(f"a copy of {MAX_COPY_BYTES // (1 << 20)} MB")
    if done.returncode == _EXIT_DEPTH:
        return None, TOO_COSTLY.format("nesting that deep")
    return None, TOO_COSTLY.format(f"{cpu_s} seconds of work")


def _limit(memory: int, cpu_s: int) -> None:
    """This process's own limits: memory, CPU seconds (then SIGXCPU, then SIGKILL), no files written."""
    try:
        import resource  # lazy: POSIX only; elsewhere the parent's wall-clock limit still applies
    except ImportError:
        return
    for which, soft, hard in ((resource.RLIMIT_AS, memory, memory), (resource.RLIMIT_CPU, cpu_s, cpu_s + 5),
                              (resource.RLIMIT_FSIZE, 0, 0)):
        with contextlib.suppress(ValueError, OSError):
            _old_soft, old_hard = resource.getrlimit(which)
            if old_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, old_hard), min(hard, old_hard)
            resource.setrlimit(which, (soft, hard))


def _child() -> None:
    """The child of :func:`page_for_bounded`: the body on stdin, the copy (or ``!`` and why not) on stdout."""
    media, memory, cpu_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    _limit(memory, cpu_s)
    try:
        body = sys.stdin.buffer.read()
        page, why = page_for(body, media)
        del body
        out = page if page is not None else b"!" + (why or "").encode("utf-8")
        if len(out) > MAX_COPY_BYTES:
            sys.exit(_EXIT_TOO_LARGE)
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    except MemoryError:
        sys.exit(_EXIT_MEMORY)
    except RecursionError:
        sys.exit(_EXIT_DEPTH)
