"""What is happening on the page, and which flags it raises: safeguarding situations and an account
pretending to be her are read here; hostility (hostile.py), her personal details (details.py) and
pictures of her (pictures.py) in their own modules, which `flags_of` calls.

Situations are read from concepts met together (data/lexicon.toml `[concepts]`), not from single words.
"""

from __future__ import annotations

import re

from repwatch.models import Flag
from repwatch.pipeline.labels import HOSTILE
from repwatch.pipeline.triage.about import class_code, school_mark
from repwatch.pipeline.triage.concepts import Hit, Token, stem
from repwatch.pipeline.triage.despair import despair as _despair
from repwatch.pipeline.triage.details import personal_info as _personal_info
from repwatch.pipeline.triage.filmed import pupils_picture, snapped
from repwatch.pipeline.triage.gossip import gossip_rumour
from repwatch.pipeline.triage.hostile import laughed_at
from repwatch.pipeline.triage.hostile import negative as _negative
from repwatch.pipeline.triage.pictures import a_video, picture_said, profile_picture
from repwatch.pipeline.triage.pictures import depicted as _depicted
from repwatch.pipeline.triage.pictures import photo as _photo
from repwatch.pipeline.triage.pictures import video_post as _video_post
from repwatch.pipeline.triage.pictures import writer_took as _writer_took
from repwatch.pipeline.triage.readings import HEAT as _HEAT
from repwatch.pipeline.triage.readings import PARENT_VOICE as _PARENT_VOICE
from repwatch.pipeline.triage.readings import PARENTS as _PARENTS
from repwatch.pipeline.triage.readings import PARENTS_OF as _PARENTS_OF
from repwatch.pipeline.triage.readings import POSTER as _POSTER
from repwatch.pipeline.triage.readings import REPORTED as _REPORTED
from repwatch.pipeline.triage.readings import asks as _asks
from repwatch.pipeline.triage.readings import doubt as _doubt
from repwatch.pipeline.triage.readings import found_contact as _found_contact
from repwatch.pipeline.triage.readings import private_contact as _private_contact
from repwatch.pipeline.triage.readings import remarks as _remarks
from repwatch.pipeline.triage.readings import rumour as _rumour
from repwatch.pipeline.triage.readings import shown_doing as _shown_doing
from repwatch.pipeline.triage.readings import urged as _urged
from repwatch.pipeline.triage.scene import PRONOUNS as _PRONOUNS
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import (
    CLAUSE,
    Lexicon,
    and_,
    article,
    blank,
    fold,
    lexicon,
    quote,
    words_sentence,
)
from repwatch.pipeline.triage.tone import Tone
from repwatch.pipeline.triage.who import Accounts, Reading, Who
from repwatch.platforms import is_social, label

# Facebook's line for the people tagged in a post: "with Ella Kelly, Noah Price and 24 others".
_TAG_LINE = re.compile(r"\bwith (?:[A-Z][\w'\-]+ ){1,3}[A-Z][\w'\-]+(?:, [A-Z][\w' \-]+)* and \d+ others?\b")


def _impersonation(r: Reading, who: Who, lex: Lexicon, text: str, book: Accounts) -> tuple[str, str] | None:
    """The three-way answer for an account in the person's name: theirs (no flag), pretending to be
    them (`impersonation`, with the signs that say so), or unknown (`unconfirmed_account`: one calm
    question). Words like "fake account" near the name are impersonation wherever they appear."""
    if r.own_account:
        return None  # the user's own accounts never raise either flag
    platform = r.shape.platform
    social = is_social(platform)
    # a profile page found as an account on a site the platforms table does not hold (Strava, Goodreads)
    # is an account in her name all the same: asked about once, named by its site
    found_as_account = r.shape.kind == "account" and platform in ("web", "news")
    name = r.host.removeprefix("www.") if found_as_account else label(platform)
    if r.presumed and r.account is not None:  # her handle, but the page says it is someone else
        said = words_sentence(r.found_near(lex.self_declared, text))
        return "impersonation", (
            f"{article(name, capital=True)} account with your handle, {r.account.shown}, whose page says it is someone "
            f"else: {said[0].lower() + said[1:-1]}. Someone may have taken your handle there; if the account is "
            "yours, tell repwatch it is yours.")
    picture = picture_said(r) if r.shape.kind == "account" else None
    if picture and not social:  # a profile on a dating or other site with her face on it
        signs = [s for s in _signs(r, who, lex, text, book) if not s.startswith("you already")]
        return "impersonation", (f"A profile on {r.host.removeprefix('www.')} uses your picture ('{picture}')"
                                 + (f", and {and_(signs)}" if signs else "") + ": someone may be pretending to be you.")
    in_name = (social or found_as_account) and r.shape.kind == "account" and (
        r.best in ("full", "nickname", "honorific", "lookalike") or r.lookalike is not None)  # its page may quote her real handle
    posted = social and r.shape.kind == "post" and bool(r.handle_named or r.lookalike)
    words = r.found_near(lex.impersonation, text) + _her_identity_used(r)
    if not (in_name or posted) and (social or found_as_account) and r.shape.kind == "account" and _named_for_her(r):
        # named as her pupils name her ("Mr Robbo", "Jimbo PE"): hers, or someone's pretending, only if it claims her work
        own_role = any(re.search(rf"(?<![\w]){re.escape(role)}(?![\w])", fold(r.raw)) for role in who.roles)
        claims = [s for s in _signs(r, who, lex, text, book)
                  if (s.startswith(_WORK_CLAIMS) or "as your school is called" in s) and (own_role or not _only_a_teacher(s, who))]
        if claims and not words:
            shown = r.shape.handle or next(f for s, f, _, _ in r.name_hits if s == r.best)
            return "impersonation", (f"{article(name, capital=True)} account named {shown}, as your pupils name you, that is "
                                     f"not one of your handles: {and_(_signs(r, who, lex, text, book))}.")
    if not (in_name or posted):
        return ("impersonation", words_sentence(words)) if words else None
    shown = r.shape.handle or next(f for s, f, _, _ in r.name_hits if s == r.best)
    if r.account is not None:
        shown = r.account.shown if platform == "mastodon" else r.shape.handle or shown
    signs = _signs(r, who, lex, text, book)
    if picture:
        signs.insert(0, f"it uses your picture ('{picture}')")
    if words:
        signs.insert(0, f"the words {quote(words)} appear near your name")
    what = f"{article(name, capital=True)} account named {shown}" if in_name else f"Posted by {article(name)} account named {shown}"
    if r.lookalike and _same_handle(r, who) and not words and not r.found_near(lex.offers, text):
        # her own handle on a site she has not listed is asked about, as the accounts watch does
        return "unconfirmed_account", (f"{what} with your handle {r.lookalike}, on a site you have not told "
                                       "repwatch about. Is it yours?")
    if r.lookalike:
        lead = f"{what}, much like your handle {r.lookalike}, that is not yours"
        if r.copy == "letters":
            lead = f"{what}, your handle {r.lookalike} spelled with look-alike letters, that is not yours"
        rest = [s for s in signs if not s.startswith("it is named like")]
        claims = [s for s in rest if not s.startswith("you already have")]  # a second account claims nothing of her
        if r.copy == "same":  # her very handle, on a server or site she has not named as hers
            if not claims:
                return "unconfirmed_account", (f"{article(name, capital=True)} account with your handle ({shown}) that you "
                                               "have not told repwatch about. Is it yours?")
            return "impersonation", (f"{what}, your handle {r.lookalike} where you have not told repwatch it is yours: "
                                     f"{and_(rest)}. If it is your own account, tell repwatch it is yours.")
        if r.copy != "letters" and not claims:  # named like her handle, and nothing of hers: asked, not alarmed
            return "unconfirmed_account", (f"{what}, much like your handle {r.lookalike}, that you have not told "
                                           "repwatch about. Is it yours?")
        return "impersonation", lead + (f": {and_(rest)}." if rest else ".")
    claims = [s for s in signs if not s.startswith("you already have")]
    # on a site where every profile states its job (LinkedIn), "Teacher" alone is a namesake's own job
    lone = platform in _JOB_SITES and len(claims) == 1 == len(signs) and _only_a_teacher(claims[0], who)
    if claims and not lone:  # it claims her: school, role, town, picture
        return "impersonation", f"{what} that is not one of your handles: {and_(signs)}."
    if in_name:
        return "unconfirmed_account", f"{article(name, capital=True)} account in your name ({shown}) that you have not told repwatch about. Is it yours?"
    return "unconfirmed_account", f"Posted by {article(name)} account in your name ({shown}) that you have not told repwatch about. Is it yours?"


