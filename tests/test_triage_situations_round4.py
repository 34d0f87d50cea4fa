"""The fourth round of situations and flags (issue 23): what a page says she did, and what a picture
shows, read from the shape of what is written rather than from the last batch's words.

- An accusation is negative whatever its words: a parent's report that she reached their child in
  private, a rumour of her and a pupil or a parent (asked as a worry or passed on as gossip), her
  favourites, a low star rating, mockery by comparison.
- Hearsay and closeness are read from the sentence's shape: someone else *says* it of her ("my cousin
  says Mrs Okoro …"), a word of degree with a word of closeness ("well friendly wi").
- Despair in more families: how much longer the writer can bear it, not able to keep on ("cant keep
  pretending"), one thing holding them up, a goodbye to readers, someone checking on them.
- Pupils' remarks on her body, a plan to go where she lives (the writer, a word of the future, a way of
  moving), filming in a lesson, a pupil telling of her reaching them in private.
- Her home street given out in dialect ("bides in … Wynd"), but not her school's street; a child's date
  of birth asked for is not hers, a birthday with its year is.
- A photo post is a picture of her when its words say so (an occasion, her in company, her account
  tagged, a picture word), not because it names her; an account that says its profile picture is her
  uses her photo.

Every sentence here is new (written for these tests, not taken from a labelled batch)."""

from __future__ import annotations

from repwatch.config import Profile
from repwatch.pipeline.triage import assess
from tests.measure_triage import reason, result

NKEM = Profile(
    name="Nkem Okoro", honorifics=["Mrs"], handles=["instagram:mrsokoro_y3"], locations=["Walsall"],
    organisations=["Birchills Primary School"],
)  # fmt: skip
GROUP = "https://www.facebook.com/groups/walsallparents/posts/"


def check(url: str, title: str, snippet: str, kind: str = "post", profile: Profile = NKEM):  # noqa: ANN201
    return assess(result(url, title, snippet, kind), profile)


# --- accusations: negative without an insult word ------------------------------------------------


def test_a_parent_reporting_her_messaging_their_child_at_night_accuses_her() -> None:
    a = check(GROUP + "1", "Walsall Parents",
              "Mrs Okoro from Birchills has been messaging my son on WhatsApp after ten at night about reading "
              "records. Is that normal? I don't want to make a fuss.")
    assert a.about == "you"
    assert reason(a, "safeguarding").startswith("Someone reaching a child in private")
    assert reason(a, "negative").startswith("An accusation of reaching a child in private, in the words 'messaging'")


def test_a_parent_telling_what_she_gave_their_child_accuses_her() -> None:
    a = check(GROUP + "2", "Walsall Parents",
              "Mrs Okoro at Birchills gave my daughter her personal mobile on the residential and said to ring "
              "any time. Feels odd to me.")
    assert "safeguarding" in a.codes
    assert reason(a, "negative") == "A parent's report of what you did with their child ('personal mobile')."


def test_someone_pretending_to_be_her_is_not_her_doing() -> None:
    a = check(GROUP + "3", "Walsall Parents",
              "Careful, a page pretending to be Mrs Okoro from Birchills is messaging kids on Facebook. It is not her.")
    assert "safeguarding" in a.codes and "negative" not in a.codes


def test_favourites_that_are_hers_accuse_her_and_a_favourite_teacher_does_not() -> None:
    a = check(GROUP + "4", "Walsall Parents",
              "Mrs Okoro at Birchills always gives the solos to her favourites. Ours never gets a look in.")
    assert reason(a, "negative") == "Favouritism said of you: 'her favourites'."
    fond = check(GROUP + "5", "Walsall Parents",
                 "Mrs Okoro at Birchills is my daughter's favourite teacher ever, she adores her.")
    assert "negative" not in fond.codes


def test_a_low_star_rating_that_names_her_is_negative() -> None:
    a = check("https://www.google.com/maps/place/Birchills+Primary/reviews/r/1", "Birchills Primary School - reviews",
              "\u2605\u2606\u2606\u2606\u2606 Mrs Okoro gives spellings nobody can learn in a week and then keeps "
              "them in at break.", kind="web")
    assert a.about == "you"
    assert reason(a, "negative") == "A one-star review that names you."


