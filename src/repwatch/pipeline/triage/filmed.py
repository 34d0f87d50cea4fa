"""Pupils filming or photographing a teacher and posting it (issue 23, fifth round).

A pupil's video or photo of a teacher, posted online, is for the school to know about (`safeguarding`),
whatever its caption says; posted to laugh at her, it is `negative` too. The labelling conventions: a
pupil's video is not `photo` (it was filmed in school, the school deals with it); a pupil's still photo
is. Read from three things met together, not from the words of one batch:

- the post is a picture: a photo post, an image result from a social site (a Snapchat Spotlight), or a
  post on a site where every post is a video;
- it shows her: triage's `photo` reason (a picture or filming word near her name, her doing something in
  the caption), or her caught or spotted somewhere ("caught mr paterson in asda", "spotted: miss T at the
  bus stop");
- a pupil posted it: pupils' ways of writing (`pupils_voice`), the writer saying they filmed it ("filmed
  fae under the table", "ffilmes i fe"), or an account pupils run, named for a year or for her school by
  its initials or tag with a word of their own ("kwhs.moments", "apa.year10.confessions"), not the school's
  own account ("waltonhallacademy", "kwhs_pe").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repwatch.pipeline.triage.despair import LAUGHING
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import Lexicon, fold
from repwatch.pipeline.triage.who import Reading, Who
from repwatch.platforms import is_social, label

_STILL_EMOJI = ("\U0001f4f8", "\U0001f4f7")  # 📸 📷: a still taken of someone
_QUOTED = re.compile(r"'[^']+'")  # the words a reason quotes
_PARTS = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"^(?:y|yr|year|s|p)?(?:[1-9]|1[0-3])$|^(?:y|yr|year)(?:[1-9]|1[0-3])[a-z]?$")
_POSTED_BY = re.compile(r"\bpost by @?([\w.]+)|^\s*\|?\s*([\w.]+) \u00b7|\bby @([\w.]+)", re.IGNORECASE)


@dataclass(frozen=True)
class PupilsPicture:
    """A pupil's picture of her: what to tell her (`safeguarding`), and whether it is a still (`photo`)."""

    reason: str
    still: bool


def poster_names(r: Reading) -> list[str]:
    """The names of the account that posted it: the address's handle, and the name sites put in the
    title ("Instagram post by @apa.year10.confessions", "y6.leavers · …")."""
    names = [r.shape.handle] if r.shape.handle else []
    for m in _POSTED_BY.finditer(r.raw):
        names += [g for g in m.groups() if g]
    return [fold(n).lstrip("@") for n in dict.fromkeys(names)]


def _school_marks(who: Who) -> list[str]:
    """Her school's initials, tags and names as folded words, the longer names only (an account's name
    or a hashtag holding one is the school's, or its pupils')."""
    return [m for _, _, m in who.school_marks] + [core for _, _, core in who.orgs if len(core) >= 5]


def pupils_account(r: Reading, who: Who, lex: Lexicon) -> str | None:
    """An account pupils run, read from its name: a year in it ("y6.leavers", "apa.year10.confessions"),
    or her school's initials, tag or name with a word of the pupils' own ("kwhs.moments", "whacademy.clips",
    "walton.hall.banter"). The school's own account is named for the school alone, or with a word of its
    own (`school_accounts`: "kwhs_pe", "waltonhall.sport")."""
    marks = _school_marks(who)
    official = lex.school_accounts
    for name in poster_names(r):
        parts = _PARTS.findall(name)
        if any(_YEAR.match(p) for p in parts):
            return name
        squashed = "".join(parts)
        mark = next((m for m in marks if len(m) >= 3 and m in squashed), None)
        if mark is None:
            continue
        if len(parts) == 1:  # "staidansprimaryliverpool": the school's own, with its own words run together
            rest = squashed.replace(mark, " ").strip()
            if rest and not any(len(w) >= 4 and w in rest for w in official):
                return name
            continue
        rest_parts = [p for p in parts if p not in mark and mark not in p and not p.isdigit()]
        own = [p for p in rest_parts if len(p) >= 3 and p not in official and not any(p in c for c in marks)]
        if own:
            return name
    return None


_VIDEO = re.compile(r"\b(?:video\w*|vid|vids|film\w*|record\w*|clip|clips|reel|reels|fideo|ffilm\w*)\b")


def _still(r: Reading, lex: Lexicon, prose: str) -> bool:
    """A still photo rather than a video: a photo post or an image result, a 📸, or a post on a site of
    photos (Instagram, X) that does not say it is a video."""
    if r.shape.photo or r.shape.kind == "image" or any(e in prose for e in _STILL_EMOJI):
        return True
    return r.shape.platform not in lex.video_platforms and not _VIDEO.search(fold(prose))


