"""Pictures of her (the `photo` flag): an image result, a photo post whose words say it shows her, a video
post that says she is in it, a caption on a news or school page, an account whose picture is said to be
hers. A post that only names her beside a picture says nothing of what the picture shows.
"""

from __future__ import annotations

import re

from repwatch.pipeline.triage.concepts import Hit
from repwatch.pipeline.triage.readings import doubt as _doubt
from repwatch.pipeline.triage.readings import shown_doing as _shown_doing
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import Lexicon, article, fold, quote, words_sentence
from repwatch.pipeline.triage.who import Reading
from repwatch.platforms import is_social, label

_COUNTS = re.compile(r"\b\d[\d,.]*[km]?\s+(?:photos?|videos?|posts?|pics?|reels?|clips?)\b")


def photo(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    if r.own_account:
        return None  # the user's own account and its posts: their own pictures, not someone else's of them
    name = label(r.shape.platform)
    if r.shape.kind == "image":
        return "An image search result: a picture was found with your name."
    if r.shape.photo:
        shown = _shown_in_picture(r, lex, text, sc)
        return f"It is {article(name)} photo post that shows you ({shown})." if shown else None
    if r.shape.kind == "post" and r.shape.platform in lex.video_platforms:
        return _video_of_her(r, lex, text, sc, name)
    if not is_social(r.shape.platform) and r.shape.kind != "account":
        captioned = _captioned(r, lex, text, sc)
        if captioned:
            return f"The page says you are in its picture ({captioned})."
    reported = r.shape.kind == "post" and bool(sc.of("capture", "spread", "online", "hearsay"))
    if r.shape.kind == "account":
        said = picture_said(r)
        if said:
            return f"Its picture is said to be yours ('{said}')."
        return None  # an account's page describes its own posts ("DM for class pics"); her photo on it is matched apart
    if is_social(r.shape.platform) and not reported:  # "someone filmed her and put it on TikTok": not here
        text = _COUNTS.sub(lambda m: " " * len(m.group(0)), text)  # "3 videos", "120 photos": a profile's counts
        words = r.found_near(lex.photo, text) or sc.words(sc.aimed(("capture", "picture")))  # "a vid of sir"
        if not words and sc.of("online"):
            words = sc.words(sc.aimed(("spread",)))  # "posted mrs hill on tiktok"
        if words:
            return words_sentence(words, f"in this {name} {'page' if r.shape.kind == 'account' else 'post'}")
    return None


def _captioned(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    """A caption on a newspaper's or a school's page saying she is in its picture: a caption word in the
    sentence that names her ("Head of drama Sioned Roberts (pictured, centre)", "Mr Murphy … is pictured
    with the winners"), or a picture word, then where in it ("photos of the staff team below")."""
    named = {sc.clause[i] for i in sc.person}
    prose = text[: len(r.raw)]
    for m in (lex.captions.finditer(prose) if lex.captions else ()):
        at = next((i for i, t in enumerate(sc.tokens) if t.end > m.start()), None)
        if at is not None and sc.clause[at] in named:
            return f"'{m.group(0)}'"
    picture, placed = sc.followed(("picture",), ("placed",), gap=6)
    if picture and sc.clause[picture[0].first] in named:
        return f"'{sc.text[picture[0].start : placed[0].end]}'"
    return None


def _shown_in_picture(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    """A photo post shows her when its words say so, not because it names her: a picture word ("pic",
    "snapped", "📸"), an occasion the picture was taken at ("sports day", "hen do", "throwback"), her in
    company ("with Ms Rahman", "with this one @jo.whitfield"), her account tagged in it, or her in a
    scene ("Mr Wilson getting soaked"). A pupil's opinion ("mr harris is goated") or a parent's post
    about her posted as a picture says nothing of what the picture shows."""
    prose = _COUNTS.sub(lambda m: " " * len(m.group(0)), text[: len(r.raw)])
    words = (r.found_near(lex.photo, prose) or sc.words(sc.of("capture", "picture") + _occasions(sc))
             or [e for e in _PICTURE_EMOJI if e in prose])
    if words:
        return quote(words)
    company = next((t for i, t in enumerate(sc.tokens) if t.word in ("with", "efo", "gyda", "wi")
                    and (i + 1 in sc.person or (i + 3 < len(sc.tokens) and i + 3 in sc.person and sc.tokens[i + 1].word == "the")
                         or sc.tokens[i + 1 : i + 3] and [w.word for w in sc.tokens[i + 1 : i + 3]] == ["this", "one"])), None)
    if company is not None:
        return f"'{sc.text[company.start : company.end]} …'"
    if any(0 <= start < len(r.raw) and r.text[start] == "@" for _, _, start, _ in r.name_hits):
        return "your account is tagged in it"
    if _shown_doing(sc):
        return "it shows you doing something"
    return None


# Before "do", a word that makes it the verb ("i cant do it", "how much longer i can do it"); after it, an
# object. "hen do", "leavers do", "the Christmas do" are occasions.
_DOER = frozenset({"i", "we", "you", "u", "they", "she", "he", "to", "cant", "can", "could", "will", "would", "should",
                   "dont", "didnt", "doesnt", "wont", "must", "might", "lets", "and", "or", "not", "just", "even", "never",
                   "id", "ll", "d"})  # "i'd do", "we'll do"
_DONE = frozenset({"it", "this", "that", "them", "her", "him", "me", "us", "anything", "nothing", "something", "everything",
                   "the", "a", "an", "my", "your", "his", "their", "our", "what", "so", "more", "any", "some"})


def _occasions(sc: Scene) -> list[Hit]:
    """The occasions a picture was taken at, less "do" where it is the verb, not the party."""
    out = []
    for h in sc.of("occasion"):
        if h.first == h.last and sc.tokens[h.first].word == "do":
            before = sc.tokens[h.first - 1].word if h.first > 0 and sc.clause[h.first - 1] == sc.clause[h.first] else ""
            after = sc.tokens[h.last + 1].word if h.last + 1 < len(sc.tokens) and sc.clause[h.last + 1] == sc.clause[h.first] else ""
            if not before or before in _DOER or after in _DONE:
                continue
        out.append(h)
    return out


_PICTURE_EMOJI = ("\U0001f4f8", "\U0001f4f7", "\U0001f382")  # 📸 📷 🎂


_HER_PICTURE = re.compile(
    r"^(?:'s|\u2019s|s')\s+(?!(?:class|pupils|kids|children|school|form|year)\b)(?:[\w\-]+\s+){0,2}?"
    r"(?:photo|picture|pic|headshot|selfie|image|portrait)s?\b", re.IGNORECASE)


def picture_said(r: Reading) -> str | None:
    """An account's page says its picture is hers: "Profile photo: Mrs Doherty's staff photo", "the same
    picture as Mr Taylor's headshot". Her own photo on someone else's profile is someone using her face."""
    if r.own_account:
        return None
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _HER_PICTURE.match(r.raw[end:])
            if m:
                return r.raw[start : end + m.end()]
            before = (_PICTURE_OF.search(r.raw[max(0, start - 30) : start])  # "profile photo: a photo of Mrs Patel"
                      or _PROFILE_PICTURE.search(r.raw[max(0, start - 60) : start]))  # "Profile photo: Mr Harris at …"
            if before:
                return r.raw[start - len(before.group(0)) : end]
    said = _PROFILE_IS_HER.search(r.raw)  # "pfp is literally her", with her name elsewhere on the page
    return said.group(0) if said and r.name_hits else None


# An account's own picture, named: "Profile photo: Mrs Quinn in her lanyard", "pfp is Mr Harris", Welsh
# "Llun proffil: Mrs Evans" (profile picture). Its picture is her: someone is using her face.
_PROFILE_WORDS = r"(?:profile\s+(?:photo|pic|picture|image)|pfp|avatar|display\s+(?:pic|picture)|llun\s+proffil)"


_PROFILE_PICTURE = re.compile(
    _PROFILE_WORDS + r"(?:\s*(?:[:=\-\u2013]|\bis\b(?:\s+literally|\s+actually|\s+just)?|\byw\b)\s*(?:(?:a|the|an)\s+)?"
    r"(?:(?:photo|pic|picture|selfie|headshot)\s+(?:of|from)\s+)?"
    # taken from her: "Profile picture and posts copied from @jo.teaches", "pfp stolen off Mrs Hill's page"
    r"|(?:\s+and\s+\w+)?\s+(?:(?:is|was|were)\s+)?(?:copied|taken|stolen|lifted|nicked|ripped|screenshotted)\s+(?:from|off)\s+)$",
    re.IGNORECASE)


_PROFILE_IS_HER = re.compile(_PROFILE_WORDS + r"\s*(?:is|'s|=|:)\s*(?:literally\s+|actually\s+|just\s+)?(?:her|him|his)\b"
                             r"(?:(?:\s+[\w\-']+){0,2}?\s+(?:photo|pic|picture|headshot|selfie|image)s?\b)?",
                             re.IGNORECASE)


_PICTURE_OF = re.compile(r"\b(?:photo|picture|pic|headshot|image|selfie)s?\s+(?:of|from|as)\s+(?:the\s+real\s+)?$",
                         re.IGNORECASE)  # "a photo of Mrs Patel", "the same photo as Mrs Price"


_VIDEO = re.compile(r"\b(?:video\w*|vid|vids|film\w*|record\w*|clip|clips|reel|reels|footage|fideo|ffilm\w*)\b")
_STILL = re.compile(r"\b(?:pic|pics|picture|photo|photos|snapped|selfie|screenshot|ffoto|llun)\b")


def a_video(r: Reading, lex: Lexicon) -> bool:
    """The page is a video, not a still picture: a post on a site where every post is a video, or a post
    whose words say it is one ("recorded", "vid of"), with no still's sign (a photo post, an image result,
    📸, "pic", "snapped"). The labelling conventions: `photo` is for still pictures of her; a pupil's video
    of her is for safeguarding."""
    if r.shape.kind in ("image", "account") or any(e in r.raw for e in _PICTURE_EMOJI[:2]):
        return False
    if r.shape.photo:  # a photo post, but an Instagram reel's address ("/reel/") is a video's
        return r.shape.platform == "instagram" and bool(re.search(r"\b(?:reel|reels|tv)\b", r.text[len(r.raw) :]))
    prose = fold(r.raw)
    if r.shape.platform in lex.video_platforms:
        return True
    return is_social(r.shape.platform) and bool(_VIDEO.search(prose)) and not _STILL.search(prose)


# Said bare ("Profile photo.", "Profile picture and cover photo", "Profile picture updated"); a picture described
# ("Profile photo: a sunset over the lake", "pfp is her") is picture_said's to read.
_PROFILE_SHOWN = re.compile(r"\b(?:profile\s+(?:photo|pic|picture|image)|cover\s+photo|pfp|llun\s+proffil)\b"
                            r"(?!\s*(?:[:=\-\u2013]|is\b|yw\b|'s\b))", re.IGNORECASE)


def profile_picture(r: Reading) -> str | None:
    """An account's page says it shows a profile picture ("Profile photo.", "Profile picture updated 2 days
    ago"): on an account pretending to be her, that picture is most likely hers (a stranger with her name
    would not be flagged as pretending). Read only beside `impersonation`."""
    if r.shape.kind != "account" or r.own_account:
        return None
    m = _PROFILE_SHOWN.search(r.raw)
    return f"An account pretending to be you shows a profile picture ('{m.group(0)}'): it may be yours." if m else None


def video_post(r: Reading, lex: Lexicon) -> str | None:
    """A post on a site where every post is a video (for pupils' posts about her: see _pupils_picture)."""
    if r.shape.kind == "post" and r.shape.platform in lex.video_platforms:
        return f"It is {article(label(r.shape.platform))} video post."
    return None


def _video_of_her(r: Reading, lex: Lexicon, text: str, sc: Scene, name: str) -> str | None:
    """A video post is a picture of her only when its words say she is in it: filming words near her
    name ("filmed mrs wright", "vid of sir", "got her on my brothers phone", "when she wasnt looking"),
    or a caption with her as the clip's subject ("Mr Okafor losing it in period 3", "POV: Ms Whitfield
    when …", "miss khan vs the smartboard"). Every post on TikTok is a video, but most that name a
    teacher are pupils talking about her (praise, a complaint, a worry): a photo flag on each of them
    buries the few that show her."""
    prose = text[: len(r.raw)]  # the address's words ("/video/") are not the post's
    words = (r.found_near(lex.photo, _COUNTS.sub(lambda m: " " * len(m.group(0)), prose))
             or sc.words(sc.aimed(("capture", "picture", "catch")))
             or [w for w in sc.words([h for h in sc.of("secrecy") if not _doubt(sc, h)]) if not w.startswith(("find", "found"))])
    if words:
        return f"It is {article(name)} video that shows you, in the words {quote(words)}."
    caption = caption_subject(r, lex)
    if caption:
        return f"It is {article(name)} video of you: '{caption}'."
    return None


# A clip's caption with the person as its subject: the name, then "when", "vs" or a verb in -ing.
_CAPTION = re.compile(r"^\s*(?:pov:?\s+)?(?P<name>.{1,40}?)\s+(?:absolutely\s+|actually\s+|just\s+)?"
                      r"(?:when|vs\.?|versus|tryna|trying|[a-z]{2,}ing)\b", re.IGNORECASE)


def caption_subject(r: Reading, lex: Lexicon) -> str | None:
    """The title (or the post's first words) names her, or a teacher ("Teacher at St Aidan's losing
    it"), then what she does in the clip."""
    parts = r.raw.split(" | ")
    for part in (parts[0], *(p.split("\u00b7")[-1] for p in parts[1:2])):
        part = part.strip()
        m = _CAPTION.match(part.split(":", 1)[-1] if part.lower().startswith("pov") else part)
        if m is None:
            continue
        subject = m.group("name")
        offset = r.raw.find(subject)
        named = offset >= 0 and any(s == offset and e == offset + len(subject) for _, _, s, e in r.name_hits)
        teacher = len(subject.split()) <= 4 and lex.role.search(fold(subject))
        if named or teacher:
            return part[:60]
    return None


def depicted(r: Reading, lex: Lexicon, sc: Scene) -> bool:
    """The post says what the picture shows her doing or how it was taken, not only that there is a
    picture near her name ("Video of Year 4's nativity, directed by Mrs Whitfield"): filming aimed at her
    ("recorded miss whitfeild", "ffilmes i fe"), her in a scene ("mr p absolutely losin it", "mrs mac's
    face when"), a clip's caption with her as its subject, taken without her knowing, or a 📸 beside her."""
    return bool(sc.aimed(("capture", "picture")) or _shown_doing(sc) or caption_subject(r, lex)
                or [h for h in sc.of("secrecy") if not _doubt(sc, h)] or sc.unaware()
                or any(e in r.raw for e in _PICTURE_EMOJI[:2]))


_TAKERS = frozenset({"i", "we", "my", "me", "ma", "mi", "our", "us"})


def writer_took(sc: Scene) -> str | None:
    """The writer says they filmed or caught her: a word of filming or catching in a sentence where the
    writer speaks ("caught mrs clarke fallin off her chair on my ipad", "we filmed the whole thing")."""
    for h in sc.of("capture", "spotted", "catch"):
        c = sc.clause[h.first]
        if any(sc.clause[i] == c and t.word in _TAKERS for i, t in enumerate(sc.tokens)):
            return f"the writer says they took it ('{sc.text[h.start : h.end]}')"
    return None
