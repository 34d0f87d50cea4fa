"""The sixth round's precision fixes (issue 23): ordinary pages that had raised safeguarding.

- A school's own page asking parents to contact a year group's office is not someone reaching a child in
  private.
- A parent's complaint that she "casts the same favourites" is favouritism (negative), not closeness to
  one pupil; "has a favourite in 11R" still is.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import result

ALYS = Profile(name="Alys Morgan", honorifics=["Mrs"], locations=["Neath"], organisations=["Cwrt Sart Academy"])


def check(url: str, title: str, snippet: str, kind: str = "post"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), ALYS)


def test_the_schools_own_page_asking_parents_to_contact_a_year_office_raises_nothing() -> None:
    a = check("https://www.cwrtsart.npt.sch.uk/year-8-team", "Year 8 Team – Cwrt Sart Academy",
              "Head of Year 8: Mrs A Morgan. Parents can contact the Year 8 office on weekdays about any worries.", kind="web")
    assert "safeguarding" not in a.shown_codes
    assert "negative" not in a.shown_codes


def test_a_complaint_about_her_favourites_is_favouritism_not_closeness() -> None:
    a = check("https://www.facebook.com/groups/neathparents/posts/5", "Neath Parents Chat",
              "Mrs Morgan at Cwrt Sart picks the same favourites for every team and my daughter never gets a go. "
              "Anyone else had this?")
    assert "safeguarding" not in a.shown_codes
