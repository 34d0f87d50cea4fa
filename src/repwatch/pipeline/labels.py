"""The names of flags and timeline events, from the guide: one home for the digest, the incident
report, the push and the review page, so a school's own guide renames a flag everywhere at once."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from repwatch.datafiles import packaged_data
from repwatch.platforms import label

if TYPE_CHECKING:
    from pydantic import BaseModel

STATUS_WORDS = {  # a mention's status as the page and `show` say it
    "new": "New", "notified": "New (emailed)", "dismissed": "Not me", "concern": "Worried",
    "resolved": "Resolved",
}
HOSTILE = -0.45  # tone at or below this near her name: `negative`, with the hostile words quoted (triage.tone)
ABOUT_WORDS = {"you": "About you", "unsure": "Your name: is it you?", "someone_else": "Someone else with your name"}


def flag_name(g: dict[str, Any], code: str) -> str:
    """A flag's short name, the part of its guide title before the colon: "Safeguarding"."""
    title = ((g.get("flags") or {}).get(code) or {}).get("title")
    if not title:
        return code.replace("_", " ").capitalize()
    return str(title).split(":", 1)[0].strip()


def event_name(g: dict[str, Any], code: str) -> str:
    """A timeline entry in words ("Marked as a worry"), from the guide's [events]."""
    return str((g.get("events") or {}).get(code) or code.replace("_", " ").capitalize())


@lru_cache(maxsize=1)
def packaged_guide() -> dict[str, Any]:
    """The guide as repwatch ships it (``digest.guide`` lays a school's own file over it)."""
    return packaged_data("guide.toml", _guide_model)


def _guide_model() -> type[BaseModel]:
    from repwatch.pipeline.guidefile import GuideFile  # lazy: pydantic, only for a file not checked at build

    return GuideFile


def platform_label(g: dict[str, Any], platform: str) -> str:
    """A site's name as the guide (else the platform table) says it: "Website", "Instagram"."""
    entry = (g.get("platforms") or {}).get(platform)
    if entry and entry.get("label"):
        return str(entry["label"])
    try:
        return label(platform)
    except Exception:  # noqa: BLE001 - a label is cosmetic
        return platform.replace("_", " ").capitalize()


def tone_words(score: float | None) -> str:
    """The tone in a word for the digest and the review page: the same bands everywhere, with
    "hostile" exactly where `negative` starts."""
    if not isinstance(score, int | float):
        return "neutral"
    if score <= HOSTILE:
        return "hostile"
    if score < -0.15:
        return "unfriendly"
    if score <= 0.15:
        return "neutral"
    return "friendly" if score < 0.5 else "warm"


def tone_to_say(mention: Any) -> str | None:
    """A mention's tone in words, when it tells her something: nothing when neutral, and nothing
    friendly on a flagged mention (a laughing emoji under pupils' video of her reads "warm")."""
    said = tone_words(getattr(mention, "tone", None))
    if said == "neutral" or (mention.flags and said in ("friendly", "warm")):
        return None
    return said