_WORK_CLAIMS = ("it names your school", "it claims your role", "it has a tag")  # her school or role: her work, not only her town


def _named_for_her(r: Reading) -> bool:
    """The account's own name (its display name, before "(@" or "|", or its handle) is a form of hers, not
    a word of its bio: "Mr Robbo 📐 (@mr.robbo.braeside)", "Jimbo PE (@jimbo.kingswood.pe)"."""
    head = re.split(r"\(@|\s[|\u2022\u00b7]\s", r.raw, maxsplit=1)[0]
    if any(0 <= start < len(head) for _, _, start, _ in r.name_hits):
        return True
    handle = re.sub(r"[^0-9a-z]", "", fold(r.shape.handle or ""))
    return bool(handle) and any(len(f) >= 4 and re.sub(r"[^0-9a-z]", "", fold(f)) in handle for _, f, _, _ in r.name_hits)


_USED_BEFORE = re.compile(r"\b(?:using|uses|used|stole|stolen|steals|nicked|copied|copying|took|taken)\s+$", re.IGNORECASE)
_USED_AFTER = re.compile(r"^['\u2019]s\s+(?:name|photos?|pictures?|pics?|identity|profile picture|face)\b", re.IGNORECASE)


_JOB_SITES = frozenset({"linkedin"})  # professional networks: a profile there says what its owner does


def _only_a_teacher(sign: str, who: Who) -> bool:
    """"Teacher" and nothing else of hers is true of every namesake in her job ("Rachel Thompson -
    Teacher | LinkedIn"): no claim of her by itself. Her own subject or role (from her handles) is."""
    if not sign.startswith("it claims your role"):
        return False
    return not any(re.search(rf"(?<![\w]){re.escape(role)}", fold(sign)) for role in who.roles)


def _her_identity_used(r: Reading) -> list[str]:
    """Someone said to use her name or pictures, with her name written in ("that tutoring account using
    Mrs Whitfield's name is NOT her"), as the word lists have it with "her": "using her name"."""
    out = []
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            before, after = _USED_BEFORE.search(r.raw[max(0, start - 12) : start]), _USED_AFTER.match(r.raw[end:])
            if before and after:
                out.append(r.raw[start - len(before.group(0)) : end + after.end()])
    return out


def _same_handle(r: Reading, who: Who) -> bool:
    """The account's name is one of her handles for one site, letter for letter, on another site she has
    no account on ("instagram:mrsmurphyp5" found on TikTok): most likely hers, so asked about."""
    if r.account is None or r.shape.platform in confirmed_platforms_of(who, Accounts()):
        return False
    return any(h.platform and h.platform != r.shape.platform and fold(h.name) == fold(r.account.name)
               for h in who.handles)


def _signs(r: Reading, who: Who, lex: Lexicon, text: str, book: Accounts) -> list[str]:
    """What an account does that someone pretending to be the person would do: it claims their
    school, role or town, offers contact or pictures of pupils, or is a second account where they
    already have one."""
    signs: list[str] = []
    org = next((o for o, pat, _ in who.orgs if pat.search(r.org_text)), None)
    mark = None if org else school_mark(r, who)  # "kwhs" in its bio, "@mrsc.oakfield6c"
    if org:
        signs.append(f"it names your school, {org}")
    elif mark:
        signs.append(f"it {mark}" if mark.startswith("names") else f"it has {mark}")  # "it has a tag of your school"
    role = r.found_near(lex.role, blank(text, lex.other_teaching))
    if role:
        signs.append(f"it claims your role ({quote(role)})")
    else:
        form = next((f for s, f, st, _ in r.name_hits if s == "honorific" and 0 <= st < len(r.raw)), None)
        if form and r.shape.kind == "account":
            signs.append(f"it is named '{form}', as pupils address you")
    place = next((loc for loc, pat in who.places if pat.search(r.text)), None)
    if place:
        signs.append(f"it names your town, {place}")
    sc = scene(r, lex, text)
    offers = list(dict.fromkeys(r.found_near(lex.offers, text) + sc.words(_invited(sc))))
    children = r.found_near(lex.children, text)
    pictures = r.found_near(lex.photographed, text)
    if offers:
        signs.append(f"it offers contact ({quote(offers)})")
    elif children and pictures:
        signs.append(f"it offers pictures of pupils ({quote(children + pictures)})")
    platform = r.shape.platform
    if platform in confirmed_platforms_of(who, book):
        signs.append(f"you already have {article(label(platform))} account you confirmed")
    return signs


_INBOX = frozenset({"dms", "dm", "inbox", "messages", "pms", "snap", "insta"})
_ASKERS = _PRONOUNS | {"i", "we", "they", "who", "it", "you", "u", "people", "kids", "someone", "ive", "weve"}


def _invited(sc: Scene) -> list[Hit]:
    """An invitation to get in touch with the writer, however it is worded: a way of reaching someone
    (`reach`: message, msg, dm, text, snap …) said as an offer, with the writer as its object ("msg me
    here", "pm me", "slide in the DMs"), or the writer's messages open ("dms open", "inbox is open"); not
    what someone did ("she messaged me", "who dm'd me"). An account pretending to be her that invites
    contact from her pupils is in touch with them."""
    out = []
    for h in sc.of("reach"):
        word = sc.tokens[h.first].word
        if word.endswith(("ed", "d")) and word not in ("add", "friend"):
            continue
        k = h.last + 1
        while k < len(sc.tokens) and sc.tokens[k].word in ("the", "my", "our", "ur", "your", "into", "in") and k - h.last <= 2:
            k += 1
        if k >= len(sc.tokens) or sc.clause[k] != sc.clause[h.first]:
            continue
        if not (sc.tokens[k].word in ("me", "us") or (sc.tokens[k].word in _INBOX and k > h.last + 1)):
            continue
        before = sc.tokens[h.first - 1].word if h.first > 0 and sc.clause[h.first - 1] == sc.clause[h.first] else ""
        if before in _ASKERS or h.first - 1 in sc.person:
            continue
        out.append(Hit("invite", h.start, sc.tokens[k].end, h.first, k))
    for i, t in enumerate(sc.tokens[:-1]):
        nxt = sc.tokens[i + 1].word if sc.tokens[i + 1].word not in ("are", "is", "always") or i + 2 >= len(sc.tokens) else sc.tokens[i + 2].word
        if t.word in _INBOX - {"snap", "insta"} and nxt == "open":
            out.append(Hit("invite", t.start, sc.tokens[i + 1].end, i, i + 1))
    return out + _told_to_reach(sc)


_URGING = frozenset({"just", "pls", "plz", "please", "then", "to", "n", "and", "an", "always"})
_OPEN_ENDED = frozenset({"for", "anytime", "any", "if", "whenever", "here", "always", "x", "xx"})