def pupils_picture(r: Reading, who: Who, lex: Lexicon, shown: str | None, voice: str | None,
                   caught: list[str], sc: Scene | None = None) -> PupilsPicture | None:
    """A pupil's video or photo of her, posted online (see the module's docstring). `shown` is triage's
    `photo` reason for the page (or None), `voice` the signs that a pupil wrote it (or that the writer
    filmed it), `caught` the words of her being caught or spotted somewhere. With the page's reading
    (`sc`), the writer's own capture act in any tense ("filmed from the back row", "man was filming",
    Welsh "fi'n ffilmio", "snapped her at the till") and a tag of her school are signs too, and a clip
    on a video site laughing at her (😂 💀 😭) shows her."""
    if r.own_account or not is_social(r.shape.platform) or r.shape.kind == "account":
        return None
    if not any(st in ("honorific", "surname", "pupil", "given") for st, _, _, _ in r.name_hits):
        return None  # pupils write "miss", "mr p" or the surname; a full name is an adult's way
    prose = r.raw
    took = writer_filmed(sc) if sc is not None else None
    if r.shape.kind == "image":  # an image result is a picture: where she was caught or found is the sign
        caught = caught or _placed(r) or ([took] if took else []) or _SNAP.findall(prose)[:1]
        if not caught:
            return None
    elif not (shown or caught):
        clip = video_clip(r, lex)
        laugh = clip and _laughing(_caption(r)) if _opens_caption(r) else None
        if clip and (took or laugh):  # "Mrs X on a mad one 😭😭": the clip's caption opens with her, laughing
            shown = f"It is {clip} of you ('{took or laugh}')."
        elif took and (r.shape.platform in lex.video_platforms or _SNAP.search(prose)):
            shown = f"It is a picture of you ('{took}')."
        else:
            return None
    account = pupils_account(r, who, lex)
    if account is None and schools_own(r, who, lex):
        return None  # the school's own account posting its staff
    tag = school_tag(r, who) if r.shape.platform not in _PARENTS_SITES and not _in_her_name(r) else None
    sign = ((f"posted by {account}" if account else None) or voice
            or (f"the writer says they took it ('{took}')" if took else None)
            or (f"tagged with your school ('{tag}')" if tag else None))
    if not sign:
        return None
    still = _still(r, lex, prose)
    said = _QUOTED.findall(shown or "") or [f"'{w}'" for w in caught]
    words = f" ({', '.join(dict.fromkeys(said))})" if said else ""
    did = "photographed" if still else "filmed"
    return PupilsPicture(f"A pupil seems to have {did} you and posted it on {label(r.shape.platform)}{words}. "
                         f"Signs a pupil posted it: {sign}. Tell your school.", still)


def snapped(r: Reading) -> str | None:
    """A camera emoji (📸 📷) in a post that names her: the post is a picture of her, taken where she was
    ("at tesco in her gym stuff 📸", "walker eating a pot noodle in his car 📸"), though the site does not
    mark it as a photo post (a story, a Snapchat). Only read with a sign that a pupil posted it."""
    if r.own_account or r.shape.kind != "post" or not is_social(r.shape.platform) or not r.name_hits:
        return None
    for m in _SNAP.finditer(r.raw):  # her name, then the camera in the same sentence: not an offer of class photos
        if any(0 <= end <= m.start() and not _BREAK.search(r.raw, end, m.start()) for _, _, _, end in r.name_hits):
            return f"It is a photo of you, posted on {label(r.shape.platform)} ('{m.group(0)}')."
    return None


_PLACED = re.compile(r"\s+(?:at|in|on|down|up|outside)\s+(?:the|a|an|her|his|big|wee|ma|my)?\s*[a-z]+", re.IGNORECASE)


def _placed(r: Reading) -> list[str]:
    """Her name, then where she is, in an image's words: "mrs X at the pub wi her man", "sir in big tesco"."""
    for _, _, _, end in r.name_hits:
        m = _PLACED.match(r.raw, end) if 0 <= end <= len(r.raw) else None
        if m:
            return [m.group(0).strip()]
    return []


_SNAP = re.compile("[" + "".join(_STILL_EMOJI) + "]")
# The writer as the one filming: the capture act's subject, said ("i", "we", "man", Welsh "fi'n", Scots
# "ah") or dropped as captions drop it ("filmed fae the back", "snapped her at the photocopier").
_WRITER = frozenset({"i", "im", "ive", "id", "we", "were", "weve", "me", "man", "mans", "fi", "fin", "ni", "nin", "ah", "av"})
_HER_WORDS = frozenset({"her", "him", "she", "he", "shes", "hes", "hi", "fe", "fo", "sir", "miss"})
_BETWEEN = frozenset({"was", "been", "be", "just", "literally", "had", "got", "n", "and", "is", "am", "m", "still",
                      "kept", "then", "even", "actually", "lowkey", "wedi", "yn", "nath", "ddaru"})