def test_mockery_by_comparison_with_a_mocking_emoji_is_negative_and_praise_is_not() -> None:
    a = check("https://x.com/y6_jay/status/1", "jay on X",
              "mrs okoro reading the register like she's hosting the oscars \U0001f480 #birchills")
    assert reason(a, "negative").startswith("Mockery aimed at you: 'like she's")
    warm = check("https://x.com/y6_jay/status/2", "jay on X",
                 "mrs okoro explains fractions like shes a wizard honestly the best \U0001f602 #birchills")
    assert "negative" not in warm.codes


def test_unfit_to_be_near_children_said_without_her_name_in_the_sentence() -> None:
    a = check(GROUP + "6", "Walsall Parents",
              "Mrs Okoro at Birchills made my lad stand in the corridor all afternoon. Some people shouldn't be "
              "around kids.")
    assert reason(a, "negative").startswith("A judgement that you are unfit to be near children")


def test_good_news_about_waste_is_not_hostile() -> None:
    a = check("https://www.expressandstar.com/news/1", "Birchills eco council wins award",
              "Pupils led by teacher Nkem Okoro at Birchills Primary cut food waste by a third this year.", kind="news")
    assert a.about == "you" and "negative" not in a.codes


# --- hearsay and closeness from the sentence's shape ---------------------------------------------


def test_someone_else_saying_it_of_her_is_hearsay() -> None:
    a = check("https://www.reddit.com/r/walsall/comments/1/comment/2/", "r/walsall - comment",
              "My cousin says Mrs Okoro from Birchills has been driving a Year 6 boy home every Friday.")
    assert reason(a, "safeguarding") == ("A rumour about you and a pupil, in the words 'says', 'year 6' and "
                                         "'driving'.")
    assert reason(a, "negative").startswith("An accusing rumour about you and a pupil")


def test_a_word_of_degree_and_a_word_of_closeness_with_a_class_parent() -> None:
    a = check("https://www.reddit.com/r/walsall/comments/3/comment/4/", "r/walsall - comment",
              "Word going round Birchills is that Mrs Okoro is well friendly with one of the Y3 dads.")
    assert reason(a, "safeguarding").startswith("A rumour about you and a pupil's parent")
    assert "negative" in a.codes


def test_a_video_going_round_a_chat_is_not_closeness() -> None:
    a = check(GROUP + "7", "Walsall Parents",
              "Apparently a Y6 lad filmed Mrs Okoro crying in the hall and it's going round the kids' Snapchat. "
              "Poor woman.")
    assert "safeguarding" in a.codes and "negative" not in a.codes


# --- what a photo post shows ---------------------------------------------------------------------


def test_a_pupils_opinion_posted_as_a_photo_is_not_a_picture_of_her() -> None:
    a = check("https://www.instagram.com/p/Zx81Qw/", "kezia.y6 on Instagram",
              "mrs okoro is lowkey the best teacher at birchills no cap")
    assert a.about == "you" and "photo" not in a.codes


def test_a_photo_post_of_an_occasion_with_her_is_a_picture_of_her() -> None:
    a = check("https://www.instagram.com/p/Zx82Qw/", "walsall.mum on Instagram",
              "Christmas fair at Birchills with the lovely Mrs Okoro \u2728")
    assert reason(a, "photo") == "It is an Instagram photo post that shows you ('christmas')."
    tagged = check("https://www.instagram.com/p/Zx83Qw/", "tolu.a on Instagram",
                   "miss these two @mrsokoro_y3 \U0001f970")
    assert reason(tagged, "photo") == "It is an Instagram photo post that shows you (your account is tagged in it)."


def test_an_account_that_says_its_profile_picture_is_her_uses_her_photo() -> None:
    a = check("https://x.com/MrsOkoroY3", "Nkem Okoro (@MrsOkoroY3) / X",
              "Year 3 teacher at Birchills Primary School. Profile pic: Mrs Okoro at the school's summer fair.",
              kind="account")
    assert "impersonation" in a.codes
    assert reason(a, "photo") == "Its picture is said to be yours ('Profile pic: Mrs Okoro')."


# --- pupils' situations in new words -------------------------------------------------------------


def test_despair_read_from_how_long_the_writer_can_bear_it_and_someone_checking_on_them() -> None:
    a = check("https://www.tiktok.com/@bex.y9/video/1", "bex on TikTok",
              "mrs okoro is the only one who asks if im ok. honestly dont know how much more i can take of this",
              kind="web")
    assert reason(a, "safeguarding").startswith("Someone may be in distress or thinking of harming themselves")
    assert "negative" not in a.codes