def _told_to_reach(sc: Scene) -> list[Hit]:
    """Readers told to get in touch, with no object: a way of reaching (`reach`, not in the past) after "just",
    "please", "feel free to", at the end of its sentence or before "for", "anytime" ("if ye need tae talk
    just DM", "pls message anytime"); or children told to ("kids follow for shoutouts", "pupils message me")."""
    out = []
    for h in sc.of("reach"):
        word = sc.tokens[h.first].word
        if word.endswith(("ed", "d", "ing")) and word not in ("add", "friend"):
            continue
        c = sc.clause[h.first]
        after = sc.tokens[h.last + 1].word if h.last + 1 < len(sc.tokens) and sc.clause[h.last + 1] == c else ""
        before = sc.tokens[h.first - 1].word if h.first > 0 and sc.clause[h.first - 1] == c else ""
        young = [y for y in sc.of("young") if y.last == h.first - 1]
        if (before in _URGING and (not after or after in _OPEN_ENDED)) or (young and after in _OPEN_ENDED | {"me", "us"}):
            first = young[0].first if young else h.first - 1
            out.append(Hit("invite", sc.tokens[first].start, h.end, first, h.last))
    return out


def confirmed_platforms_of(who: Who, book: Accounts) -> frozenset[str]:
    return frozenset({h.platform for h in who.handles if h.platform} | {h.platform for h in book.own if h.platform}
                     | set(book.confirmed))


_PAGE_NAME = re.compile(r"^\s*(?P<name>(?:[A-Z0-9][\w'\u2019.\-]*|&|and|of|the|y|a|o)(?:\s+(?:[A-Z0-9][\w'\u2019.\-]*|&|and|of|the|y|a|o)){0,7})"
                        r"\s*[|\-\u2013]\s*[A-Z][\w ]{1,20}\s*\|")


def _page_name(r: Reading, text: str) -> str:
    """The text without a title that is only a page's or group's name ("Walton Mums & Dads | Facebook",
    "Rhieni Glan Tywi | Facebook"): its words ("mums", "private" Facebook) are not said of anyone."""
    m = _PAGE_NAME.match(r.raw)
    if m is None or any(0 <= s < m.end("name") for _, _, s, _ in r.name_hits):
        return text
    return " " * m.end("name") + text[m.end("name") :]


def scene(r: Reading, lex: Lexicon, text: str) -> Scene:
    text = _page_name(r, text)
    toks, found = lex.concepts.find(text[: len(r.raw)])  # the title and snippet: the address's words are not prose
    starts = [m.start() for m in CLAUSE.finditer(text)] or [0]
    clause, c = [], 0
    for t in toks:
        while c + 1 < len(starts) and starts[c + 1] <= t.start:
            c += 1
        clause.append(c)
    ends = {m.start(): m.end() for m in CLAUSE.finditer(text)}
    near_clauses = {i for i, st in enumerate(starts) if r.near(st, ends.get(st, st))}
    spans = [(s, e) for _, _, s, e in r.name_hits if s >= 0]
    person = {i for i, t in enumerate(toks) if any(s <= t.start < e for s, e in spans)}
    if spans:  # "recorded sir in chem", "a vid of miss": in a post that names her, pupils' word for her
        person |= {i for i, t in enumerate(toks) if t.word in ("sir", "miss") and i + 1 not in person}
    hits: list[Hit] = []
    for h in found:  # the longest hit of a concept where several start; none inside the name ("Miss")
        if clause[h.first] not in near_clauses or any(i in person for i in range(h.first, h.last + 1)):
            continue
        if hits and hits[-1].concept == h.concept and hits[-1].first == h.first:
            if h.last > hits[-1].last:
                hits[-1] = h
            continue
        hits.append(h)
    young = {(h.first, h.last) for h in hits if h.concept == "young"}
    for m in (lex.class_code.finditer(text[: len(r.raw)]) if lex.class_code else ()):  # "11R", "S6", "P5": pupils
        first = next((i for i, t in enumerate(toks) if t.start >= m.start()), None)
        last = max((i for i, t in enumerate(toks) if t.end <= m.end()), default=None)
        if (first is None or last is None or last < first or (first, last) in young
                or clause[first] not in near_clauses or first in person):
            continue
        hits.append(Hit("young", toks[first].start, toks[last].end, first, last))
    hits += _shapes(text, toks, hits, clause, person)
    hits.sort(key=lambda h: (h.start, -h.end))
    return Scene(text, toks, hits, clause, person, near_clauses)


_NOT_REPORTERS = _PRONOUNS | {"i", "we", "you", "u", "they", "it", "who", "that", "this", "which"}
_INTENSIFIERS = frozenset({"too", "awfy", "awfully", "very", "really", "well", "pure", "so", "rhy", "dead", "overly", "quite",
                           "bit", "extra", "proper", "suspiciously", "mighty", "right"})
_CLOSE = frozenset({"friendly", "close", "cosy", "cozy", "pally", "agos", "chummy", "familiar", "touchy", "flirty"})
_WITH = frozenset({"with", "wi", "to", "at", "efo", "gyda", "towards", "toward"})
_OFTEN = frozenset({"always", "ayeways", "allus", "constantly", "forever", "wastad", "wastod"})  # "always … wi jade's mum"


_JOINS = frozenset({"and", "so", "but", "then", "n", "an", "lol", "tho", "lmao", "haha"})


def _plans(text: str, toks: list[Token], hits: list[Hit], clause: list[int]) -> list[Hit]:
    """The writer's plan to go somewhere: the writer (I, we, let's), then within two words a word of the
    future or of intent (will, 'll, gonna, gonnae, should), then within three more a way of moving (`go`:
    go, gan, link, walk, follow, wait …). With her home in view, a plan to go there."""
    out = []
    moves = [h for h in hits if h.concept == "go"]
    for i, t in enumerate(toks):
        written = text[t.start : t.end]
        contracted = bool(re.fullmatch(r"(?:i|we)['\u2019](?:ll|re)|let['\u2019]?s", written))  # "we'll", "we're", "let's"
        nxt = toks[i + 1].word if i + 1 < len(toks) and clause[i + 1] == clause[i] else ""
        unmarked = t.word in ("were", "im", "ahm", "am") and nxt in _FUTURE and (  # "were gonna", "im gonna": we're, I'm, as pupils type them
            i == 0 or clause[i - 1] != clause[i] or "," in text[toks[i - 1].end : t.start] or toks[i - 1].word in _JOINS)
        if not (contracted or unmarked or t.word in ("i", "we", "us")):
            continue
        for j in range(i + (0 if contracted else 1), min(len(toks), i + 3)):
            if clause[j] != clause[i]:
                break
            if contracted or toks[j].word in _FUTURE or toks[j].word in ("could", "must", "need"):
                move = next((m for m in moves if clause[m.first] == clause[i] and j < m.first <= j + 4), None)
                if move is not None:
                    out.append(Hit("plan", t.start, move.end, i, move.last))
                break
    return out


