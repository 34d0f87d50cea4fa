"""The labelling conventions the lead settled on 8 Dec 2026 (docs/triage.md, "Conventions"), as triage reads them:

1. A video of her is not `photo`: a pupil's clip is safeguarding alone (negative too when it mocks her);
   `photo` is for still pictures (a photo post, an image result, 📸, "pic", "snapped").
2. Pupils posting a video or picture of her with laughter (😂 💀 😭 lol lmao) are laughing at her:
   `negative` as well, unless the post is warm ("he's mint", 🥹).
3. Her home given out, looked for or visited with a threat (harm to her house or car, a call to confront
   her there, readers sent to her) is `negative` as well as safeguarding; a prank ("knock and run") is not.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import Assessment, assess
from tests.measure_triage import reason, result

ORLA = Profile(name="Orla Brennan", honorifics=["Mrs", "Miss"], locations=["Galway"], organisations=["Scoil Iognáid"])
GETHIN = Profile(name="Gethin Howells", honorifics=["Mr"], locations=["Aberystwyth"], organisations=["Penglais School"])


def check(url: str, title: str, snippet: str, kind: str = "post", profile: Profile = ORLA) -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


def test_a_pupils_clip_of_her_is_safeguarding_and_not_a_photo() -> None:
    for url, title, snippet in (
        ("https://www.tiktok.com/@scoil.iognaid.5th/video/7500000000000000011", "TikTok",
         "got mrs brennan on camera doing the macarena at the scoil iognaid fundraiser, she has no clue"),
        ("https://www.youtube.com/shorts/Zz91Kq0wPpL", "mrs brennan doing the macarena #scoiliognaid",
         "recorded it from the back of the hall, she didnt see me"),
    ):
        a = check(url, title, snippet)
        assert a.about == "you" and "safeguarding" in a.codes and "photo" not in a.codes, url


def test_a_pupils_still_of_her_is_still_a_photo() -> None:
    a = check("https://www.instagram.com/p/DD0orla1/", "5th years on Instagram",
              "snapped mrs brennan asleep on the bus back from the scoil iognaid retreat 📸")
    assert "photo" in a.codes


def test_a_post_saying_it_is_a_recording_is_a_video_even_on_a_site_of_pictures() -> None:
    a = check("https://x.com/ciara_5th/status/1900000000000000001", "ciara on X",
              "recorded mrs brennan singing to herself in the scoil iognaid corridor, it's on my story")
    assert "photo" not in a.codes


def test_laughter_at_a_pupils_clip_of_her_is_negative() -> None:
    for laugh in ("😂😂", "💀", "lmaooo", "😭😭"):
        a = check("https://www.tiktok.com/@scoil.iognaid.5th/video/7500000000000000012", "TikTok",
                  f"filmed mrs brennan fighting with the projector at scoil iognaid {laugh}")
        assert a.codes == ["safeguarding", "negative"], laugh
        assert reason(a, "negative").startswith("Pupils posted a video or picture of you, laughing at it"), laugh


def test_a_warm_clip_of_her_is_not_negative() -> None:
    for snippet in ("filmed mrs brennan singing at the scoil iognaid mass 😭 shes actually a queen",
                    "secret vid of mrs brennan dancing at the scoil iognaid graduation 😭🥹"):
        a = check("https://www.tiktok.com/@scoil.iognaid.6th/video/7500000000000000013", "TikTok", snippet)
        assert "safeguarding" in a.codes and "negative" not in a.codes, snippet


def test_her_home_looked_for_with_a_threat_is_negative() -> None:
    a = check("https://www.snapchat.com/spotlight/W9_gethin1", "Spotlight", "who knows where howells from penglais "
              "lives?? we're eggin his house saturday", profile=GETHIN)
    assert a.about == "you" and a.codes == ["safeguarding", "negative"]


def test_her_home_given_out_with_readers_sent_to_her_is_negative() -> None:
    a = check("https://www.facebook.com/groups/aberparents/posts/77", "Aber Parents",
              "Gethin Howells from Penglais lives on Heol y Bryn, the red van outside. Go and tell him how you feel "
              "about the detentions.", profile=GETHIN)
    assert {"safeguarding", "negative", "personal_info"} <= set(a.codes)


def test_a_prank_at_her_home_is_not_negative() -> None:
    a = check("https://www.snapchat.com/spotlight/W9_gethin2", "Spotlight", "who knows which house is mr howells "
              "from penglais?? gonna knock n run after school", profile=GETHIN)
    assert "safeguarding" in a.codes and "negative" not in a.codes


def test_a_pupils_recording_on_a_site_of_pictures_laughed_at_is_negative() -> None:
    a = check("https://x.com/aoife_5th/status/1900000000000000002", "aoife on X",
              "recorded mrs brennan at the scoil iognaid assembly when the mic died 😭😭 its on my snap")
    assert "safeguarding" in a.codes and "negative" in a.codes and "photo" not in a.codes


def test_a_parent_telling_of_her_filmed_in_tears_is_not_laughter() -> None:
    a = check("https://www.facebook.com/groups/galwayparents/posts/12", "Galway Parents",
              "Heard a 5th year filmed Mrs Brennan crying in the Scoil Iognáid car park and sent it round. "
              "I hope the school deals with it.")
    assert "negative" not in a.codes


def test_her_home_with_a_call_to_answer_for_it_there_is_negative() -> None:
    for snippet in ("Gethin Howells from Penglais lives on Maesgwyn Road. If he wants to dodge my calls he can "
                    "explain himself there.",
                    "anyone know where howells from penglais lives? bring eggs 😂",
                    "who knows where mr howells from penglais lives, man's tryna pull up after that detention"):
        a = check("https://www.facebook.com/groups/aberparents/posts/78", "Aber", snippet, profile=GETHIN)
        assert "safeguarding" in a.codes and "negative" in a.codes, snippet


def test_how_she_moves_likened_to_something_with_a_mocking_emoji_is_mockery() -> None:
    a = check("https://x.com/ciara_5th/status/1900000000000000003", "ciara on X",
              "mrs brennan strutting round the scoil iognaid yard like she owns the place 💀")
    assert reason(a, "negative").startswith("Mockery aimed at you")
    fond = check("https://x.com/ciara_5th/status/1900000000000000004", "ciara on X",
                 "mrs brennan dancing like nobody's watching at the scoil iognaid ceili, shes a legend")
    assert "negative" not in fond.codes


def test_a_pupils_clip_of_her_house_laughed_at_is_not_mockery_of_her() -> None:
    a = check("https://www.tiktok.com/@penglais.y9/video/7500000000000000020", "TikTok",
              "thats howells house on maesgwyn road, the one with the green gate 😂😂 #penglais", profile=GETHIN)
    assert "safeguarding" in a.codes and "negative" not in a.codes


def test_a_parents_complaint_without_a_hostile_word_is_negative() -> None:
    for snippet in ("Spelling tests in 4th class are ridiculous this term. Mrs Brennan gives 40 words a week and my "
                    "daughter spends every Sunday on them.",
                    "Scoil Iognáid. My son's support plan is ignored and his copies are never marked. The principal "
                    "just backs Mrs Brennan.",
                    "Mrs Brennan kept my son in at lunch for asking to go to the toilet. Is this how they run a school now?"):
        a = check("https://www.facebook.com/groups/galwayparents/posts/90", "Galway Parents | Facebook", snippet)
        assert reason(a, "negative").startswith("A parent's complaint about you"), snippet


def test_a_parents_warm_or_unrelated_judgement_is_not_a_complaint_about_her() -> None:
    for snippet in ("The homework at Scoil Iognáid is a lot some weeks but Mrs Brennan is brilliant with my son.",
                    "My daughter says the new bus timetable is ridiculous. Mrs Brennan's class went to the museum today, "
                    "lovely photos on the app."):
        a = check("https://www.facebook.com/groups/galwayparents/posts/91", "Galway Parents | Facebook", snippet)
        assert "negative" not in a.codes, snippet


def test_an_account_pretending_to_be_her_that_shows_a_profile_picture_is_a_photo() -> None:
    a = check("https://www.facebook.com/profile.php?id=61570000000001", "Orla Brennan | Facebook",
              "Orla Brennan. Teacher at Scoil Iognáid. Lives in Galway. Profile picture updated last week.", kind="account")
    assert a.codes == ["impersonation", "photo"]
    assert reason(a, "photo") == "An account pretending to be you shows a profile picture ('Profile picture'): it may be yours."
    scene = check("https://www.tiktok.com/@orla.brennan.galway", "Orla Brennan (@orla.brennan.galway) | TikTok",
                  "Teacher at Scoil Iognáid, Galway. Profile photo: a sunset over Salthill.", kind="account")
    assert "impersonation" in scene.codes and "photo" not in scene.codes


def test_an_account_named_as_pupils_name_him_speaks_in_his_name_not_of_him() -> None:
    """Its bio ("dm for the test answers 👀") describes the account; whether it pretends is the account flags'."""
    a = check("https://www.instagram.com/mr.h.penglais/", "Mr H 🔬 (@mr.h.penglais) • Instagram",
              "Science teacher @ Penglais School 😎 slide into my DMs for the test answers 👀 Year 7-11 only",
              kind="account", profile=GETHIN)
    assert "negative" not in a.codes


def test_an_instagram_reel_of_her_is_a_video() -> None:
    a = check("https://www.instagram.com/reel/DD0orla2/", "5th years on Instagram",
              "filmed mrs brennan at the scoil iognaid fundraiser, she didnt see us")
    assert "photo" not in a.codes