def test_not_able_to_keep_on_and_a_lifeline_are_despair_and_a_lifeline_alone_is_not() -> None:
    a = check("https://www.tumblr.com/quiet-fern/1", "quiet-fern on Tumblr",
              "i cant keep smiling through it. mrs okoro's wee chats are the only thing keeping me going tbh")
    assert reason(a, "safeguarding").startswith("Someone may be in distress")
    fond = check("https://www.tumblr.com/quiet-fern/2", "quiet-fern on Tumblr",
                 "mrs okoro's choir is what keeps me going on mondays, love it")
    assert "safeguarding" not in fond.codes


def test_pupils_remarks_on_her_body_are_a_sexual_remark_and_the_writers_disgust_is_not_hostility() -> None:
    a = check("https://x.com/tia_b/status/1", "tia on X",
              "the year 6 boys keep going on about mrs okoro's figure at swimming. so grim honestly")
    assert reason(a, "safeguarding") == "A sexual remark about you by pupils, in the words 'okoro's figure'."
    assert "negative" not in a.codes


def test_a_plan_to_follow_her_to_find_her_house() -> None:
    a = check("https://www.snapchat.com/spotlight/Q1", "Spotlight Snap",
              "we'll walk behind mrs okoro after school and see which house she goes in \U0001f602", kind="web")
    assert reason(a, "safeguarding").startswith("Someone plans to go to your home, in the words 'house'")


def test_a_video_taken_in_a_lesson_is_pupils_filming_her() -> None:
    a = check("https://www.tiktok.com/@birch.y6/video/2", "birch y6 on TikTok",
              "Video from our Year 6 maths lesson: Mrs Okoro doing the times tables rap \U0001f602", kind="web")
    assert reason(a, "safeguarding") == "Pupils filming you in class, in the words 'video' and 'maths lesson'."


def test_a_pupil_telling_of_her_reaching_them_in_private() -> None:
    a = check("https://www.instagram.com/p/Qw1/", "jade.sings on Instagram",
              "mrs okoro added me from her private account and we message most nights about my solo \U0001f970")
    assert reason(a, "safeguarding").startswith("A pupil in private contact with a teacher")
    parent = check("https://www.facebook.com/groups/walsallparents/posts/12", "Walsall Parents",
                   "Mrs Okoro messaged me on WhatsApp after school to say the trip money is due Friday. Lovely lady.")
    assert "safeguarding" not in parent.codes


# --- her details, and what is not hers ----------------------------------------------------------


def test_her_home_street_given_out_in_dialect_is_personal_information_and_safeguarding() -> None:
    a = check("https://x.com/birch_lads/status/3", "birch lads on X",
              "mrs okoro bides in Larch Wynd, the hoose wi the green door. her wee red Fiesta is aye ootside")
    assert reason(a, "personal_info") == "A home street (Larch Wynd) appears near your name."
    assert reason(a, "safeguarding").startswith("Someone gives out where you live")


def test_her_schools_street_name_is_not_her_home() -> None:
    ruth = Profile(name="Ruth Adey", honorifics=["Mrs"], locations=["Bow"], organisations=["Malmesbury Road Primary School"])
    a = check("https://www.facebook.com/groups/bowparents/posts/9", "Bow Parents",
              "Mrs Adey from Malmesbury Road ran the whole summer fair on her own, what a star.", profile=ruth)
    assert a.about == "you" and "personal_info" not in a.codes


def test_a_childs_date_of_birth_asked_for_is_not_hers_and_a_birthday_with_its_year_is() -> None:
    a = check("https://www.facebook.com/mrsokoro.birchills", "Mrs Okoro - Birchills Primary | Facebook",
              "Parents of Year 3, please send me your child's full name and date of birth for the trip list. Mrs Okoro",
              kind="account")
    assert "personal_info" not in a.codes
    b = check("https://www.facebook.com/photo/?fbid=77", "Facebook",
              "Happy 50th to the one and only Nkem Okoro \U0001f382 born 2nd May 1976, Birchills' finest!", kind="web")
    assert reason(b, "personal_info").startswith("A date of birth")