def _shapes(text: str, toks: list[Token], hits: list[Hit], clause: list[int], person: set[int]) -> list[Hit]:
    """Hits read from the shape of a sentence rather than a list of phrases:
    - hearsay: someone other than the writer or her, then a word of saying, then her ("my niece says Miss
      Hughes …", "mae pawb yn Glan Hafren yn dweud bod Mrs Evans …", "DD says Mr Okafor …");
    - closeness: a word of degree, a word of closeness, then with whom ("awfy friendly wi", "too close to",
      "rhy agos at"), two people seen together ("have been seen at the market together"), or her always
      with a pupil or a parent ("always at the gate wi jade's mum", "wastad gyda mam Osian").
    """
    out: list[Hit] = []
    says = [h for h in hits if h.concept == "says"]
    for h in says:
        before = toks[h.first - 1].word if h.first > 0 and clause[h.first - 1] == clause[h.first] else ""
        after = range(h.last + 1, min(len(toks), h.last + 4))
        earlier = any(clause[i] == clause[h.first] for i in person if i < h.first)  # "Jo Hill, a teacher, said she …"
        if (before and before not in _NOT_REPORTERS and h.first - 1 not in person and not earlier
                and any(i in person or toks[i].word in ("that", "bod", "she", "he", "shes", "hes") for i in after)):
            out.append(Hit("hearsay", h.start, h.end, h.first, h.last))
    for i, t in enumerate(toks):
        degree = t.word in _CLOSE and i > 0 and toks[i - 1].word in _INTENSIFIERS and i + 1 < len(toks) and toks[i + 1].word in _WITH
        if degree and not any(h.concept == "closeness" and h.first == i - 1 for h in hits):  # not twice the list's "too friendly"
            out.append(Hit("closeness", toks[i - 1].start, t.end, i - 1, i))
        if t.word in ("seen", "spotted", "gweld") and not any(h.concept == "closeness" and h.first <= i <= h.last for h in hits):
            pair = next((k for k in range(i + 1, min(len(toks), i + 12)) if clause[k] == clause[i]
                         and toks[k].word in ("together", "thegither", "gilydd")), None)
            if pair is not None:
                out.append(Hit("closeness", t.start, toks[pair].end, i, pair))
        if t.word in _OFTEN:
            with_ = next((k for k in range(i + 1, min(len(toks), i + 7)) if clause[k] == clause[i] and toks[k].word in _WITH), None)
            whom = next((h for h in hits if with_ is not None and h.concept in ("parent", "young")
                         and with_ < h.first <= with_ + 3 and clause[h.first] == clause[i]), None)
            if whom is not None:
                out.append(Hit("closeness", t.start, whom.end, i, whom.last))
    out += _plans(text, toks, hits, clause)
    return out


def situations(r: Reading, sc: Scene) -> str | None:
    """Situations read from concepts met together, however they are worded: pupils filming or
    photographing the person, an undressed or doctored picture, a rumour about a teacher and a pupil,
    someone asking where the person lives or following them home, and a young person's despair."""
    if r.own_account:
        return None  # the user's own posts ("recorded at home on Sundays") are not done to them
    pictures, undressed = sc.together(("capture", "picture"), ("undressed",))
    if pictures:
        return f"A picture or video said to show someone undressed, or doctored, in the words {sc.quote(pictures, undressed)}."
    asked, child = sc.followed(("request",), ("young",), gap=4)
    child, pics = sc.followed(("young",), ("picture", "capture"), gap=4) if asked else ([], [])
    if child:
        return f"Someone asking a young person for pictures, in the words {sc.quote(asked, child, pics)}."
    filming = sc.of("capture", "picture")
    secrecy, spread = [h for h in sc.of("secrecy") if not _doubt(sc, h)] or sc.unaware(), sc.of("spread")
    pupils, video = sc.followed(("young",), ("capture", "picture"), gap=6)  # pupils doing the filming
    upset = [h for h in sc.of("distress") if sc.about([h])]
    if filming and upset and pupils_voice(r, sc):  # "mrs murray is pure greetin in the cloakroom, got it on ma phone"
        return f"Pupils filming you upset, in the words {sc.quote(upset, filming)}."
    aimed = sc.aimed(("capture", "picture"))
    if video and (aimed or secrecy):
        return (f"Pupils filming or photographing you, or another member of staff, in the words "
                f"{sc.quote(pupils, aimed or video, secrecy or spread)}.")
    if filming and secrecy:
        return f"Someone filming or photographing you without your knowing, in the words {sc.quote(filming, secrecy)}."
    if secrecy and (r.shape.photo or (r.shape.kind == "post" and r.shape.platform in ("tiktok", "snapchat", "youtube"))):
        return f"A video or photo of you taken without your knowing, in the words {sc.quote(secrecy)}."
    posted = sc.aimed(("spread",))
    if posted and (sc.of("online") or filming) and is_social(r.shape.platform):
        return f"A picture or video of you passed round, in the words {sc.quote(posted, sc.of('online') or filming)}."
    voice = pupils_voice(r, sc)
    if aimed and (voice or spread) and is_social(r.shape.platform) and r.shape.kind != "account":
        by = f" by pupils ({voice})" if voice else ""
        return f"A picture or video of you taken or passed round{by}, in the words {sc.quote(aimed, spread)}."
    in_class = _filmed_in_class(r, sc)
    if in_class:
        return in_class
    rumour = _rumour(sc, hinted=False) or gossip_rumour(sc, r.raw)
    if rumour:
        return rumour
    hearsay = sc.of("hearsay")
    trouble, pupil = sc.together(("trouble",), ("young",))
    if hearsay and trouble:
        return f"A rumour about you and a pupil, in the words {sc.quote(hearsay, trouble, pupil)}."
    home_said = _her_home(sc)
    if home_said:
        return home_said
    remarks = _remarks(sc)
    if remarks and (sc.of("young") or voice):
        return f"A sexual remark about you by pupils, in the words {sc.quote(remarks)}."
    desire = [h for h in sc.of("desire") if not sc.tokens[h.first].word.startswith("smash") or sc.object_of(h) is not None]
    heat = _heat(sc.text)
    if ((desire and sc.about(desire)) or heat) and (sc.of("young") or voice):
        said = sc.quote(desire) if desire else f"'{heat}'"
        return f"A sexual remark about you by pupils, in the words {said}."
    rated = [h for h in sc.of("lust") if _said_of_her(sc, h)]
    rated += [h for h in sc.of("desire") if sc.tokens[h.first].word.startswith("smash") and sc.object_of(h) is not None]  # "would smash mrs X"
    rated += _dressed(sc)
    if rated and is_social(r.shape.platform) and r.shape.kind != "account":  # "mrs campbell's a milf for her age 😳"
        return f"A sexual remark about your body or looks, in the words {sc.quote(rated)}."
    picked, child = sc.together(("bully",), ("young",))
    if picked:
        return f"A pupil picked on or bullied, in the words {sc.quote(picked, child)}."
    contact = _private_contact(r, sc) or _pupil_in_private(r, sc) or _kept_secret(r, sc) or _urged_to_call(sc) or _rumour(sc)
    if contact:
        return contact
    despair = _despair(sc) if r.shape.platform not in _REPORTED else []  # a news quote ("we can't cope with the cuts")
    if despair:
        return (f"Someone may be in distress or thinking of harming themselves, in the words "
                f"{sc.quote(despair[:1], despair[1:])}. Check on them.")
    return None


_FLUSHED = ("\U0001f633",)  # 😳
_WEARING = frozenset({"in", "wearing", "yn", "mewn", "wi"})
_DETERMINERS = frozenset({"her", "his", "them", "that", "those", "the", "a", "y", "yr", "ei", "tight", "new", "short", "wee"})


def _dressed(sc: Scene) -> list[Hit]:
    """Her body remarked on through what she wears: her name, within three words "in" or "wearing" and a
    word for clothes (`clothes`: "mrs X in them jeans", "mr Y in his gym kit", Welsh "Mrs X yn y ffrog goch"),
    with a flushed, hot or drooling emoji in that sentence (😳 🥵 🤤 😮‍💨). A caption of a race ("in her
    running kit at the 10k") has no such emoji."""
    out = []
    for c in sc.of("clothes"):
        k = c.first - 1
        while k >= 0 and sc.tokens[k].word in _DETERMINERS and c.first - k <= 3:
            k -= 1
        if k < 0 or sc.tokens[k].word not in _WEARING or sc.clause[k] != sc.clause[c.first]:
            continue
        if not any(i in sc.person for i in range(max(0, k - 3), k)):
            continue
        start, end = _sentence_span(sc, sc.clause[c.first])
        if _heat(sc.text[start:end], _FLUSHED):
            out.append(Hit("dressed", sc.tokens[k].start, c.end, k, c.last))
    return out


