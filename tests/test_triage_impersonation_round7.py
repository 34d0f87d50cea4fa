"""Accounts named as her pupils name her, and accounts inviting her pupils to get in touch (issue 23,
seventh round). An account called "Sir Hughesy" or "Mr H History" is hers, or someone pretending to be
her, only when it claims her work: her school, or her own subject or role; a stranger's own "Hughesy
Fishing" in her town, or "Mr H Teaches" with no more than "Teacher", claims nothing of hers. An account
pretending to be her that invites her pupils to get in touch ("Year 9s pm me", "slide in the DMs") is
`safeguarding` as well. Every sentence here is new (written for these tests, not taken from a batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

GARETH = Profile(
    name="Gareth Hughes", nicknames=["Hughesy"], honorifics=["Mr"], locations=["Wrexham"],
    organisations=["Ysgol Rhiwabon"], handles=["MrHughesHistory", "instagram:gareth.hughes.hist"],
)  # fmt: skip


def check(url: str, title: str, snippet: str, kind: str = "account"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), GARETH)


def test_an_account_named_as_pupils_name_him_claiming_his_school_or_subject_is_impersonation() -> None:
    a = check("https://www.tiktok.com/@hughesy.rhiwabon", "Hughesy 📜 (@hughesy.rhiwabon) | TikTok",
              "History at Ysgol Rhiwabon. Follow for lessons")
    assert "impersonation" in a.shown_codes
    assert reason(a, "impersonation").startswith("A TikTok account named hughesy.rhiwabon, as your pupils name you, that "
                                                 "is not one of your handles: it names your school, Ysgol Rhiwabon")
    b = check("https://www.tiktok.com/@mr.h.history.wxm", "Mr H History (@mr.h.history.wxm) | TikTok",
              "History teacher in Wrexham. 300 followers")
    assert "impersonation" in b.shown_codes


def test_a_strangers_account_with_his_nickname_and_no_claim_of_his_work_is_not_impersonation() -> None:
    for url, title, snippet in (
        ("https://www.tiktok.com/@hughesy.fishing", "Hughesy Fishing (@hughesy.fishing) | TikTok", "Carp fishing in Wrexham 🎣"),
        ("https://www.tiktok.com/@mr.h.teaches", "Mr H Teaches (@mr.h.teaches) | TikTok", "Teacher. GCSE tips."),
    ):
        a = check(url, title, snippet)
        assert "impersonation" not in a.codes, title


def test_an_impersonator_inviting_his_pupils_to_message_it_is_safeguarding() -> None:
    for url, title, snippet in (
        ("https://www.instagram.com/sir.hughesy.rhiwabon/", "Sir Hughesy 📜 (@sir.hughesy.rhiwabon) • Instagram",
         "History @ Ysgol Rhiwabon. Year 9s pm me for the test answers 🤫"),
        ("https://www.instagram.com/gareth.hughes.wxm/", "Gareth Hughes (@gareth.hughes.wxm) • Instagram",
         "Teacher at Ysgol Rhiwabon 📚 my year 8s just msg me here if you need help, no need to tell your parents"),
    ):
        a = check(url, title, snippet)
        assert {"safeguarding", "impersonation"} <= set(a.shown_codes), title
        assert reason(a, "safeguarding").startswith("Someone pretending to be you is in touch with pupils"), title


def test_a_pupil_saying_he_messaged_them_is_not_an_invitation_from_an_account() -> None:
    a = check("https://x.com/sb_x/status/5", "x", "mr hughes at rhiwabon messaged me on insta last night is that weird", "post")
    assert "impersonation" not in a.codes
    assert reason(a, "safeguarding").startswith("A pupil in private contact with a teacher")
