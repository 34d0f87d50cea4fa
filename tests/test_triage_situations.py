"""Situations, hostility and personal facts read from concepts (data/lexicon.toml `[concepts]`), as the
user sees them: which flags the digest shows and the reason sentence, quoting the words found.

The examples are written for these tests, for a teacher the labelled set does not have, in wordings
the word lists do not hold as phrases: the rules must read the situation, not recognise a sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.triage import Assessment, assess, lexicon
from repwatch.pipeline.urls import classify, registered_domain
from tests.conftest import cli, serve_searxng
from tests.measure_triage import reason
from tests.test_triage_accounts import _config

PRIYA = Profile(
    name="Priya Sharma", nicknames=["Pri"], honorifics=["Mrs"], handles=["MrsSharmaTeaches"],
    locations=["Leicester"], organisations=["Oakfield Primary School"],
)  # fmt: skip
GARETH = Profile(
    name="Gareth Llewellyn", honorifics=["Mr"], handles=["MrLlewellynPE"], locations=["Cardiff"],
    organisations=["Ysgol Bryn Hafod"],
)  # fmt: skip
PARENTS = "https://www.facebook.com/groups/oakfieldparents/posts/100200300/"
TWEET = "https://x.com/someone_17/status/1870000000000000001"
TIKTOK = "https://www.tiktok.com/@kid_2014/video/7400000000000000001"


def check(url: str, title: str, snippet: str, profile: Profile = PRIYA) -> Assessment:
    r = Result(url=url, title=title, snippet=snippet, provider="test", kind="web", query="q", rank=1)
    r.domain = registered_domain(url)
    r.platform = classify(url, "web")[0]
    return assess(r, profile)


# --- words match every form of themselves --------------------------------------------------------------


def test_a_concept_word_finds_its_other_forms_and_pupils_spellings() -> None:
    concepts = lexicon().concepts
    for text in ("she was filming", "we filmed it", "filmd her", "he was recordin", "livestreamed it", "vids of"):
        _, hits = concepts.find(text)
        assert [h.concept for h in hits] == ["capture"], text
    _, hits = concepts.find("the year 9s and yr10 and y6 kids")
    assert [text for text in ("year 9s", "yr10", "y6", "kids")] == [
        "the year 9s and yr10 and y6 kids"[h.start : h.end] for h in hits if h.concept == "young"
    ]


# --- pupils filming or photographing staff ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "snippet", "expected"),
    [
        (TIKTOK, "livestreamed mrs sharma's maths lesson lol she had no clue #oakfield", "",
         "Someone filming or photographing you without your knowing, in the words 'livestreamed' and 'no clue'."),
        (TWEET, "jas on X", "took a sneaky pic of mrs sharma at oakfield when she wasn't looking",
         "Someone filming or photographing you without your knowing, in the words 'pic' and 'sneaky'."),
        (TWEET, "jas on X", "students at oakfield caught mrs sharma shouting on camera, the video is all over snap",
         "Pupils filming or photographing you, or another member of staff, in the words 'students', 'on camera' and 'all over'."),
        (TWEET, "jas on X", "someone screenshotted mrs sharma's facebook pics at oakfield and it's going round year 5",
         "A picture or video of you taken or passed round by pupils ('year 5'), in the words 'screenshotted' and 'going round'."),
    ],
)
def test_pupils_filming_or_photographing_the_teacher_is_safeguarding(url: str, title: str, snippet: str, expected: str) -> None:
    a = check(url, title, snippet)
    assert a.about_me and "safeguarding" in a.codes
    assert reason(a, "safeguarding") == expected


def test_a_text_post_saying_a_video_is_elsewhere_is_not_itself_a_photo() -> None:
    told = check(TWEET, "jas on X", "students at oakfield caught mrs sharma shouting on camera, the video is all over snap")
    shown = check(TIKTOK, "livestreamed mrs sharma's maths lesson lol she had no clue #oakfield", "")
    assert "photo" not in told.codes
    assert shown.codes == ["safeguarding", "negative"]  # pupils' video laughed at: not photo (docs/triage.md, Conventions)


def test_an_undressed_or_doctored_picture_is_safeguarding() -> None:
    a = check(TWEET, "jas on X", "the year 5 group chat has a photoshopped pic of mrs sharma from oakfield")
    assert reason(a, "safeguarding") == (
        "A picture or video said to show someone undressed, or doctored, in the words 'pic' and 'photoshopped'."
    )


@pytest.mark.parametrize(
    ("url", "snippet"),
    [
        ("https://www.leicestermercury.co.uk/news/oakfield-canal-film-123",
         "Year 6 pupils at Oakfield Primary filmed a documentary about the canal with their teacher Priya Sharma."),
        (PARENTS, "Mrs Sharma at Oakfield made a lovely video for the Year 6 leavers."),
        ("https://x.com/MrsSharmaTeaches/status/1870000000000000002",
         "My Year 6s filmed their own adverts today and I could not stop laughing. Proud of them at Oakfield!"),
    ],
)
def test_pupils_filming_a_project_or_the_teachers_own_posts_are_not_safeguarding(url: str, snippet: str) -> None:
    a = check(url, "Oakfield", snippet)
    assert a.about_me and "safeguarding" not in a.codes


# --- rumours, home, following, despair -------------------------------------------------------------------


def test_a_rumour_about_the_teacher_and_a_pupil_is_safeguarding_whatever_its_words() -> None:
    """Passed on without a worry ("is that normal?"), a rumour also accuses her: `negative` as well."""
    a = check(TWEET, "jas on X", "Word is Mr Llewellyn at Bryn Hafod has been messaging one of the year 10 girls on insta", GARETH)
    assert a.codes == ["safeguarding", "negative"]
    assert reason(a, "safeguarding") == "A rumour about you and a pupil, in the words 'word is', 'year 10' and 'messaging'."
    assert reason(a, "negative") == ("An accusing rumour about you and a pupil, in the words 'word is', 'year 10' and "
                                     "'messaging'.")
    a = check(TWEET, "kai on X", "apparently mrs sharma from oakfield kept one of the year 4 boys behind on his own", PRIYA)
    assert reason(a, "safeguarding") == "A rumour about you and a pupil, in the words 'apparently', 'year 4' and 'on his own'."
    assert "negative" in a.codes


def test_hearsay_without_a_pupil_and_closeness_is_not_a_rumour_about_a_pupil() -> None:
    for snippet in ("Apparently Mrs Sharma at Oakfield is running the London marathon for charity! Sponsor her",
                    "I heard that Mrs Sharma at Oakfield is leaving at Christmas, the kids will be gutted"):
        a = check(PARENTS, "Oakfield parents", snippet)
        assert a.about_me and a.codes == [], snippet


def test_asking_which_street_the_teacher_lives_on_is_safeguarding_not_personal_info() -> None:
    a = check(PARENTS, "Oakfield parents", "Does anybody know which street Mrs Sharma from Oakfield lives on? Asking for a friend")
    assert a.codes == ["safeguarding"]
    assert reason(a, "safeguarding") == "Someone is asking where you live, in the words 'anybody know which street'."
    a = check(PARENTS, "Oakfield parents", "Does anyone know if Mrs Sharma at Oakfield is doing the Year 5 residential this year?")
    assert a.about_me and a.codes == []


def test_following_the_teacher_home_is_safeguarding() -> None:
    a = check(TWEET, "jas on X", "me and jay followed mrs sharma home from oakfield today lol")
    assert reason(a, "safeguarding") == "Someone says they followed you home, in the words 'followed' and 'home'."


def test_a_young_persons_despair_near_the_name_is_safeguarding() -> None:
    a = check(TWEET, "jas on X", "mr llewellyn asked if i was alright. i'm not. can't cope with any of it #ysgolbrynhafod", GARETH)
    assert a.about_me and a.codes == ["safeguarding"]
    assert reason(a, "safeguarding") == (
        "Someone may be in distress or thinking of harming themselves, in the words 'i'm not' and 'can't cope'. "
        "Check on them."
    )


def test_a_parent_saying_nobody_texted_them_is_not_contact_with_a_child() -> None:
    a = check(PARENTS, "Oakfield parents", "The Year 4 trip with Mrs Sharma at Oakfield got back late and nobody texted us.")
    assert a.about_me and "safeguarding" not in a.codes


# --- hostility without an insult word ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("Mrs Sharma at Oakfield wants to watch herself.", "A threat in plain words near your name: 'watch herself'."),
        ("Mrs Sharma at Oakfield thinks she's untouchable. We know what car she drives.",
         "A threat in plain words near your name: 'we know what car'."),
        ("Mrs Sharma at Oakfield needs reporting to the council, the way she speaks to children",
         "A demand that something be done to you: 'needs reporting'."),
        ("Well done Mrs Sharma at Oakfield for forgetting my daughter's inhaler on the trip.",
         "Sarcasm aimed at you, praise for a failure: 'well done' and 'forgetting'."),
        ("Funny how Mrs Sharma at Oakfield always has time for the same three families. Some of us notice.",
         "Sarcasm aimed at you: 'funny how' and 'some of us notice'."),
    ],
)
def test_threats_demands_and_sarcasm_are_negative(snippet: str, expected: str) -> None:
    a = check(PARENTS, "Oakfield parents", snippet)
    assert a.codes == ["negative"]
    assert reason(a, "negative") == expected


@pytest.mark.parametrize(
    "snippet",
    [
        "Huge thanks to Mrs Sharma at Oakfield, my son lost his first tooth at school and she made him a certificate!",
        "Mrs Sharma at Oakfield should be given an award, she never gives up on the kids",
        "Mrs Sharma at Oakfield lives and breathes teaching, honestly the best",
        "Our son should report to Mrs Sharma at Oakfield at 8.30 on the first day.",
    ],
)
def test_praise_and_plain_news_stay_unflagged(snippet: str) -> None:
    a = check(PARENTS, "Oakfield parents", snippet)
    assert a.about_me and a.codes == [], snippet


# --- how pupils write the name --------------------------------------------------------------------------


def test_miss_a_slip_of_spelling_and_the_surname_alone_are_the_teacher_with_the_school_in_view() -> None:
    slip = check(TWEET, "Post", "miss sharam gave us a detention at oakfield", PRIYA)
    assert slip.about_me and slip.reasons[0] == "Your name appears as 'Mrs Sharma', as pupils write it."
    alone = check(TWEET, "Post", "llewellyn lost it in PE today #brynhafod", GARETH)
    assert alone.about_me and alone.reasons[0] == "Your surname appears on its own ('Llewellyn'), as pupils write it."
    stranger = check(TWEET, "Post", "Great goal from Rhys Llewellyn for Cardiff Met tonight", GARETH)
    assert not stranger.about_me


# --- personal information and pictures ---------------------------------------------------------------------


def test_a_street_after_the_name_or_in_a_word_for_homes_is_personal_info() -> None:
    a = check("https://nextdoor.co.uk/p/Zx9", "Lost keys", "Priya Sharma here from Knighton Drive, found a set of keys by the post box")
    assert reason(a, "personal_info") == "A home street (Knighton Drive) appears near your name."
    a = check(PARENTS, "Oakfield parents", "Mrs Sharma from Oakfield is in one of the houses on Elmfield Avenue")
    assert reason(a, "personal_info") == "A home street (Elmfield Avenue) appears near your name."


def test_saying_a_number_was_given_without_the_number_is_not_personal_info() -> None:
    a = check(PARENTS, "Oakfield parents", "Mrs Sharma at Oakfield gave my son her personal number. Is that normal?")
    assert "personal_info" not in a.codes and "safeguarding" in a.codes


def test_a_video_post_is_never_a_photo_of_her() -> None:
    """The labelling conventions: `photo` is for still pictures of her, not videos that show her."""
    a = check("https://www.youtube.com/shorts/Ab12Cd34Ef5", "mrs sharma doing the egg and spoon at oakfield sports day", "")
    assert a.about == "you" and "photo" not in a.codes
    talk = check("https://www.youtube.com/shorts/Ab12Cd34Ef6", "mrs sharma oakfield sports day", "")
    assert "photo" not in talk.codes  # a video that names her is not said to show her
    own = check("https://www.tiktok.com/@mrssharmateaches/video/7400000000000000009", "Mrs Sharma", "Phonics song")
    assert own.own and "photo" not in own.codes


def test_a_bluesky_account_at_its_own_address_is_the_users_own() -> None:
    a = check("https://mrssharmateaches.bsky.social", "Mrs Sharma", "Primary teacher, Leicester. Terrible puns.")
    assert a.own and a.codes == []


# --- more wordings of the same situations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "profile", "safeguarding"),
    [
        ("my mate got a vid of sir llewellyn dancing at the bryn hafod disco", GARETH,
         "Pupils filming or photographing you, or another member of staff, in the words 'my mate' and 'vid'."),
        ("someone's posted mrs sharma crying in the corridor on tiktok #oakfield", PRIYA,
         "A picture or video of you passed round, in the words 'posted' and 'tiktok'."),
        ("she doesnt even know we got her on video, mrs sharma from oakfield", PRIYA,
         "Someone filming or photographing you without your knowing, in the words 'video' and 'doesnt even know'."),
        ("anyone got mr llewellyn's address? the bryn hafod pe teacher", GARETH,
         "Someone is asking where you live, in the words 'anyone got' and 'address'."),
    ],
)
def test_other_wordings_of_the_situations_are_found(snippet: str, profile: Profile, safeguarding: str) -> None:
    a = check(TWEET, "kai on X", snippet, profile)
    assert a.about_me and reason(a, "safeguarding") == safeguarding
    assert "negative" not in a.codes


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("How is Mrs Sharma at Oakfield still allowed near children? Beyond me.",
         "A judgement that you are unfit: 'still allowed'."),
        ("Mrs Sharma at Oakfield will get what's coming to her, mark my words",
         "A threat in plain words near your name: 'get what's coming'."),
        ("Thanks a lot Mrs Sharma at Oakfield for losing my son's coat. Again.",
         "Sarcasm aimed at you, praise for a failure: 'thanks a lot' and 'losing'."),
    ],
)
def test_more_hostility_without_an_insult_word(snippet: str, expected: str) -> None:
    a = check(PARENTS, "Oakfield parents", snippet)
    assert a.codes == ["negative"] and reason(a, "negative") == expected


def test_someone_upset_crying_or_ill_is_news_not_hostility() -> None:
    news = check("https://www.leicestermercury.co.uk/news/oakfield-vandals-1", "Oakfield Primary vandalised",
                 "Headteacher Priya Sharma said staff were shocked and upset after vandals smashed windows at Oakfield Primary.")
    ill = check(TWEET, "kai on X", "mr llewellyn at bryn hafod is not okay today, he was off sick", GARETH)
    assert news.about_me and news.codes == [] and ill.about_me and ill.codes == []


def test_a_parents_complaint_is_not_a_childs_despair() -> None:
    a = check(PARENTS, "Oakfield parents", "I'm not happy with Mrs Sharma at Oakfield. No point emailing, she never replies.")
    assert a.codes == ["negative"]


def test_a_postcode_district_named_as_a_home_is_personal_info() -> None:
    a = check(TWEET, "kai on X", "mrs sharma from oakfield lives in LE2 lol near the park")
    assert reason(a, "personal_info") == "The postcode district of a home (LE2) appears near your name."


def test_a_question_or_a_demand_about_something_else_is_not_about_the_teacher() -> None:
    for snippet in ("Anyone know which road the new leisure centre is on? Mrs Sharma at Oakfield mentioned it",
                    "We know Knighton Road well, Mrs Sharma at Oakfield grew up near there",
                    "The Year 5 trip form needs to be returned by Friday, says Mrs Sharma at Oakfield"):
        a = check(PARENTS, "Oakfield parents", snippet)
        assert a.about_me and a.codes == [], snippet


def test_a_school_named_after_its_street_is_not_a_home_street() -> None:
    a = check("https://www.leicestermercury.co.uk/news/fun-run-2", "Fun run", "Priya Sharma of Knighton Road Primary ran the fun run.")
    assert "personal_info" not in a.codes
    assert a.about == "someone_else"  # another school than hers
    assert a.about_reasons[0] == "at another school, Knighton Road Primary; yours is Oakfield Primary School"


def test_a_video_of_the_class_shared_by_parents_is_not_pupils_filming_the_teacher() -> None:
    a = check(PARENTS, "Oakfield parents", "Loved the kids' video of Mrs Sharma's class assembly at Oakfield, shared on the school page")
    assert "safeguarding" not in a.codes
    a = check(PARENTS, "Oakfield parents", "Apparently Mrs Sharma's Year 3s at Oakfield are doing a sponsored silence. Kids are messaging me for sponsors")
    assert a.codes == []
    a = check(PARENTS, "Oakfield parents", "Does anyone know where Mrs Sharma's class photos are? They were meant to come home on Friday")
    assert "safeguarding" not in a.codes
    a = check(TWEET, "kai on X", "the kids caught mrs sharma out with an april fool at oakfield, she was laughing all day")
    assert a.about_me and a.codes == []


def test_a_concern_naming_the_teacher_only_as_pupils_do_is_shown_in_case_it_is_her() -> None:
    a = check(TWEET, "jay on X", "does anyone know which road mrs sharma lives on me and kai wanna knock lol")
    assert a.about_me and a.codes == ["safeguarding"]
    # a pupil's post naming her as pupils do is about her (sixth round): before, "not sure"
    assert a.about == "you"
    assert a.about_reasons[0].startswith("a post naming you as pupils do ('mrs sharma'): in a pupil's words ('lol')")
    assert reason(a, "safeguarding") == "Someone is asking where you live, in the words 'does anyone know which road'."
    plain = check(TWEET, "jay on X", "Mrs Sharma is honestly the nicest person ever.")  # nothing of who writes
    assert not plain.about_me


def test_the_teachers_own_words_in_the_news_are_not_hostility_but_a_complaint_about_her_is() -> None:
    news = check("https://www.leicestermercury.co.uk/news/abuse-teachers-9", "Teachers face abuse online",
                 "Priya Sharma, a teacher at Oakfield Primary, said she had been sent vile messages after a parents' evening.")
    assert news.about_me and news.codes == []
    complaint = check(PARENTS, "Oakfield parents", "Mrs Sharma at Oakfield said my son was stupid in front of everyone.")
    assert complaint.codes == ["negative"]


def test_a_street_written_in_lower_case_and_a_birthday_are_personal_info() -> None:
    a = check(TWEET, "kai on X", "mrs sharma from oakfield lives on elm tree avenue i seen her")
    assert reason(a, "personal_info") == "A home street (elm tree avenue) appears near your name."
    a = check(PARENTS, "Oakfield parents", "Mrs Sharma at Oakfield, her birthday is the 12th of March if anyone wants to send a card")
    assert reason(a, "personal_info") == "A date of birth (birthday is the 12th of March) appears near your name."
    a = check(TWEET, "kai on X", "mrs sharma from oakfield lives on the edge tbh")
    assert "personal_info" not in a.codes


@pytest.mark.parametrize(
    ("snippet", "profile", "expected"),
    [
        ("got mrs sharma on my story 😂😂 she didnt have a clue #oakfield", PRIYA,
         "Someone filming or photographing you without your knowing, in the words 'on my story' and 'didnt have a clue'."),
        ("me n my mates waited outside mr llewellyn's house last night lol #brynhafod", GARETH,
         "Someone says they went to your home, in the words 'waited outside' and 'house'."),
        ("heard mr llewellyn drives one of the year 11 girls home after netball #brynhafod", GARETH,
         "A rumour about you and a pupil, in the words 'heard', 'year 11' and 'drives'."),
        ("mrs sharma at oakfield has a secret insta and follows loads of year 6s", PRIYA,
         "Someone reaching a child in private, in the words 'follows', 'year 6s' and 'insta'."),
    ],
)
def test_new_wordings_of_filming_visiting_rumours_and_contact(snippet: str, profile: Profile, expected: str) -> None:
    a = check(TWEET, "kai on X", snippet, profile)
    assert a.about_me and reason(a, "safeguarding") == expected


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("Shocked Mrs Sharma at Oakfield is still employed after what happened last term",
         "Contempt for you: 'shocked' and 'still employed'."),
        ("Who does Mrs Sharma at Oakfield think she is? Talking to parents like that.",
         "Contempt for you: 'who does' and 'think she is'."),
        ("Mrs Sharma at Oakfield has it in for my son, every single day he's in trouble",
         "The words 'has it in for' appear near your name."),
    ],
)
def test_contempt_in_plain_words_is_negative(snippet: str, expected: str) -> None:
    a = check(PARENTS, "Oakfield parents", snippet)
    assert a.codes == ["negative"] and reason(a, "negative") == expected


def test_the_school_written_with_a_possessive_and_a_house_number_before_the_street() -> None:
    a = check(TWEET, "kai on X", "mrs sharma from oakfield's number is 0116 496 0123 lol")
    assert a.about_me and reason(a, "personal_info") == "A phone number (0116 496 0123) appears near your name."
    a = check(PARENTS, "Oakfield parents", "Mrs Sharma from Oakfield - she's at no. 14 on Stoneygate Road")
    assert reason(a, "personal_info") == "A home street (Stoneygate Road) appears near your name."


def test_asking_whether_rather_than_where_someone_lives_is_not_safeguarding() -> None:
    a = check(PARENTS, "Oakfield parents", "Does anyone know if Mrs Sharma at Oakfield still lives in Leicester? My mum taught with her")
    assert a.about_me and a.codes == []


def test_asking_a_pupil_for_pictures_and_slang_for_suicide_are_safeguarding() -> None:
    a = check(TWEET, "kai on X", "mr llewellyn keeps asking the year 10 girls for selfies #brynhafod", GARETH)
    assert reason(a, "safeguarding") == (
        "Someone asking a young person for pictures, in the words 'keeps asking', 'year 10' and 'selfies'."
    )
    a = check(TWEET, "kai on X", "even mrs sharma at oakfield cant help me anymore. gonna kms")
    assert reason(a, "safeguarding") == "The word 'kms' appears near your name."
    a = check(PARENTS, "Oakfield parents", "Mrs Sharma at Oakfield asked the parents for photos of the kids in fancy dress")
    assert "safeguarding" not in a.codes

# --- end to end: what the digest shows ---------------------------------------------------------------------

DIGEST_RESULTS = [
    ("https://www.tiktok.com/@y5_jayden/video/7400000000000000042", "recordin miss whitfeild asleep in assembly 😂 #staidans",
     "she dosent even know lol"),
    ("https://www.facebook.com/groups/staidansparents/posts/77/", "St Aidan's Parents",
     "Congratulations to Mrs Whitfield at St Aidan's on losing my daughter's reading record for the third time."),
    ("https://www.facebook.com/groups/staidansparents/posts/78/", "St Aidan's Parents",
     "Mrs Whitfield at St Aidan's stayed late to help my son with his reading, what a star."),
]


@pytest.fixture
def digest_searx(httpserver):  # type: ignore[no-untyped-def]
    return serve_searxng(httpserver, DIGEST_RESULTS)


def test_the_digest_shows_the_situations_and_their_words(home: Path, digest_searx) -> None:  # type: ignore[no-untyped-def]
    config = _config(home, digest_searx.url_for("").rstrip("/"))
    assert cli("--config", str(config), "run", "--no-email").returncode == 0
    out = home / "preview.html"
    preview = cli("--config", str(config), "digest", "--preview", "--out", str(out))
    assert preview.returncode == 0, preview.stderr
    text = out.with_suffix(".txt").read_text() if out.with_suffix(".txt").exists() else out.read_text()
    assert "Someone filming or photographing you without your knowing, in the words" in text
    assert "'recordin'" in text and "'dosent even know'" in text
    assert "Sarcasm aimed at you, praise for a failure: 'congratulations' and 'losing'." in text.replace("&#39;", "'")
    items = {m["url"]: m for m in json.loads(cli("--config", str(config), "mentions", "--json").stdout)}
    assert items["https://www.facebook.com/groups/staidansparents/posts/78/"]["flags"] == []