def _heat(text: str, more: tuple[str, ...] = ()) -> str | None:
    """The first hot or drooling emoji in the text (🥵 🤤 😮‍💨 🫦, and `more`), also where the word lists
    blanked the joiner inside 😮‍💨."""
    return next((e for e in (*_HEAT, *more) if e in text or e.replace("\u200d", " ") in text), None)


def _sentence_span(sc: Scene, c: int) -> tuple[int, int]:
    """Where sentence c starts and ends in the text, with what follows it up to the next sentence (an emoji
    after a full stop belongs to the words before it)."""
    same = [t for i, t in enumerate(sc.tokens) if sc.clause[i] == c]
    nxt = next((t.start for i, t in enumerate(sc.tokens) if sc.clause[i] > c), len(sc.text))
    return same[0].start, nxt


def _said_of_her(sc: Scene, h: Hit) -> bool:
    """A word said of her, close to her name in its sentence: her name, then within six words the word
    ("mrs campbell's a milf", "miss kaur from langley grammar is a milf"), or the word, then her name within two."""
    names = [i for i in sc.person if sc.clause[i] == sc.clause[h.first]]
    return any(0 < h.first - i <= 6 or 0 < i - h.last <= 2 for i in names)


def _filmed_in_class(r: Reading, sc: Scene) -> str | None:
    """A video or picture taken in a lesson, with her in it ("Phone video from inside the P5 classroom: Mrs
    Reid telling the class off", Welsh "Fideo o'r wers: Mrs Evans yn gweiddi"): a word for filming and,
    within a few words, a lesson or classroom, in a post a pupil wrote. Not a school's own channel."""
    film, lesson = sc.followed(("capture",), ("lesson",), gap=5)
    if not film or r.shape.platform in _REPORTED or r.shape.kind == "account":
        return None
    c = sc.clause[film[0].first]
    if not any(abs(sc.clause[i] - c) <= 1 for i in sc.person) or _PARENT_VOICE.search(sc.text):
        return None
    voice = pupils_voice(r, sc)
    if not (voice or r.shape.platform in lexicon().video_platforms):
        return None
    return f"Pupils filming you in class, in the words {sc.quote(film, lesson)}."


_QUESTIONS = frozenset({"whats", "wheres", "what", "where", "whit", "whaur", "ble", "lle"})
_PLACE = frozenset({"address", "postcode", "street", "road", "house", "flat", "hoose", "gaff", "cyfeiriad", "ty"})


def _her_after(sc: Scene, h: Hit) -> bool:
    """Her (her name, "she", "he") within four words after a question for a road ("what road does she …",
    "which street mrs X lives on")."""
    return any(i in sc.person or sc.tokens[i].word in _PRONOUNS
               for i in range(h.last + 1, min(len(sc.tokens), h.last + 5)) if sc.clause[i] == sc.clause[h.first])


def _asked_home(sc: Scene) -> list[Hit]:
    """A question for her home: a sentence that starts by asking what or where, with her address, street or
    house as hers ("whats mrs X's address?", "wheres his house", Welsh "lle mae ty mrs X")."""
    out = []
    for h in sc.of("home"):
        if sc.tokens[h.first].word not in _PLACE:
            continue
        before = h.first - 1
        hers = before >= 0 and (before in sc.person or sc.tokens[before].word in ("her", "his")) or (
            h.last + 1 < len(sc.tokens) and h.last + 1 in sc.person)  # Welsh puts the owner after: "ty mrs X"
        opening = [k for k in range(len(sc.tokens)) if sc.clause[k] == sc.clause[h.first]][:2]
        if hers and any(sc.tokens[k].word in _QUESTIONS for k in opening):
            out.append(Hit("ask", sc.tokens[opening[0]].start, h.end, opening[0], h.last))
    return out


_WHERE = frozenset({"where", "whaur", "wher", "lle", "ble", "whereabouts"})
_LIVER = frozenset({"she", "he", "you", "u", "ye", "ya", "hi", "fo", "fe", "e", "shes", "hes", "ma", "mae"})
_SEEK = frozenset({"see", "find", "found", "finding", "out", "know", "knw", "kno", "ken", "wanna", "gwbod", "gwybod", "weld"})


def _where_she_lives(sc: Scene) -> list[Hit]:
    """"Where she lives" as a phrase: "where", then within six words her (her name, "she", "you") and a word
    of living (`reside`: "lives", "stays", Scots "bides", Welsh "byw"), in one sentence. Asked, known, to
    be seen or found out, it is her home sought, whatever verb comes before it."""
    out = []
    for h in sc.of("reside"):
        c = sc.clause[h.first]
        for k in range(h.first - 1, max(-1, h.first - 8), -1):
            if sc.clause[k] != c:
                break
            if sc.tokens[k].word in _WHERE:
                between = range(k + 1, h.first)
                if any(i in sc.person or sc.tokens[i].word in _LIVER for i in between):
                    out.append(Hit("where_lives", sc.tokens[k].start, h.end, k, h.last))
                break
    return out


def _home_sought(sc: Scene) -> str | None:
    """Her home sought by shape: "where she lives" asked ("anybody know where X stays?"), known and said to
    her ("I know where you stay"), or to be seen or found out by the writer ("gonna … see where she lives"),
    and any threat or confrontation said with it ("we're gonnae egg it")."""
    where = _where_she_lives(sc)
    if not where:
        return None
    w = where[0]
    c = sc.clause[w.first]
    before = [sc.tokens[k].word for k in range(max(0, w.first - 3), w.first) if sc.clause[k] == c]
    threat = sc.of("menace", "attack", "confront")
    told = [h for h in sc.of("know") if sc.clause[h.first] == c and h.last < w.first <= h.last + 2]
    if told and any(sc.tokens[i].word in ("you", "u", "ye", "ya") for i in range(w.first, w.last)):
        return f"Someone tells you they know where you live, in the words {sc.quote(told, where, threat)}."
    asked = [h for h in sc.of("ask") if sc.clause[h.first] == c]
    questioned = "?" in sc.text[w.end : w.end + 40].split(".")[0] and before[-1:] != ["see"]
    if asked or questioned:
        return f"Someone is asking where you live, in the words {sc.quote(asked + where, threat)}."
    future = any(sc.tokens[k].word in _FUTURE for k in range(w.first) if sc.clause[k] == c)
    if (future or sc.of("plan") or threat) and any(b in _SEEK for b in before):
        return f"Someone plans to find where you live, in the words {sc.quote(where, threat)}."
    return None


