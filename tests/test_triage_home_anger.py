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
