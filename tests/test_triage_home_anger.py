"""Her home given out in anger (issue 23, sixth round): her street with a threat or a call to confront
her is a risk to her safety (`safeguarding`) whoever writes it and however they name her, besides
`personal_info`. Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

NIA = Profile(name="Nia Rowlands", honorifics=["Mrs"], locations=["Llanelli"], organisations=["Ysgol y Strade"])


def check(url: str, title: str, snippet: str):  # noqa: ANN201
    return assess(result(url, title, snippet, "post"), NIA)


def test_her_street_with_a_threat_is_safeguarding_whatever_her_name_is_written() -> None:
    a = check("https://www.facebook.com/groups/llanellitalk/posts/1", "Llanelli Talk",
              "Nia Rowlands, the Strade maths teacher, lives up Heol Elli Road. Someone should pay her a visit.")
    assert "safeguarding" in a.shown_codes
    assert "personal_info" in a.shown_codes
    assert reason(a, "safeguarding").startswith("Your home is given out with a threat or a call to confront you")


def test_shes_on_a_street_if_anyone_wants_a_word_is_her_home_given_out() -> None:
    a = check("https://www.facebook.com/groups/llanellitalk/posts/2", "Llanelli Talk",
              "She's on Maesgwyn Close if anyone wants a word with her. Rowlands, from Ysgol y Strade.")
    assert "personal_info" in a.shown_codes
    assert "safeguarding" in a.shown_codes


def test_her_street_for_a_leaving_card_is_not_a_threat() -> None:
    a = check("https://www.facebook.com/groups/llanellitalk/posts/3", "Llanelli Talk",
              "Nia Rowlands from Ysgol y Strade lives on Maesgwyn Close, I'll drop the card round on Friday.")
    assert "personal_info" in a.shown_codes
    assert not any("threat" in f.reason for f in a.flags)
    assert "negative" not in a.shown_codes


# Seventh round: readers sent to speak to her, and pupils' plans typed without apostrophes.


def test_her_street_with_readers_sent_to_speak_to_her_is_safeguarding_in_english_and_welsh() -> None:
    for snippet in (
        "Nia Rowlands from Ysgol y Strade lives on Heol Goffa. If anyone wants to ask her about the detentions, knock.",
        "Nia Rowlands, Strade, lives on Stepney Street SA15. Go and speak to her yourselves, she ignores emails.",
        "Mae Nia Rowlands yn byw ar Heol Goffa. Os ti isio deud wrthi be ti'n feddwl, dyna lle mae hi.",
    ):
        a = check("https://www.facebook.com/groups/llanellitalk/posts/7", "Llanelli Talk", snippet)
        assert {"safeguarding", "personal_info"} <= set(a.shown_codes), snippet
        assert reason(a, "safeguarding").startswith("Your home is given out, and people told to go there"), snippet


def test_her_street_with_good_wishes_or_a_sponsor_form_is_not_safeguarding() -> None:
    for snippet in (
        "Lovely to bump into Nia Rowlands on Stepney Street today. Go and tell her congratulations on the new baby!",
        "Nia Rowlands from Ysgol y Strade is doing the charity walk. If you want to sponsor her, talk to her at the gate.",
    ):
        a = check("https://www.facebook.com/groups/llanellitalk/posts/8", "Llanelli Talk", snippet)
        assert "safeguarding" not in a.shown_codes, snippet


def test_a_pupils_plan_typed_were_gonna_knock_at_her_house_is_safeguarding() -> None:
    a = check("https://www.snapchat.com/spotlight/Hh1", "mrs r's house??",
              "mrs rowlands lives by the park, im gonna knock n run after school 😂 anyone know the street")
    assert "safeguarding" in a.shown_codes
    assert reason(a, "safeguarding").startswith("Someone plans to go to your home")
    b = check("https://x.com/kk/status/6", "x", "mrs rowlands said were gonna go to the museum next week, strade trip")
    assert "safeguarding" not in b.shown_codes