def _her_home(sc: Scene) -> str | None:
    """Her home looked for, found, followed to or visited: each a way of moving (asking, finding, following,
    going round) met with a word for home or where a following goes."""
    found, home = sc.followed(("found",), ("home",), gap=4)
    if found and sc.about(found):
        return f"Someone found where you live, in the words {sc.quote(found, home)}."
    plan, home = sc.of("plan"), [h for h in sc.of("home") if sc.about([h])]
    if plan and home:  # "we'll gan on the same bus as miss hughes and see which hoose she gans in"
        return f"Someone plans to go to your home, in the words {sc.quote(home, sc.of('visit') or plan)}."
    ask, home = sc.together(("ask",), ("home",))
    only_lives = all(stem(w) == "live" for w in sc.words(home))
    if ask and only_lives and not sc.where(ask):
        ask = []  # "does anyone know if she still lives in Leeds" asks whether, not where
    if ask and any(sc.tokens[a.last].word in _PLACE for a in ask) and not _her_after(sc, ask[0]):
        ask = []  # "what road is the 136 bus on": the road of a thing, not hers
    if ask and sc.about(ask):  # "which road does she live on", not "which road is the new Aldi on"
        return f"Someone is asking where you live, in the words {sc.quote(ask, home, join=True)}."
    asked = _asked_home(sc)
    if asked:
        return f"Someone is asking where you live, in the words {sc.quote(asked)}."
    sought = _home_sought(sc)
    if sought:
        return sought
    follow, home = sc.followed(("follow",), ("home",), gap=4)
    if follow:
        return f"Someone says they followed you home, in the words {sc.quote(follow, home)}."
    follow, where = sc.followed(("follow",), ("towards",), gap=4)
    outside = follow and [h for h in sc.of("home", "private", "outside") if sc.clause[h.first] == sc.clause[follow[0].first]]
    if outside and (sc.about(follow) or any(t.word in ("me", "us") for t in sc.tokens[follow[0].last + 1 : where[0].first])):
        return f"Someone following someone out of school, in the words {sc.quote(follow, where)}."
    visit, home = sc.followed(("visit",), ("home",), gap=4)
    if visit and sc.about(visit):
        planned = any(t.word in _FUTURE for t in sc.tokens[max(0, visit[0].first - 3) : visit[0].last + 1])
        return f"Someone {'plans to go' if planned else 'says they went'} to your home, in the words {sc.quote(visit, home)}."
    visit, home = sc.of("visit") or sc.of("plan"), [h for h in sc.of("home") if sc.about([h])]
    if visit and home:  # "she lives in culmore … we're gonna go round", "ma jonesy yn byw yn twthill … awn ni draw"
        return f"Someone plans to go to your home, in the words {sc.quote(home, visit)}."
    return None


def _threat_at_home(sc: Scene, home: str | None, given: bool) -> str | None:
    """Her home given out, looked for or visited, with a threat: harm to her house or car ("we're eggin her
    house", "bring eggs"), a call to confront her there ("if he wants to ignore my emails he can explain
    himself on his doorstep"), or, where her home is given out, readers sent to her ("go and tell her how
    you feel"). A leaving card dropped off, or "knock and run", is not a threat."""
    if not home:
        return None
    confront = sc.of("confront")
    if given and confront:
        return f"Someone gives out where you live so that you can be confronted there, in the words {sc.quote(confront)}."
    threat = confront + sc.of("attack") + (_sent(sc) if given else [])
    if threat:
        return f"Your home is given out or looked for, with a threat, in the words {sc.quote(threat)}."
    return None


_FUTURE = frozenset({"gonna", "gonnae", "will", "ll", "going", "should", "shall", "lets", "wanna", "finna", "tryna"})


_PEOPLE = frozenset({"me", "us", "him", "her", "sir", "miss"})


def _urged_to_call(sc: Scene) -> str | None:
    urged = _urged(sc)
    return f"Someone tells others to call you at home, in the words {sc.quote(urged)}." if urged else None


_ADULTS_CHANNEL = re.compile(r"whatsapp|messenger|facebook|email|text|phone|in the evening|after school")


_TELLING = frozenset({"tells", "told", "said", "says", "sez", "asked", "asks", "wants", "made", "makes", "telling", "saying"})


def _kept_secret(r: Reading, sc: Scene) -> str | None:
    """A pupil told by a teacher to keep a secret, with time alone or private contact: "keeps me behind on
    my own n tells me not to tell anyone", "gave me her snap, said its our secret". A pupil's words, or her
    named as pupils name her on a social site."""
    voiced = bool(pupils_voice(r, sc)) or (r.best == "honorific" and is_social(r.shape.platform))
    if not voiced or _PARENT_VOICE.search(sc.text) or r.shape.kind == "account":
        return None
    secret = [h for h in sc.of("secret") if sc.tokens[h.first].word in ("our", "between", "just")  # "our little secret"
              or any(sc.tokens[k].word in _TELLING for k in range(max(0, h.first - 4), h.first))]  # she tells: not "dont tell my mum i failed"
    with_her = sc.of("alone") + sc.of("private") + [h for h in sc.of("reach") if h.last + 1 < len(sc.tokens)
                                                     and sc.tokens[h.last + 1].word in ("me", "us")]
    if secret and with_her:
        return f"A pupil told to keep a secret with a teacher, in the words {sc.quote(with_her, secret)}."
    return None


def _pupil_in_private(r: Reading, sc: Scene) -> str | None:
    """A pupil telling of private contact with a teacher: a way of reaching, then "me", "him" or "her"
    within two words, and a private channel in the same sentence ("keeps dming me on insta",
    "said i can message him on snap")."""
    voiced = bool(pupils_voice(r, sc) or _asks(sc))
    told = r.best == "honorific" and is_social(r.shape.platform)  # "miss hughes followed me back": a pupil names her so
    if not (voiced or told) or _PARENT_VOICE.search(sc.text):
        return None  # a pupil's words, or a worry ("is that weird?"); a parent's own messages with a teacher are not
    for a in sc.of("reach"):
        after = range(a.last + 1, min(len(sc.tokens), a.last + 3))
        if not any(sc.tokens[i].word in _PEOPLE or i in sc.person for i in after):
            continue
        private = [h for h in sc.of("private") if sc.clause[h.first] == sc.clause[a.first] and h.first > a.last
                   and (voiced or not _ADULTS_CHANNEL.match(sc.text[h.start : h.end]))]  # parents use WhatsApp too
        if private:
            return f"A pupil in private contact with a teacher, in the words {sc.quote([a], private)}."
    return None


_SHORT_VIDEO = ("tiktok", "snapchat")
_PARENTS_SITES = ("facebook", "nextdoor")


def pupils_voice(r: Reading, sc: Scene) -> str | None:
    """Who is speaking: the signs that a pupil wrote the post, quoted for the reason. Pupils write their
    own class or year ("11M1", "my year"), their own words ("lol", "ngl", "fr"), post from accounts named
    for a year or a school's memes, and name a teacher as pupils do ("mrs campbell", "mr t", "sir") on the
    sites they use. A parent's post ("my daughter", "DS") is not a pupil's."""
    lex = lexicon()
    if r.own_account or r.shape.platform in _REPORTED or _PARENT_VOICE.search(sc.text):
        return None
    code = class_code(r, lex)
    in_text = bool(lex.class_code and r.found_near(lex.class_code, r.text[: len(r.raw)]))
    parents_site = r.shape.platform in _PARENTS_SITES or "mumsnet" in r.host
    if code and not (in_text and parents_site):
        return f"'{code}'"  # a class code a pupil writes, or a pupil's account named for one; parents name classes too
    said = r.found_near(lex.pupil_voice) + [w for w in r.found_near(lex.pupil_words) if w not in ("miss", "sir")]
    said += [t.word for i, t in enumerate(sc.tokens)  # "sir said i can …": "sir" or "miss" on its own, as pupils address a teacher
             if t.word in ("sir", "miss") and i in sc.person and i + 1 not in sc.person and not _the_verb(sc, i)][:1]
    if said:
        return quote(said[:2])
    poster = _POSTER.search(r.text[r.text.find("|") :] if "|" in r.text else r.text)
    names = " ".join(filter(None, [r.shape.handle, poster.group(1) if poster else None]))
    if _PUPILS_YEAR.search(names):
        return f"posted by {names.split()[-1]}"
    if r.shape.platform in _SHORT_VIDEO and r.shape.kind in ("post", "web", "image") and r.best in ("honorific", "surname", "pupil"):
        form = next(f for st, f, _, _ in r.name_hits if st == r.best)
        return f"'{form}' on {label(r.shape.platform)}"
    return None


