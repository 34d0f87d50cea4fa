"""The digest email: what is new about the person, and what to do about it, in HTML and plain text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from repwatch.models import CallFailure, Mention

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TITLE_MAX = 200
SNIPPET_MAX = 400


@dataclass
class Digest:
    profile: str
    mentions: list[Mention]
    failures: list[CallFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    generated_at: str = ""
    next_run: str | None = None
    sample: bool = False

    @property
    def all_clear(self) -> bool:
        return not self.mentions

    @property
    def attention(self) -> list[Mention]:
        return [m for m in self.mentions if m.flags]

    @property
    def others(self) -> list[Mention]:
        return [m for m in self.mentions if not m.flags]

    @property
    def subject(self) -> str:
        name = one_line(self.profile, 80)
        prefix = "[SAMPLE] " if self.sample else ""
        if self.all_clear:
            return f"{prefix}repwatch: nothing new about {name}"
        count = len(self.mentions)
        noun = "mention" if count == 1 else "mentions"
        subject = f"{prefix}repwatch: {count} new {noun} of {name}"
        if self.attention:
            subject += f" ({len(self.attention)} needs attention)" if len(self.attention) == 1 else (
                f" ({len(self.attention)} need attention)"
            )
        return subject


def one_line(text: str, limit: int) -> str:
    """Text fit for a header or a heading: no line breaks, no control or direction-override characters."""
    text = " ".join(_CONTROL.sub(" ", text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=4)
def guide(path: str | None = None) -> dict[str, Any]:
    if path:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    return tomllib.loads(resources.files("repwatch.data").joinpath("guide.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("repwatch", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["one_line"] = one_line
    env.filters["safe_href"] = safe_href
    return env


def safe_href(url: str) -> str:
    """Only http(s) links go into an email; anything else (javascript:, data:) becomes inert."""
    url = (url or "").strip()
    return url if re.match(r"^https?://", url, re.IGNORECASE) else "#"


def _context(digest: Digest) -> dict[str, Any]:
    return {
        "d": digest,
        "guide": guide(),
        "title_max": TITLE_MAX,
        "snippet_max": SNIPPET_MAX,
    }


def render_text(digest: Digest) -> str:
    env = _environment()
    template = env.get_template("digest.txt")
    # the text part is not HTML: nothing to escape, but still no control characters from the web
    return template.render(**_context(digest))


def render_html(digest: Digest) -> str:
    import css_inline

    html = _environment().get_template("digest.html.j2").render(**_context(digest))
    # keep the <style> block too: its dark-mode @media rules cannot be inlined
    return css_inline.CSSInliner(keep_style_tags=True).inline(html)
