"""A sexual remark about her looks in slang (issue 23, sixth round): a word that rates a body or looks and
means nothing else (`[concepts] lust`), said of her, close to her name, on a social site, is
`safeguarding` whoever writes it (a pupil or an adult rating her body or looks), with no other sign that a
pupil wrote it. Every sentence here is new."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import result

DEV = Profile(name="Devina Kaur", honorifics=["Miss", "Ms"], locations=["Slough"], organisations=["Langley Grammar School"])


def check(url: str, snippet: str):  # noqa: ANN201
    return assess(result(url, "a post on X", snippet, "post"), DEV)


def test_pupils_slang_rating_her_looks_is_safeguarding() -> None:
    a = check("https://x.com/zk_09/status/1", "honestly miss kaur from langley grammar is a milf for real 😳 chemistry is the best period")
    assert "safeguarding" in a.shown_codes
    assert next(f.reason for f in a.flags if f.code == "safeguarding") == (
        "A sexual remark about your body or looks, in the words 'milf'.")
    assert "negative" not in a.shown_codes


def test_a_word_of_desire_far_from_her_name_is_not_said_of_her() -> None:
    a = check("https://x.com/zk_09/status/2", "miss kaur at langley grammar set us a essay on the periodic table. "
              "anyway that new drake video is sexy")
    assert "safeguarding" not in a.shown_codes


def test_praise_is_not_a_remark_on_her_looks() -> None:
    a = check("https://x.com/zk_09/status/3", "miss kaur at langley grammar is a legend 😍 got a 9 in chem")
    assert "safeguarding" not in a.shown_codes
