"""Safeguarding that reads situations, and tone beyond word lists, as the user sees them: in the
flags' reasons, in `mentions --json` and `show --json`, and in the example profile's digest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repwatch.pipeline.triage import HOSTILE
from repwatch.pipeline.triage.tone import read_tone
from tests.conftest import cli, serve_searxng
from tests.test_triage_accounts import _config, check, reason

GROUP = "https://www.facebook.com/groups/staidansparents/posts/1/"
TIKTOK = "https://www.tiktok.com/@y6.lads/video/7300000000000000001"


def test_pupils_filming_a_teacher_is_safeguarding() -> None:
    a = check(TIKTOK, "year 6 pupils filming Ms Whitfield in class when she wasnt looking", "#fyp")
    assert "safeguarding" in a.codes
    assert reason(a, "safeguarding") == (
        "Pupils filming or photographing you, or another member of staff, in the words "
        "'year 6', 'filming' and 'wasnt looking'."
    )


def test_a_class_photo_is_not_pupils_filming_staff() -> None:
    a = check("https://www.facebook.com/mum.of.three/posts/pfbid0abe", "Trip", "Lovely photo of the Year 3 trip with Mrs Whitfield")
    assert a.codes == ["photo"]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("anyone know where Ms Whitfield from St Aidans lives now??",
         "Someone is asking where you live, in the words 'anyone know where' and 'lives'."),
        ("Rumour is Mrs Whitfield at St Aidan's is too friendly with one of the year 6 boys",
         "A rumour about you and a pupil, in the words 'rumour', 'year 6' and 'too friendly'."),
        ("A girl in Mrs Whitfield's class at St Aidan's told me she is hurting herself",
         "The words 'hurting herself' appear near your name."),
        ("my teacher Ms Whitfield is the most boring woman alive, worst lesson ever",
         "It reads like a pupil's post about you ('my teacher'), and it is hostile ('worst')."),
    ],
)
def test_situations_near_the_name_are_safeguarding(snippet: str, expected: str) -> None:
    a = check("https://x.com/someone/status/1", "Post", snippet, kind="post")
    assert reason(a, "safeguarding") == expected


def test_praise_from_a_pupil_is_not_a_concern() -> None:
    a = check("https://x.com/kid/status/2", "Post", "my teacher Ms Whitfield is the best, St Aidan's is lucky", kind="post")
    assert a.codes == [] and a.tone > 0.5


def test_hostile_tone_without_listed_words_is_negative_and_quotes_the_words() -> None:
    a = check(GROUP, "Parents", "Honestly Mrs Whitfield at St Aidan's needs to go. Nobody learns anything in that class.")
    assert a.codes == ["negative"] and a.tone <= HOSTILE
    assert reason(a, "negative") == f"The words 'needs to go' and 'nobody learns' near your name read as hostile (tone {a.tone:+.2f})."


def test_mild_neutral_criticism_stays_unflagged() -> None:
    for snippet in ("a lot of homework this term from Mrs Whitfield at St Aidan's",
                    "Mrs Whitfield's spelling lists are a bit long for Year 4 if I'm honest"):
        a = check(GROUP, "Parents", snippet)
        assert a.codes == [] and a.tone > HOSTILE, snippet


def test_tone_reads_only_near_the_name_and_her_own_words_are_not_hostile() -> None:
    far = "Mrs Whitfield ran the Year 4 trip to the museum. " + "Then. " * 40 + "The traffic on the way home was awful, terrible, vile."
    assert read_tone(far.lower(), [(0, 13)], 200).score == 0.0
    own = check("https://bsky.app/profile/mswhitfieldteach.bsky.social/post/3k", "Ms Whitfield",
                "Worst. Marking. Weekend. Ever. Terrible coffee too.", kind="post")
    assert "negative" not in own.codes


# --- the example profile, end to end: mentions --json, show --json, the digest ------------------------

RESULTS = [
    (TIKTOK, "year 6 pupils filming Ms Whitfield in class when she wasnt looking", "😂 #fyp #school"),
    (GROUP, "St Aidan's Parents", "Honestly Mrs Whitfield needs to go. Nobody learns anything in that class."),
    ("https://www.facebook.com/groups/staidansparents/posts/2/", "St Aidan's Parents",
     "Thank you Mrs Whitfield for a brilliant Year 4 trip, the children loved it!"),
]


@pytest.fixture
def searx(httpserver):
    return serve_searxng(httpserver, RESULTS)


def test_the_example_profiles_digest_flags_the_pupils_tiktok_and_shows_tone(home: Path, searx) -> None:
    config = _config(home, searx.url_for("").rstrip("/"))
    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    items = {m["url"]: m for m in json.loads(cli("--config", str(config), "mentions", "--json").stdout)}
    assert [f["code"] for f in items[TIKTOK]["flags"]] == ["safeguarding", "negative"]  # a pupils' video, laughed at
    assert items[GROUP]["tone"] <= HOSTILE and [f["code"] for f in items[GROUP]["flags"]] == ["negative"]
    warm = items["https://www.facebook.com/groups/staidansparents/posts/2/"]
    assert warm["tone"] > 0.5 and warm["flags"] == []
    shown = json.loads(cli("--config", str(config), "show", str(items[GROUP]["id"]), "--json").stdout)
    assert shown["tone"] == items[GROUP]["tone"]
    human = cli("--config", str(config), "show", str(items[GROUP]["id"])).stdout
    assert f"Tone near your name: hostile ({items[GROUP]['tone']:+.2f})" in human

    out = home / "preview.html"
    preview = cli("--config", str(config), "digest", "--preview", "--out", str(out))
    assert preview.returncode == 0, preview.stderr
    text = out.with_suffix(".txt").read_text() if out.with_suffix(".txt").exists() else out.read_text()
    assert "Tell your Designated Safeguarding Lead now." in text
    assert "filming or photographing you" in text
    assert "Tone near your name: hostile." in text and "Tone near your name: warm." in text


def test_tone_in_words_has_hostile_exactly_where_negative_starts() -> None:
    from repwatch.pipeline.labels import tone_words

    assert [tone_words(t) for t in (-0.9, HOSTILE, -0.3, 0.0, 0.3, 0.8, None)] == [
        "hostile", "hostile", "unfriendly", "neutral", "friendly", "warm", "neutral"]
