"""The profile form: who to look for, written back into the config file with its comments kept.

tomlkit edits the file in place (comments, order and other sections stay as they were), and the
result is checked by ``config.parse`` — exactly what every command checks when it loads the file —
before it replaces the old file. A mistake is one sentence on the page and the file is unchanged.
The person's name itself is not edited here: mentions are kept under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit

from repwatch.config import Config, edit_file
from repwatch.errors import ConfigError

FIELDS = (
    ("variants", "Other forms of your name", "One per line, e.g. Jo Whitfield, Joanna M. Whitfield."),
    ("nicknames", "Nicknames", "One per line, e.g. Jo, Jojo."),
    ("handles", "Your accounts and handles", "One per line: MsWhitfieldTeach, instagram:jo.whitfield, or a profile address."),
    ("locations", "Places", "Towns or areas searched with your name, one per line."),
    ("organisations", "Schools and organisations", "One per line."),
    ("exclude", "Words that mean it is someone else", "One per line, e.g. a namesake's job or town."),
)
MAX_ITEMS = 100
MAX_ITEM_CHARS = 200


def fields(config: Config) -> list[dict[str, Any]]:
    """Each profile's editable lists, as the page shows them."""
    return [
        {"index": i, "name": p.name,
         "fields": [{"key": key, "label": label, "hint": hint, "value": "\n".join(getattr(p, key))}
                    for key, label, hint in FIELDS]}
        for i, p in enumerate(config.profile)
    ]


def _lines(text: str, label: str) -> list[str]:
    items = [" ".join(line.split()) for line in (text or "").replace("\r", "").split("\n")]
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) > MAX_ITEMS:
        raise ConfigError(f"{label}: at most {MAX_ITEMS} lines, please.")
    for item in items:
        if len(item) > MAX_ITEM_CHARS:
            raise ConfigError(f"{label}: the line starting {item[:30]!r} is longer than {MAX_ITEM_CHARS} characters.")
    return items


def save(config: Config, index: int, form: dict[str, str]) -> Config:
    """Write the form's lists into profile ``index`` of the config file; returns the config as reloaded."""
    path = config.path
    if path is None or not Path(path).is_file():
        raise ConfigError("There is no config file to write to; run `repwatch init` first.")

    def change(doc: Any) -> None:
        profiles = doc.get("profile")
        if profiles is None or not 0 <= index < len(profiles):
            raise ValueError(index)
        table = profiles[index]
        for key, label, _hint in FIELDS:
            if key not in form:
                continue
            items = _lines(form[key], label)
            if not items and key not in table:
                continue
            array = tomlkit.array()
            array.extend(items)
            if len(items) > 3:
                array.multiline(True)
            table[key] = array

    return edit_file(Path(path), change)
