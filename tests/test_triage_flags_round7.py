"""The seventh round of flags (issue 23): what a picture, an account's own page and its profile picture say.

- "do" is an occasion a photo was taken at only as the party ("her leaving do"), not the verb ("don't
  know what I'd do without her"): a photo post of a pupil's words about her shows nothing of her.
- An account's own page named as her speaks in her name: its bio's words ("🙄", "mocking") describe the
  account, not hostility towards her. Whether it is hers or someone pretending is the account flags'.
- A profile whose picture is "his photo from the school website", or "copied from" her account, uses
  her picture: `photo` beside `impersonation`.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import Assessment, assess
from tests.measure_triage import reason, result

DECLAN = Profile(name="Declan Byrne", honorifics=["Mr"], locations=["Newry"], organisations=["St Colman's College"])
NIAMH = Profile(name="Niamh Gallagher", honorifics=["Miss"], locations=["Letterkenny"],
                organisations=["Loreto Community School"], handles=["instagram:missgallagher.teaches"])


def check(url: str, title: str, snippet: str, kind: str = "web", profile: Profile = DECLAN) -> Assessment:
    return assess(result(url, title, snippet, kind), profile)


def test_do_as_a_verb_is_no_occasion_for_a_picture() -> None:
    a = check("https://www.instagram.com/p/Cx41bQ/", "🌧️",
              "mr byrne at st colmans is the only one who listens. dont know what id do without him tbh")
    assert a.about == "you" and "photo" not in a.codes
    party = check("https://www.instagram.com/p/Cx41bR/", "Staffroom send-off",
                  "Mr Byrne's leaving do at St Colman's, what a night")
    assert "photo" in party.codes and "'do'" in reason(party, "photo")


def test_an_account_named_as_him_is_not_hostile_for_its_own_bio() -> None:
    a = check("https://www.tiktok.com/@declan.byrne.stc", "Declan Byrne (@declan.byrne.stc) | TikTok",
              "'put your phones away' 🙄 St Colman's maths. Profile photo: his photo from the college prospectus. "
              "2 videos mocking the staff.", kind="account")
    assert a.about == "you"
    assert "negative" not in a.codes and "impersonation" in a.codes
    post = check("https://x.com/eoin_nry/status/1901", "eoin on X", "mr byrne at st colmans is a joke 🙄 worst teacher going")
    assert "negative" in post.codes  # a post about him still is


def test_a_profile_whose_picture_is_his_uses_his_picture() -> None:
    a = check("https://x.com/MrByrneMaths_", "Mr Byrne (@MrByrneMaths_) / X",
              "Maths at St Colman's, Newry. Profile photo: his staff badge photo. 'No homework ever lads'", kind="account")
    assert a.about == "you" and {"impersonation", "photo"} <= set(a.codes)
    assert reason(a, "photo") == "Its picture is said to be yours ('Profile photo: his staff badge photo')."


def test_a_profile_picture_copied_from_her_account_is_her_picture() -> None:
    a = check("https://www.instagram.com/missgallagher.teaches_/", "Niamh | Teacher (@missgallagher.teaches_) • Instagram",
              "Primary teacher, Letterkenny. Profile picture and highlights taken from @missgallagher.teaches. "
              "'DM me for free planning packs'", kind="account", profile=NIAMH)
    assert "impersonation" in a.codes and "photo" in a.codes
    assert reason(a, "photo").startswith("Its picture is said to be yours ('Profile picture and highlights taken from @missgallagher")


def test_where_he_is_found_on_a_street_is_his_home_street() -> None:
    a = check("https://www.facebook.com/groups/newrychat/posts/5521", "Newry Chat",
              "If anyone fancies a word with Byrne from St Colman's, he's up one of the terraces off Windsor Avenue, "
              "the red Focus outside.")
    assert a.about == "you" and "personal_info" in a.codes
    assert reason(a, "personal_info") == "A home street (Windsor Avenue) appears near your name."
    work = check("https://www.facebook.com/groups/newrychat/posts/5522", "Newry Chat",
                 "Mr Byrne from St Colman's? He's at the gym on Monaghan Street most nights, lovely man.")
    assert "personal_info" not in work.codes  # a place he goes, not where he lives
