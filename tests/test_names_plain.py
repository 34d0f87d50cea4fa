"""A plain two-word name is split without nameparser, exactly as nameparser would split it."""

from __future__ import annotations

import pytest
from nameparser import HumanName
from nameparser.config import CONSTANTS

from repwatch.pipeline import names
from repwatch.pipeline.names import ParsedName, parse_name


def through_nameparser(text: str) -> ParsedName:
    """parse_name's answer when nameparser reads the name (its rules after nameparser, as in names.py)."""
    parsed = HumanName(text, constants=names._constants())
    given, surname, suffix = parsed.first, parsed.last, parsed.suffix
    if not given and " " in surname:
        given, surname = surname.split(" ", 1)
    if given and not surname and suffix:
        surname, suffix = suffix, ""
    return ParsedName(parsed.title.rstrip("."), given, parsed.middle, surname, suffix)


def every_word_nameparser_knows() -> list[str]:
    """Its titles, particles, suffixes, conjunctions …: the words that could make a name less plain."""
    words: set[str] = set()
    for attr in dir(CONSTANTS):
        if attr.startswith("_"):
            continue
        try:
            words |= {w for w in getattr(CONSTANTS, attr) if isinstance(w, str)}
        except TypeError:
            continue
    return sorted(words)


def test_every_name_taken_as_plain_is_split_as_nameparser_splits_it() -> None:
    tried = [f"{w} Whitfield" for w in every_word_nameparser_knows()] + \
            [f"Joanna {w}" for w in every_word_nameparser_knows()] + \
            [f"{w.capitalize()} Whitfield" for w in every_word_nameparser_knows()] + \
            ["Joanna Whitfield", "Siân O'Neill", "Zoë Brontë-Smith", "Mary-Jane Watson", "D'Arcy Smith",
             "Thomas HARRIS", "joanna whitfield", "Ng Wei", "Das Whitfield", "Li Jr", "Aas Aas"]
    plain = [name for name in tried if names._plain(name.split(" "))]
    assert len(plain) > len(tried) / 2  # most names are plain: the shortcut is taken
    answers = [(name, parse_name(name), through_nameparser(name)) for name in plain]
    wrong = [answer for answer in answers if answer[1] != answer[2]]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("name", ["Dr Whitfield", "Joanna Van Whitfield", "Joanna M Whitfield", "Whitfield, Joanna",
                                  "Ms Jo Whitfield", "王 小明", "Joanna ap Gruffydd", "Siôn ap Rhys"])
def test_a_name_that_is_not_plain_goes_to_nameparser(name: str) -> None:
    assert not names._plain(name.split(" "))
    assert parse_name(name) == through_nameparser(" ".join(name.split()))