_CAPTURE_VERB = re.compile(r"^(?:film|record|videoe?d|videoing|vidd?ed|snap|ffilm|tynnu|screen)")
_GAP = re.compile(r"[^\w\s'’]")  # an emoji or a mark between two words: a caption's break
_CONSENT = re.compile(r"\b(?:permission|consent|caniatad)\b")
_PARENTS_SITES = ("facebook", "nextdoor")  # parents tag the school too


def _caption(r: Reading) -> str:
    """The title, a clip's caption as the site shows it (what comes before the first "|")."""
    return r.raw.split("|", 1)[0]


def _opens_caption(r: Reading) -> bool:
    """Her name opens the caption, as the clip's subject ("Mrs X on a mad one", "Mr Y yn colli hi")."""
    return any(st in ("honorific", "surname", "pupil") and 0 <= s <= 2 for st, _, s, _ in r.name_hits)


def writer_filmed(sc: Scene | None) -> str | None:
    """The writer says they filmed or snapped her, in any tense or language the word lists hold: a word
    of `capture` used as a verb whose subject is the writer, or that opens its clause with no subject
    (a caption's way). Not "filmed by", nor her or someone else as the one filming ("she filmed")."""
    if sc is None:
        return None
    for h in sc.of("capture"):
        if not _CAPTURE_VERB.match(sc.tokens[h.first].word):
            continue
        if h.last + 1 < len(sc.tokens) and sc.tokens[h.last + 1].word in ("by", "gan", "gyda"):
            continue
        c = sc.clause[h.first]
        near = [i for i, t in enumerate(sc.tokens) if c - 1 <= sc.clause[i] <= c]
        if _CONSENT.search(sc.text, sc.tokens[near[0]].start, h.end + 60) or not any(
                i in sc.person or sc.tokens[i].word in _HER_WORDS for i in near):
            continue  # filmed with consent, or nothing of her in its sentence or the one before
        k = h.first - 1
        while k >= 0 and sc.clause[k] == sc.clause[h.first] and sc.tokens[k].word in _BETWEEN:
            k -= 1
        opens = k < 0 or sc.clause[k] != sc.clause[h.first] or bool(_GAP.search(sc.text, sc.tokens[k].end, h.start))
        if opens or (sc.tokens[k].word in _WRITER and k not in sc.person):
            return sc.text[h.start : h.end]
    return None


_LAUGH = re.compile(LAUGHING.pattern + "|\U0001f62d{2}")  # and 😭😭: pupils laugh with it (one alone is as often tears or praise)


def _laughing(prose: str) -> str | None:
    """Laughter in a post (lol, 😂 💀 🤣, and 😭 twice or more, pupils' laugh as much as their tears):
    with a pupil's picture of her, mockery by the conventions' reading."""
    m = _LAUGH.search(prose.lower())
    return m.group(0) if m else None


_CLIP_PATH = re.compile(r"/video/|/shorts/|/reel/|/spotlight/|[?&]v=")


def video_clip(r: Reading, lex: Lexicon) -> str | None:
    """A page that is one clip on a video site (its address says so: "/video/", "/shorts/"), however the
    search service called it."""
    if r.shape.platform in lex.video_platforms and _CLIP_PATH.search(r.key):
        return f"a {label(r.shape.platform)} clip"
    return None


def _in_her_name(r: Reading) -> bool:
    """The account that posted it is named for her ("mr.okafor.science"): hers or a pretender's, not a pupil's."""
    surnames = {fold(f).split()[-1] for _, f, _, _ in r.name_hits if f.strip()}
    return bool(r.handle_named) or any(len(s) >= 3 and s in n for n in poster_names(r) for s in surnames)


def school_tag(r: Reading, who: Who) -> str | None:
    """A hashtag of her school in the post ("#delvesgreen", "#actonparkhigh"): with her named as pupils
    name her, pupils tagging their school."""
    marks = _school_marks(who)
    for m in re.finditer(r"#(\w+)", r.raw):
        tag = fold(m.group(1))
        if any(len(mark) >= 4 and (mark in tag or tag in mark and len(tag) >= 6) for mark in marks):
            return m.group(0)
    return None


def schools_own(r: Reading, who: Who, lex: Lexicon) -> bool:
    """Posted by the school's own account: its name holds the school's tag, initials or name, and nothing
    of the pupils' own (`pupils_account` returned None)."""
    marks = _school_marks(who)
    return any(len(m) >= 3 and m in "".join(_PARTS.findall(name)) for name in poster_names(r) for m in marks)


_BREAK = re.compile(r"[.!?|\n]")