# "miss" as a verb, not a teacher: after a subject or a helping word ("can't miss it", "you'll miss the
# bus", "i miss"), or before what is missed ("miss it", "miss out", "miss the start").
_BEFORE_VERB = frozenset({"i", "we", "you", "they", "he", "she", "ll", "will", "wont", "cant", "cannot", "can",
                          "could", "couldnt", "would", "wouldnt", "dont", "didnt", "doesnt", "never", "not", "to",
                          "gonna", "wanna", "might", "must", "should", "shouldnt", "d", "youll", "well", "ill"})
_AFTER_VERB = frozenset({"it", "out", "the", "a", "an", "this", "that", "them", "you", "me", "us", "my", "your",
                         "our", "their", "any", "anything", "nothing", "one", "him"})


def _the_verb(sc: Scene, i: int) -> bool:
    """Whether "miss" at token i is the verb ("Can't miss it"), not pupils' word for a teacher."""
    if sc.tokens[i].word != "miss":
        return False
    before = sc.tokens[i - 1].word if i else ""
    after = sc.tokens[i + 1].word if i + 1 < len(sc.tokens) else ""
    return before in _BEFORE_VERB or after in _AFTER_VERB


def _safeguarding(r: Reading, lex: Lexicon, text: str, tone: Tone, sc: Scene) -> str | None:
    """Words, and situations: pupils filming staff, rumours about a pupil and a teacher, someone asking
    where the person lives, a pupil's hostile post about them; or children at risk (below)."""
    strong = r.found_near(lex.safeguarding, text)
    if strong:
        return words_sentence(strong)
    situation = situations(r, sc)
    if situation:
        return situation
    voice = r.found_near(lex.pupil_voice, text)
    if voice and is_social(r.shape.platform):
        unkind = r.found_near(lex.negative, text)
        what = (f"it is hostile ({quote(unkind)})" if unkind else f"it is hostile (tone {tone.score:+.2f})"
                if tone.score <= HOSTILE else "it is a photo or video post" if r.shape.photo else None)
        if what:
            return f"It reads like a pupil's post about you ({quote(voice)}), and {what}."
    parents_of = blank(text, _PARENTS_OF)  # "the Year 9 parents", "Y2 mums": the adults, not the children
    children = r.found_near(lex.children, parents_of)
    years = [] if r.own_account else [w for w in sc.words([h for h in sc.of("young") if not _PARENTS.match(sc.text, h.end)])
                                      if any(c.isdigit() for c in w)]  # "year 6s"
    contact = _found_contact(r, lex, text) if children or years else []
    if contact:
        return f"Children or pupils ({quote(children or years)}) are mentioned with {quote(contact)} near your name."
    if not children:
        return None
    tagged = _children_tagged(r, lex, text, children)
    if tagged:
        return tagged
    on_their_account = r.handle_named and not r.own_account
    if is_social(r.shape.platform) and on_their_account:
        pictures = r.found_near(lex.photographed, text)
        if pictures or r.shape.photo:
            what = quote(pictures) if pictures else "a photo post"
            return f"Children or pupils ({quote(children)}) appear with {what} on a personal {label(r.shape.platform)} account."
    return None


def _children_tagged(r: Reading, lex: Lexicon, text: str, children: list[str]) -> str | None:
    """Children named or tagged in a picture on a social site, by anyone: they can be found online.

    A class photo with every child tagged tells strangers each child's name, face and school.
    """
    if not is_social(r.shape.platform):
        return None
    pictures = r.found_near(lex.photographed, text)
    if not (pictures or r.shape.photo or r.shape.kind == "image"):
        return None
    named = r.found_near(lex.identified, text)
    tag_line = _TAG_LINE.search(r.raw)
    if tag_line and r.near(tag_line.start(), tag_line.end()):
        named.append(tag_line.group(0))
    if not named:
        return None
    what = quote(pictures) if pictures else "a photo post"
    return f"Children or pupils ({quote(children)}) are named or tagged ({quote(named)}) in {what} on {label(r.shape.platform)}."


def flags_of(r: Reading, who: Who, lex: Lexicon, book: Accounts, tone: Tone) -> list[Flag]:
    """Every flag the page raises. Her own accounts and their posts raise none: what she posts herself
    is not done to her."""
    if r.own_account:
        return []
    text = blank(r.text, lex.ignore)  # keep positions
    account = _impersonation(r, who, lex, text, book)
    sc = scene(r, lex, text)
    impersonating = account[1] if account and account[0] == "impersonation" else None
    personal = _personal_info(r, who, lex, text, sc)
    photo = _photo(r, lex, text, sc)
    caught = sc.words([h for h in sc.of("spotted") if sc.object_of(h) is not None])  # "caught mr paterson in asda"
    shown = (photo or snapped(r)) if _depicted(r, lex, sc) else None  # a story's 📸 is a still the site does not mark
    pupils = pupils_picture(r, who, lex, shown, pupils_voice(r, sc) or _writer_took(sc), caught, sc)
    home = _home_given_out(r, lex, text, sc, personal)
    safe = (home or _pretender_and_pupils(r, lex, text, sc, impersonating) or _safeguarding(r, lex, text, tone, sc)
            or (pupils.reason if pupils else None)
            or _pupils_picture(r, who, text, photo or _video_post(r, lex), sc))
    at_home = home or _her_home(sc)  # her home is the conventions' third case: negative only with a threat
    pictured = pupils or (safe and is_social(r.shape.platform) and _depicted(r, lex, sc))
    negative = (_negative(r, lex, text, tone, sc) or _threat_at_home(sc, at_home, bool(home))
                or (laughed_at(sc) if pictured and not at_home else None))
    if pupils and pupils.still and not photo:
        photo = shown or f"It is a pupil's photo of you ({quote(caught)})."
    if photo and a_video(r, lex):
        photo = None  # a video of her is for safeguarding (and negative when it mocks), not a picture of her
    if impersonating and not photo:
        photo = profile_picture(r)
    checks = (
        ("safeguarding", safe),
        ("impersonation", impersonating),
        ("unconfirmed_account", account[1] if account and account[0] == "unconfirmed_account" else None),
        ("negative", negative),
        ("personal_info", personal),
        ("photo", photo),
    )
    return [Flag(code, reason) for code, reason in checks if reason]


_HOME_FACTS = ("A home street", "A street address", "A postcode", "The postcode district")
# Someone else telling where she lives ("she lives on", "his house", "whitfields gaff", "who's moved into"),
# not her own post ("Jo here from Elm Road").
_THIRD_PERSON_HOME = re.compile(
    r"\b(?:she|he|shes|hes|she's|he's)\s+(?:\w+\s+)?(?:lives|lived|moved|living|stays|bides)\b|\b(?:her|his)\s+(?:house|home|hoose|"
    r"address|flat|gaff|street|road|door)\b|\w'?s\s+(?:house|home|gaff|flat|hoose)\b|\bwho'?s\s+moved\b|\b(?:lives|bides|stays)\s+(?:on|in|at|off)\b"
    r"|\bmae\s+[\w\s]{1,30}?\s+yn\s+byw\b"  # Welsh: "mae mrs davies yn byw ar …" (she lives on …)
)


_READERS = frozenset({"you", "u", "ya", "yous", "youse", "ye", "anyone", "anybody", "any1", "someone", "somebody", "chi", "ti", "folk"})
_ORDERS = frozenset({"go", "and", "just", "pls", "please", "then", "gan", "gaun", "pop", "feel", "free", "to", "n", "an"})
_TO_HER = frozenset({"to", "with", "wi", "at", "efo", "gyda", "wrth", "i", "a", "word"})
_HER = frozenset({"her", "him", "hi", "fo", "fe", "e", "iddi", "iddo", "wrthi", "wrtho", "miss", "sir"})


