"""Identity hardening: a bare handle is hers only on the social platforms the table knows (not on a
page of a site it does not know as one), and look-alike, accented or fullwidth
spellings of her handle are never read as hers but as a copy of it."""

from __future__ import annotations

import pytest

from repwatch.handles import Account, account_of, disguised, parse_handle, skeleton

OWN = "MsWhitfieldTeach"


@pytest.mark.parametrize("found", ["MsWhitfiełdTeach", "ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ", "MsWhitfieldTeаch",
                                   "MsWhitfíeldTeach", "MsWhitfie\u217cdTeach"])
def test_look_alike_and_fullwidth_spellings_are_disguises(found):
    assert disguised(found, OWN)
    assert skeleton(found) == skeleton(OWN) == "mswhitfieldteach"


@pytest.mark.parametrize("found", ["MsWhitfieldTeach", "mswhitfieldteach", "@MsWhitfieldTeach", "MsWhitfieldTeacher",
                                   "JoWhitfield"])
def test_her_own_spelling_and_other_names_are_not_disguises(found):
    assert not disguised(found, OWN)


def test_a_fullwidth_copy_of_her_handle_is_not_her_account():
    mine = parse_handle(OWN)
    copy = account_of("tiktok", "ＭｓＷｈｉｔｆｉｅｌｄＴｅａｃｈ")
    assert copy is not None and not mine.matches(copy)
    assert mine.matches(account_of("tiktok", "mswhitfieldteach"))


def test_a_bare_handle_is_hers_only_on_platforms_the_table_knows():
    mine = parse_handle(OWN)
    assert mine.matches(Account("x", "mswhitfieldteach"))
    assert not mine.matches(Account("web", "mswhitfieldteach"))
    assert not mine.matches(Account("people_search", "mswhitfieldteach"))
    assert parse_handle("@MsWhitfieldTeach@mastodon.online").matches(
        Account("mastodon", "mswhitfieldteach", "mastodon.online"))
