"""Pupils filming or snapping her, read from structure (issue 23, eighth round): who is speaking (a pupil:
their words, a class code, her school's tag, the writer saying they took it), a capture act in any tense
or language the word lists hold (or a 📸, or a clip on a video site that opens with her and laughs), and
her. Every sentence here is new, about another teacher in another town."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

ELIN = Profile(name="Elin Rowlands", honorifics=["Mrs", "Miss"], locations=["Wrexham"],
               organisations=["Rhosnesni High School"])  # fmt: skip


def check(url: str, title: str, snippet: str, kind: str = "post"):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), ELIN)


def test_the_writer_filming_her_in_any_tense_or_welsh_is_a_pupils_video() -> None:
    for url, title, snippet in (
        ("https://www.youtube.com/shorts/Ab12Cd34Ef5", "Mrs Rowlands vs the projector (Y8)",
         "she went bright red 😭 recorded from behind the lockers"),
        ("https://www.tiktok.com/@gethin_w8/video/7400000000000000011", "miss rowlands in science",
         "miss rowlands dropped the whole tray 😭😭 mans was filming it all #rhosnesni"),
        ("https://www.tiktok.com/@gethin_w8/video/7400000000000000012", "Mrs Rowlands 😂",
         "😂 wnaeth hi ddim sylwi bod fi'n ffilmio, Mrs Rowlands yn gweiddi ar bl 8"),
    ):
        a = check(url, title, snippet, "web")
        assert "safeguarding" in a.shown_codes, snippet
        assert "pupil" in reason(a, "safeguarding"), snippet


def test_snapping_her_or_a_camera_on_a_tagged_image_is_a_pupils_photo() -> None:
    a = check("https://x.com/dyl_wx/status/1870000000000000001/photo/1", "miss rowlands 👀",
              "miss rowlands in the canteen queue again 👀 snapped her by the tills", "image")
    assert {"safeguarding", "photo"} <= set(a.shown_codes)
    b = check("https://x.com/dyl_wx/status/1870000000000000002/photo/1", "rowlands 💀",
              "mrs rowlands trying to fix the smartboard with a ruler 💀📸 #rhosnesni", "image")
    assert {"safeguarding", "photo"} <= set(b.shown_codes)
    assert "#rhosnesni" in reason(b, "safeguarding")


def test_a_pupils_clip_of_her_with_laughter_is_safeguarding() -> None:
    a = check("https://www.tiktok.com/@rhos.y9.lads/video/7400000000000000013",
              "Mrs Rowlands having a moment 😭😭 #rhosnesni", "Mrs Rowlands having a moment on the field 😭😭 #rhosnesni", "web")
    assert "safeguarding" in a.shown_codes


def test_praise_the_schools_own_posts_filmed_with_consent_or_filmed_by_her_are_not() -> None:
    for url, title, snippet in (
        ("https://www.tiktok.com/@ffion.xo/video/7400000000000000014", "Mrs Rowlands 😭",
         "Mrs Rowlands yw'r athrawes orau, no cap 😭 diolch am bopeth"),
        ("https://www.youtube.com/watch?v=Zx98Yw76Vu5", "Rhosnesni High School Winter Concert",
         "Video of Year 8's concert, conducted by Mrs Rowlands. Filmed with parents' permission."),
        ("https://www.tiktok.com/@rhosnesnihigh/video/7400000000000000015", "Mrs Rowlands 😂 #rhosnesni",
         "Mrs Rowlands 😂 recorded our Year 7 welcome video #rhosnesni"),
    ):
        assert "safeguarding" not in check(url, title, snippet, "web").shown_codes, snippet
