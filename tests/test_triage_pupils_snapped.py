"""Pupils' pictures of her out of school (issue 23, sixth round): a post naming her with a camera emoji
beside her name, on a story or Snapchat the site does not mark as a photo, from a pupil (their ways of
writing, an account pupils run), is `safeguarding` and `photo`. Every sentence here is new."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

ROS = Profile(name="Ros Ferguson", honorifics=["Mrs"], locations=["Dumfries"], organisations=["Lochside Academy"])


def check(url: str, title: str, snippet: str):  # noqa: ANN201
    return assess(result(url, title, snippet, "post"), ROS)


def test_a_pupils_snap_of_her_at_the_shops_is_safeguarding_and_photo() -> None:
    a = check("https://www.snapchat.com/spotlight/Zz91", "Snapchat Spotlight",
              "mrs ferguson fae lochside in the big morrisons wi her trolley 📸 lol")
    assert "safeguarding" in a.shown_codes
    assert "photo" in a.shown_codes
    assert next(f.reason for f in a.flags if f.code == "photo") == "It is a photo of you, posted on Snapchat ('📸')."


def test_an_offer_of_class_photos_with_a_camera_is_not_a_picture_of_her() -> None:
    a = check("https://x.com/lochsideP7/status/4", "Lochside P7 on X",
              "Mrs Ferguson's P7 families | 📸 message the office about the trip, Lochside Academy")
    assert "photo" not in a.shown_codes


PRYCE = Profile(name="Alys Pryce", honorifics=["Mrs", "Miss"], locations=["Aberystwyth"], organisations=["Ysgol Penglais"])


def test_a_pupils_snap_of_her_caught_out_of_school_found_as_an_image_is_safeguarding_and_photo() -> None:
    """An image result from Snapchat or TikTok is a picture; pupils' "clocked mrs X in aldi" says where she
    was caught, and pupils' way of naming her there says who posted it (seventh round)."""
    for url, title, snippet in (
        ("https://www.snapchat.com/spotlight/Qz81", "miss at the beach", "spotted miss pryce on the prom in her cossie 💀 pic"),
        ("https://www.snapchat.com/spotlight/Qz82", "mrs pryce in aldi 😭", "clocked mrs pryce in aldi with her trolley, pic, dont tell her"),
    ):
        a = assess(result(url, title, snippet, "image"), PRYCE)
        assert {"safeguarding", "photo"} <= set(a.shown_codes), snippet
        assert reason(a, "safeguarding").startswith("A pupil seems to have photographed you and posted it on Snapchat")


def test_an_adults_image_of_her_at_a_race_or_praise_on_snapchat_is_only_a_photo() -> None:
    for url, title, snippet in (
        ("https://www.instagram.com/p/Qz83/", "parkrun", "Spotted Alys Pryce smashing a PB at the parkrun this morning!"),
        ("https://www.snapchat.com/spotlight/Qz84", "mrs pryce", "mrs pryce is the best teacher in the whole school"),
    ):
        a = assess(result(url, title, snippet, "image"), PRYCE)
        assert a.shown_codes == ["photo"], snippet