def _sent(sc: Scene) -> list[Hit]:
    """Readers sent to speak to her: a word of speaking (`speak`) with her as its object ("tell her", "talk to
    him", Welsh "siarad efo hi"), said to the readers: an order (first in its sentence, or after "go and",
    "just", "feel free to") or a condition on their wish ("if anyone wants to", Welsh "os da chi isio").
    Beside her home given out, people told to go there."""
    out = []
    for h in sc.of("speak"):
        j = h.last + 1
        while j < len(sc.tokens) and j - h.last <= 2 and sc.tokens[j].word in _TO_HER and j not in sc.person:
            j += 1
        if j >= len(sc.tokens) or sc.clause[j] != sc.clause[h.first] or not (j in sc.person or sc.tokens[j].word in _HER):
            continue
        before = [k for k in range(max(0, h.first - 6), h.first) if sc.clause[k] == sc.clause[h.first]]
        words = [sc.tokens[k].word for k in before]
        ordered = not words or all(w in _ORDERS for w in words[-3:]) and words[-1:] != ["to"]
        wished = any(w in ("if", "os") for w in words) and any(w in _READERS for w in words) and bool(
            [w for w in sc.of("wish") if w.first in before] or any(w in ("fancy", "fancies", "like", "need") for w in words))
        if ordered or wished:
            out.append(Hit("sent", h.start, sc.tokens[j].end, h.first, j))
    return out


def _home_given_out(r: Reading, lex: Lexicon, text: str, sc: Scene, personal: str | None) -> str | None:
    """Pupils or parents giving out where she lives, or anyone giving out her phone or email and urging
    others to use it: for the school to know at once. A news report of a crime at her home is not."""
    if not personal or r.shape.platform in ("people_search", "news"):
        return None
    urged = sc.of("menace", "visit")
    if personal.startswith(("A phone number", "An email address")):  # her phone or email given out, and people urged to use it
        return f"Your contact details are given out with {sc.quote(urged)}: {personal[:1].lower()}{personal[1:]}" if urged else None
    if not personal.startswith(_HOME_FACTS):
        return None
    going = sc.of("visit") + _sent(sc)
    if going:  # others sent there: "go round and tell her yourself, she's on the electoral roll at 12 …"
        return f"Your home is given out, and people told to go there ({sc.quote(going)}): {personal[:1].lower()}{personal[1:]}"
    angry = sc.of("menace", "confront")
    if angry:  # "She's on Lochfield Crescent if anyone wants a word with her", "… Teach her a lesson": whoever writes it
        return (f"Your home is given out with a threat or a call to confront you ({sc.quote(angry)}), a risk to your "
                f"safety: {personal[:1].lower()}{personal[1:]}")
    said = _THIRD_PERSON_HOME.search(text[: len(r.raw)])
    if said is None or not r.near(said.start(), said.end()):
        return None
    # pupils and parents write "miss", the surname alone, "our two are in her class"; not "Jo Hill, Year 4"
    ends = [e for _, _, st, e in r.name_hits if st >= 0]
    pupils = [h.start for h in sc.of("young")] + [m.start() for m in lex.children.finditer(text[: len(r.raw)])]
    if not (r.best in ("honorific", "surname", "pupil", "given")
            or any(r.near(p, p) and not any(0 <= p - e <= 3 for e in ends) for p in pupils)):
        return None
    return f"Someone gives out where you live ('{said.group(0)}'): {personal[:1].lower()}{personal[1:]}"


_PUPILS_YEAR = re.compile(r"(?:\by|yr|year)[\s._\-]?(?:[1-9]|1[0-3])(?![0-9])|leavers|banter|lads")  # not a town's memes page
_PUPILS_ACCOUNT = re.compile(r"(?:\by|yr|year)[\s._\-]?(?:[1-9]|1[0-3])(?![0-9])|leavers|memes|banter|lads")


def _schools_own(name: str, who: Who) -> bool:
    """An account's name holds her school's name ("moorside.memes" for Moorside Academy)."""
    squashed = re.sub(r"[^0-9a-z]", "", fold(name))
    return any(len(core) >= 5 and core in squashed for _, _, core in who.orgs)


def _pupils_picture(r: Reading, who: Who, text: str, photo: str | None, sc: Scene) -> str | None:
    """A video or photo of her posted by an account pupils run ("y6.leavers", "moorside.memes"): pupils
    filming or photographing a teacher is for the school to know about. The post must say she was filmed
    or photographed ("vid of", "got her on my phone"): a leavers' account praising her is not a picture of her."""
    if not photo or not is_social(r.shape.platform) or r.shape.kind not in ("post", "image"):
        return None
    if not (sc.of("capture", "picture") or [h for h in sc.of("secrecy") if not _doubt(sc, h)] or sc.aimed(("capture",))
            or _shown_doing(sc)):
        return None
    if not any(st in ("honorific", "surname", "pupil") for st, _, _, _ in r.name_hits):
        return None  # pupils write "miss", "sir" or the surname, not the full name
    poster = _POSTER.search(r.text[r.text.find("|") :] if "|" in r.text else r.text)
    names = " ".join(filter(None, [r.shape.handle, poster.group(1) if poster else None]))
    sign = _PUPILS_YEAR.search(names) or (_PUPILS_ACCOUNT.search(names) and _schools_own(names, who))
    if not sign:
        return None  # "moorside.memes" is her school's pupils; "LeicesterMemesDaily" is a town's page
    return f"Pupils' video or photo of you, posted by {names.split()[-1]}: {photo[:1].lower()}{photo[1:]}"


def _pretender_and_pupils(r: Reading, lex: Lexicon, text: str, sc: Scene, impersonating: str | None) -> str | None:
    """Someone pretending to be her who talks to pupils (messages, photos, addresses): pupils are at risk."""
    said = impersonating or (words_sentence(r.found_near(lex.impersonation, text))
                             if r.found_near(lex.impersonation, text) else None)
    if not said:
        return None
    pupils = [h for h in sc.of("young") if not _PARENTS.match(sc.text, h.end)]  # not "Year 4 parents"
    words = sc.words(pupils) + r.found_near(lex.children, text)  # pupils, or parents asked for their children's
    contact = list(dict.fromkeys(_found_contact(r, lex, text) + r.found_near(lex.offers, text) + sc.words(_invited(sc))
                                 + r.found_near(lex.personal_info, text)))
    asking = [h for h in sc.of("request", "ask")  # not "she's asked us all to report it": the writer asked, not pupils
              if not (h.last + 1 < len(sc.tokens) and sc.tokens[h.last + 1].word in ("us", "me", "we", "everyone", "you"))]
    talk = [w for w in sc.words(asking) if w]
    if not words and re.search(r"\bparents\b", r.text) and r.found_near(lex.photographed, r.text):
        words = r.found_near(lex.photographed, r.text)  # parents asked to add it for their class's photos
    if words and (contact or talk):
        pupils_said = list(dict.fromkeys(w.lower() for w in words))
        return (f"Someone pretending to be you is in touch with pupils ({quote(pupils_said)}"
                + (f", {quote(contact or talk)}" if contact or talk else "") + "). Tell your school at once.")
    told = _told_to_reach(sc)
    if impersonating and told and r.shape.kind == "account":  # a pretender in her name and school: pupils are who reads it
        return (f"Someone pretending to be you invites messages ({sc.quote(told)}), where your pupils can reach it. "
                "Tell your school at once.")
    return None

