"""What is happening on the page, and which flags it raises: safeguarding situations, an account
pretending to be her, hostility, her personal details, pictures of her.

Situations are read from concepts met together (data/lexicon.toml `[concepts]`), not from single words.
"""

from __future__ import annotations

import re

from repwatch.models import Flag
from repwatch.pipeline.labels import HOSTILE
from repwatch.pipeline.triage.about import class_code, school_mark
from repwatch.pipeline.triage.concepts import Hit, Token, stem
from repwatch.pipeline.triage.despair import LAUGHING as _LAUGHING
from repwatch.pipeline.triage.despair import despair as _despair
from repwatch.pipeline.triage.filmed import pupils_picture, snapped
from repwatch.pipeline.triage.gossip import gossip_rumour
from repwatch.pipeline.triage.scene import PRONOUNS as _PRONOUNS
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import (
    CLAUSE,
    NEAR,
    Lexicon,
    and_,
    article,
    blank,
    fold,
    lexicon,
    quote,
    words_sentence,
)
from repwatch.pipeline.triage.tone import Tone, read_tone, valence
from repwatch.pipeline.triage.who import Accounts, Reading, Who
from repwatch.pipeline.urls import registered_domain
from repwatch.platforms import is_social, label

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?!\d)"
)
# A number written with its last digits hidden ("01782 31xxxx"): still her number, given out.
_MASKED_PHONE = re.compile(r"(?<![\w+])\(?0\d{2,4}\)?[\s\-]?\d{0,4}[xX*]{2,}[\dxX*]*(?:[\s\-][\dxX*]{2,4})?(?![\w])")
_EMAIL = re.compile(r"(?<![@\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DOB = re.compile(
    r"\b(?:born(?: on| in)?|d\.?o\.?b\.?|date of birth)[:\s]+(?:"
    rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|(?:19|20)\d{{2}})\b"
    rf"|\bbirthday(?: is)?(?: on)?(?: the)?[:\s]+(?:\d{{1,2}}(?:st|nd|rd|th)?(?: of)?\s+{_MONTH}\b|\d{{1,2}}[/.]\d{{1,2}}\b)"
)
# A birthday, then a full date with its year: "Happy 40th to our Jo Whitfield 🎂🥂 3rd March 1986".
_BIRTHDAY_DATE = re.compile(
    rf"(?:\bhappy\s+\d{{1,3}}(?:st|nd|rd|th)\b|\bbirthday\b|\bbday\b|\U0001f382)[^.|\n]{{0,60}}?"
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+(?:19|20)\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})\b"
)
_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Grove|"
    r"Crescent|Way|Gardens|Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale|Lea|Brae|Wynd|Loan|Gate|Parade|"
    r"Chase|Croft|Fold|Garth|Mount|Meadows|Grange|Bank|Heights|Crest|Ridge|Dale|Nook|Wharf|Quay|Yard)\b"
)
_STREET_NAME = (
    r"(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Grove|Crescent|Way|Gardens|"
    r"Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale|Lea|Brae|Wynd|Loan|Gate|Parade|Chase|Croft|Fold|"
    r"Garth|Mount|Meadows|Grange|Bank|Heights|Crest|Ridge|Dale|Nook|Wharf|Quay|Yard)\b"
)  # not Hill or Park: "lives in Mossley Hill" names a district, not a street
# A word for home, then (in the same clause) a street: "her house on Larkhill Road", "moved into one of
# the new builds on Brodie Avenue". Street names need their capitals, so this runs on the text as written.
_HOME_STREET = re.compile(
    r"(?i:\b(?:lives?|living|lived|bides?|biding|stays|homes?|houses?|hooses?|flats?|moved|moving|address|no\.?\s*\d{1,4}|number\s+\d{1,4})\b)"
    rf"(?P<between>[^.!?;|\n]{{0,60}}?)\b(?i:on|in|at|off|of|along|up|down)\s+(?:the\s+)?(?P<street>{_STREET_NAME})"
    # "She's on Lochfield Crescent if anyone wants a word": where she is found, said of her
    rf"|(?i:\b(?:she|he)(?:'s|\u2019s|\s+is)\s+(?:on|in|at|up|off)\s+)(?P<between2>)(?P<street2>{_STREET_NAME})"
)
# A word for home, then a postcode district: "she lives in LE2", "moved round L17".
_HOME_DISTRICT = re.compile(
    r"(?i:\b(?:lives?|living|lived|homes?|houses?|flats?|moved|moving|address)\b)[^.!?;|\n]{0,30}?"
    r"\b(?i:in|at|near|round|around|to)\s+(?P<district>[A-Z]{1,2}[0-9][0-9A-Z]?)\b"
)
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


_WORK_CLAIMS = ("it names your school", "it claims your role", "it a tag")  # her school or role: her work, not only her town


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
        signs.append(f"it {mark}")
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
    offers = list(dict.fromkeys(r.found_near(lex.offers, text) + scene(r, lex, text).words(_invited(scene(r, lex, text)))))
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
    desire = sc.of("desire")
    if ((desire and sc.about(desire)) or any(e in sc.text for e in _HEAT)) and (sc.of("young") or voice):
        said = sc.quote(desire) if desire else "'" + next(e for e in _HEAT if e in sc.text) + "'"
        return f"A sexual remark about you by pupils, in the words {said}."
    rated = [h for h in sc.of("lust") if _said_of_her(sc, h)]
    if rated and is_social(r.shape.platform) and r.shape.kind != "account":  # "mrs campbell's a milf for her age 😳"
        return f"A sexual remark about your body or looks, in the words {sc.quote(rated)}."
    picked, child = sc.together(("bully",), ("young",))
    if picked:
        return f"A pupil picked on or bullied, in the words {sc.quote(picked, child)}."
    contact = _private_contact(r, sc) or _pupil_in_private(r, sc) or _urged_to_call(sc) or _rumour(sc)
    if contact:
        return contact
    despair = _despair(sc) if r.shape.platform not in _REPORTED else []  # a news quote ("we can't cope with the cuts")
    if despair:
        return (f"Someone may be in distress or thinking of harming themselves, in the words "
                f"{sc.quote(despair[:1], despair[1:])}. Check on them.")
    return None


def _said_of_her(sc: Scene, h: Hit) -> bool:
    """A word said of her, close to her name in its sentence: her name, then within six words the word
    ("mrs campbell's a milf", "miss kaur from langley grammar is a milf"), or the word, then her name within two."""
    names = [i for i in sc.person if sc.clause[i] == sc.clause[h.first]]
    return any(0 < h.first - i <= 6 or 0 < i - h.last <= 2 for i in names)


def _remarks(sc: Scene) -> list[Hit]:
    """Her body spoken of: a word for the body with her as its owner ("mrs quinn's legs", "her body", "miss
    hughes's body"), or a word for how she bends with her as its subject ("when she bends down")."""
    out = []
    for b in sc.of("body"):
        before = b.first - 1
        if before < 0 or sc.clause[before] != sc.clause[b.first]:
            continue
        word, said = sc.tokens[before].word, sc.text[sc.tokens[before].start : sc.tokens[before].end]
        owner = word in ("her", "his") or (before in sc.person and said.endswith(("'s", "s'", "\u2019s")))
        subject = word in ("she", "he") and sc.tokens[b.first].word.startswith("bend")
        if owner or subject:
            out.append(Hit("body", sc.tokens[before].start, b.end, before, b.last))
    return out


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


_DOUBTING = frozenset({"how", "what", "if", "whether", "why", "who", "where", "when"})


def _doubt(sc: Scene, h: Hit) -> bool:
    """"no idea if it's true", "dont know how much more i can take": the writer unsure of something, not
    someone filmed without knowing."""
    after = sc.tokens[h.last + 1].word if h.last + 1 < len(sc.tokens) and sc.clause[h.last + 1] == sc.clause[h.first] else ""
    before = sc.tokens[h.first - 1].word if h.first > 0 and sc.clause[h.first - 1] == sc.clause[h.first] else ""
    return after in _DOUBTING or before in ("i", "honestly", "genuinely", "just", "really")


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
    if ask and sc.about(ask):  # "which road does she live on", not "which road is the new Aldi on"
        return f"Someone is asking where you live, in the words {sc.quote(ask, home, join=True)}."
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


_FIRST_PERSON = frozenset({"i", "we", "ive", "id", "im", "weve", "me"})
_FUTURE = frozenset({"gonna", "gonnae", "will", "ll", "going", "should", "shall", "lets", "wanna", "finna", "tryna"})
_LATE = re.compile(r"\b(?:1[0-2]|[1-9])(?:[:.][0-5]\d)?\s?pm\b|\bam (?:1[0-2]|[1-9]) y nos\b")


_PEOPLE = frozenset({"me", "us", "him", "her", "sir", "miss"})


_URGERS = frozenset({"everyone", "someone", "yall", "u", "you", "guys", "pls", "please", "go"})


def _urged(sc: Scene) -> list[Hit]:
    """Others told to call or text her at home: a way of reaching her said as an order (first in its sentence,
    or after "everyone", "someone", "go"), then her, then "at home" or a number ("ring mrs wright at home lol
    01782 …")."""
    for h in sc.of("call"):
        word = sc.tokens[h.first].word
        if word.endswith("ed") or (word.endswith("ing") and word != "ring"):
            continue  # an order: "ring her", not "rang her"
        first = h.first == 0 or sc.clause[h.first - 1] != sc.clause[h.first] or sc.tokens[h.first - 1].word in _URGERS
        j = sc._object(h) if first else None
        if j is None:
            continue
        after = range(j + 1, min(len(sc.tokens), j + 5))
        number = any(sc.tokens[k].word.isdigit() for k in after) and _LAUGHING.search(sc.text)  # not "call Mark on 0781…"
        if number or any(g.first in after and sc.tokens[g.first].word == "home" for g in sc.of("home")):
            return [Hit("urged", h.start, sc.tokens[j].end, h.first, j)]
    return []


def _urged_to_call(sc: Scene) -> str | None:
    urged = _urged(sc)
    return f"Someone tells others to call you at home, in the words {sc.quote(urged)}." if urged else None


_ADULTS_CHANNEL = re.compile(r"whatsapp|messenger|facebook|email|text|phone|in the evening|after school")


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


def _private_contact(r: Reading, sc: Scene) -> str | None:
    """Someone (she, he, the teacher) reaching a child in private: a way of reaching someone ("followed",
    "texting", "adding", Welsh "gyrru neges") with a child as its object ("a few Year 10 girls", "my son",
    "i'r mab"), and a sign that it is private or out of school (a site or app, a personal phone, at night, at
    weekends) or a worry about it ("is that allowed?"). The writer's own messages ("I texted my son") are not."""
    if r.shape.platform == "school":
        return None  # the school's own page ("please contact the Year 10 office") tells parents how to reach it
    for a in sc.of("reach"):
        child = next((y for y in sc.of("young") if sc.clause[y.first] == sc.clause[a.first] and a.last < y.first <= a.last + 5), None)
        if child is None and a.last + 1 < len(sc.tokens) and sc.tokens[a.last + 1].word in ("her", "him", "them"):
            # "My daughter's Year 6 teacher … has been WhatsApping her directly": the child named before
            child = next((y for y in sc.of("young") if y.last < a.first and _PARENT_VOICE.search(sc.text[y.start : y.end + 12])), None)
        if child is None or any(sc.tokens[i].word in _FIRST_PERSON for i in range(max(0, a.first - 3), a.first)):
            continue
        if any(sc.tokens[i].word in ("me", "us", "about", "them", "to", "by") for i in range(a.last + 1, child.first)):
            continue  # "messaged me … about my son": the child is what it was about, not who was reached
        if _PARENTS.match(sc.text, child.end):
            continue  # "messaging the Year 4 parents": the parents, not the children
        private = sc.of("private") or _LATE.findall(sc.text)
        worry = sc.of("concern") or _asks(sc)
        teacher = sc.about([a]) or r.found_near(lexicon().role, sc.text)
        if (private or worry) and teacher:
            said = sc.quote([a], [child], [h for h in sc.of("private") if h.start > a.start] or sc.of("private"))
            return f"Someone reaching a child in private, in the words {said}."
    return None


_HEAT = ("\U0001f975", "\U0001f924", "\U0001f62e\u200d\U0001f4a8", "\U0001fae6")  # 🥵 🤤 😮‍💨 🫦
_PARENT_VOICE = re.compile(r"\b(?:my|our) (?:(?:wee|little|youngest|eldest|oldest) )?(?:son|daughter|lad|boy|girl|kids?|child|children|wee one|little one)\b|\b(?:dd|ds)\b")
_SHORT_VIDEO = ("tiktok", "snapchat")
_PARENTS_SITES = ("facebook", "nextdoor")
_REPORTED = ("news", "school")  # a newspaper's or a school's own page: a reporter or the school writes, not a pupil


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
             if t.word in ("sir", "miss") and i in sc.person and i + 1 not in sc.person][:1]
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


def _rumour(sc: Scene, *, hinted: bool = True) -> str | None:
    """Hearsay of closeness between her and a pupil or a pupil's parent ("heard she's seeing one of the
    dads from her class", "everyone says she gives the same boy lifts home"); with `hinted`, closeness
    hinted at or worried about too ("is it just me or is she too close with…", 👀, "should I be worried?")."""
    hearsay = sc.of("hearsay")
    staff = {sc.clause[h.first] for h in sc.of("staff")}  # "that P6 teacher and one of the dads", with no name
    spread = sc.of("spread")
    closeness = [h for h in sc.of("closeness") if (sc.about([h]) or sc.clause[h.first] in staff)  # not "kids message me"
                 and sc.tokens[h.last].word != "favourites"  # "has a favourite in 11R" is one pupil; "casts the same favourites" is favouritism
                 and not (any(o.first == h.first for o in sc.of("online"))  # "going round the kids' WhatsApp"
                          and any(s.last < h.first and sc.clause[s.first] == sc.clause[h.first] for s in spread))]
    parents = sc.of("parent")
    young = [y for y in sc.of("young") if not any(p.first == y.last + 1 for p in parents)]  # "the Y2 dads", "P5 dads"
    who = young or parents
    whom = "a pupil" if young else "a pupil's parent"
    if hearsay and who and closeness:
        return f"A rumour about you and {whom}, in the words {sc.quote(hearsay, who, closeness)}."
    hints = sc.of("suspicion", "concern")  # "is it just me or…", a worry, or 👀
    if hinted and who and closeness and (hints or "\U0001f440" in sc.text or _asks(sc)):
        return f"Closeness between you and {whom} hinted at, in the words {sc.quote(hints, who, closeness)}."
    return None


def _accusation(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
    """Someone saying she did wrong, whatever the words: a rumour of her and a pupil or a pupil's parent
    (passed on as gossip or asked about as a worry, it still says she did something), a report that she
    reached a child in private ("has been messaging my daughter at half nine at night"), a parent telling
    what she did with their child ("gave him her personal number"), favouritism ("only ever casts her
    favourites"), a low star rating. None needs an insult word."""
    if r.found_near(lex.impersonation, text) or _DOUBTED.search(text):
        return None  # "someone is pretending to be Mrs Moss", "an account saying it's Miss Khan": maybe not her doing
    rumour = _rumour(sc, hinted=False)  # in the order the safeguarding situations are read: hearsay first
    if rumour:
        return "An accusing " + rumour[2:]
    gossip = gossip_rumour(sc, r.raw)
    if gossip and not (_asks(sc) or sc.of("concern")):  # passed on to spread, not asked about as a worry
        return f"An accusation: {gossip[:1].lower()}{gossip[1:]}"
    reached = _private_contact(r, sc)
    if reached:
        return "An accusation of r" + reached.removeprefix("Someone r")
    hinted = _rumour(sc)
    if hinted:
        return f"An accusation: {hinted[:1].lower()}{hinted[1:]}"
    if _PARENT_VOICE.search(sc.text) and r.shape.platform not in _REPORTED:
        children = r.found_near(lex.children, blank(text, _PARENTS_OF))
        contact = [w for w in _found_contact(r, lex, text) if not _HARM_TO_HER.search(w)] if children else []
        if contact:
            return f"A parent's report of what you did with their child ({quote(contact)})."
    favour = _favouritism(sc)
    if favour:
        return f"Favouritism said of you: '{favour}'."
    stars = _STARS.search(r.raw)
    if stars and len(stars.group("full")) <= 2:
        n = len(stars.group("full"))
        return f"A {('one', 'two')[n - 1]}-star review that names you."
    return None


_DOUBTED = re.compile(r"\b(?:account|page|profile)\s+(?:saying|says|claiming|that says|that claims)\b|"
                      r"\bis (?:that|it|this) (?:actually|really) (?:her|him)\b")
_HARM_TO_HER = re.compile(r"^(?:crying)$")  # "made her cry", not her contact with the child
_STARS = re.compile(r"(?P<full>\u2605{1,5})(?P<empty>\u2606{0,4})(?!\u2606)")  # ★☆☆☆☆


def _favouritism(sc: Scene) -> str | None:
    """"only ever casts her favourites", "has a favourite in 11R", "picks favourites": favourites that are
    hers, in a sentence about her (not "my favourite teacher")."""
    for i, t in enumerate(sc.tokens):
        if not t.word.startswith(("favourite", "favorite", "favouritism")) or i == 0:
            continue
        before = sc.tokens[i - 1].word
        if t.word == "favouritism" or before in ("her", "his", "picks", "plays", "pick", "play") or (
                before == "a" and i > 1 and sc.tokens[i - 2].word in ("has", "have", "got")):
            if before in ("her", "his") and i + 1 < len(sc.tokens) and sc.tokens[i + 1].word in ("teacher", "subject", "class", "lesson"):
                continue  # "her favourite teacher"
            if sc.about([Hit("favour", t.start, t.end, i, i)]):
                return sc.text[sc.tokens[i - 1].start : t.end]
    return None


def _hostility(sc: Scene, tone: Tone) -> str | None:
    """Hostility aimed at the person without an insult word: threats, demands and sarcasm."""
    know, home = sc.followed(("know",), ("home",), gap=3)
    if know and not any(t.word in _PRONOUNS for t in sc.tokens[max(0, home[0].first - 1) : home[0].last + 3]):
        know = []  # "I know what car she drives", "we know her address"; not "we know Elm Road well"
    hearsay, trouble = sc.of("hearsay"), sc.of("trouble")
    if hearsay and trouble and sc.about(trouble):
        return f"An accusing rumour about you: {sc.quote(hearsay, trouble)}."
    attack, house = sc.followed(("attack",), ("home",), gap=2)
    if attack and sc.about(attack) and not sc.tokens[attack[0].first].word.endswith("ed"):  # "egg his house", not "tyres slashed"
        return f"A threat to your home: {sc.quote(attack, house, join=True)}."
    urged = _urged(sc)
    if urged and _LAUGHING.search(sc.text):
        return f"Others told to prank you at home: {sc.quote(urged)}."
    menace = sc.of("menace")
    if menace or know:
        return f"A threat in plain words near your name: {sc.quote(menace, know, home, join=True)}."
    demand, sanction = sc.followed(("demand",), ("sanction",), gap=4)
    if demand and not (re.search(r"(?:ed|ing|en|one|\s\S+)$", sc.words(sanction)[0]) and sc.about(demand)):
        demand = []  # "I should report it" is advice; "she should be reported", "needs sacking" are demands
    if demand:
        return f"A demand that something be done to you: {sc.quote(demand, sanction, join=True)}."
    praise, failure = sc.followed(("praise",), ("failure",), gap=9)
    if praise and sc.tokens[failure[0].first - 1].word not in ("for", "on"):
        praise = []  # "well done … for losing", "congratulations … on losing"; not "thanks, my son lost"
    if praise:
        return f"Sarcasm aimed at you, praise for a failure: {sc.quote(praise, failure)}."
    unfit, near = sc.followed(("forbid",), ("around",), gap=2)
    kids = [y for y in sc.of("young") if near and sc.clause[y.first] == sc.clause[near[0].first] and 0 <= y.first - near[0].last <= 3]
    if kids:
        return f"A judgement that you are unfit to be near children: {sc.quote(unfit, near, kids, join=True)}."
    condemn = sc.of("condemn")
    if condemn:
        return f"A judgement that you are unfit: {sc.quote(condemn)}."
    failed = _teaching_fails(sc)
    if failed:
        return f"Contempt for your teaching: {sc.quote(*failed, join=True)}."
    upset, filmed = sc.of("distress"), sc.aimed(("capture", "picture")) or sc.of("capture")
    if upset and filmed and sc.about(upset) and _LAUGHING.search(sc.text):
        return f"Laughing at a video or picture of you upset: {sc.quote(filmed, upset)}."
    doctored = sc.of("doctored")
    if doctored and filmed and _LAUGHING.search(sc.text):  # "Llun o Syr Jones efo clustia Shrek 😂😂"
        return f"A picture of you changed to laugh at you: {sc.quote(filmed, doctored)}."
    imagine = [t for i, t in enumerate(sc.tokens) if t.word == "imagine" and (i + 1 in sc.person or i + 2 in sc.person)]
    trying = [t for i, t in enumerate(sc.tokens) if t.word in _TRYING and any(k in sc.person for k in (i - 1, i - 2))]
    if (imagine or trying) and _LAUGHING.search(sc.text):  # "imagine mr price …", "mrs roberts try to use the smartboard 💀"
        said = (imagine or trying)[0]
        return f"Mockery aimed at you, with laughter ('{sc.text[said.start : said.end]}')."
    likened = _likened(sc)
    if likened:
        return f"Mockery aimed at you: '{likened}'."
    sarcastic = _sarcastic_aside(sc) if tone.score < 0.3 else None  # "a genius idea. Brilliant." is praise
    if sarcastic:
        return f"Sarcasm aimed at you: '{sarcastic}'."
    mockery = sc.of("mockery")
    if mockery:
        return f"Mockery or contempt aimed at you: {sc.quote(mockery)}."
    who, thinks = sc.followed(("who",), ("thinks",), gap=8)
    if who:
        return f"Contempt for you: {sc.quote(who, thinks)}."
    outrage, contempt = sc.together(("outrage",), ("contempt",))
    if outrage:
        return f"Contempt for you: {sc.quote(outrage, contempt)}."
    marker, contempt = sc.of("sarcasm"), sc.of("contempt")
    if marker and (contempt or sc.of("failure")):
        return f"Sarcasm aimed at you: {sc.quote(marker, contempt or sc.of('failure'))}."
    return None


_WORRY = re.compile(r"\b(?:is it just me|is (?:that|this|it) (?:normal|allowed|ok|okay|right|weird)|am i (?:wrong|right|overreacting)|anyone else"
                    r"(?: heard| noticed)?|should i|what do i do|who do i (?:tell|ask)|not sure what)\b")


def _asks(sc: Scene) -> bool:
    """The writer asks what to make of it ("is that normal?", "has anyone else heard this?"): a worry raised."""
    return bool(_WORRY.search(sc.text))


_WARM = frozenset({"well", "best", "love", "amazing", "great", "legend", "brilliant", "lovely", "incredible", "goated"})


_QUESTION_WORDS = frozenset({"does", "is", "did", "can", "has", "how", "why", "do"})


def _asked_of_her(sc: Scene) -> tuple[list[Hit], list[Hit]]:
    """"Does Mrs Chauhan actually mark anything?": a question word, her name, then a word of fitness, in a
    sentence that ends with a question mark."""
    for i, t in enumerate(sc.tokens):
        if t.word not in _QUESTION_WORDS or i + 1 not in sc.person:
            continue
        j = i + 1
        while j + 1 in sc.person:
            j += 1
        fit = [h for h in sc.of("fitness") if j < h.first <= j + 6 and sc.clause[h.first] == sc.clause[i]]
        end = CLAUSE.match(sc.text, t.start)
        if fit and end is not None and sc.text.startswith("?", end.end()):
            return [Hit("rhetoric", t.start, sc.tokens[j].end, i, j)], fit[:1]
    return [], []


def _rhetoric(sc: Scene, tone: Tone) -> str | None:
    """A question that answers itself, aimed at her fitness: "how is she a maths teacher", "who hired him",
    "does she even have a degree". Not in a warm sentence ("how does she teach so well?")."""
    asked, fit = sc.followed(("rhetoric",), ("fitness",), gap=4)
    if not asked:
        asked, fit = _asked_of_her(sc)
    if not asked:
        for h in sc.of("hirer"):
            j = sc._object(h)
            if j is not None:  # "who hired her": quoted with its object
                asked = [Hit("hirer", h.start, sc.tokens[j].end, h.first, j)]
                break
    if asked:
        c = sc.clause[asked[0].first]
        warm = any(sc.clause[i] == c and t.word in _WARM for i, t in enumerate(sc.tokens))
        asked = [] if warm or tone.score >= 0.5 else asked
    if asked:
        return f"A question that says you are unfit: {sc.quote(asked, fit, join=True)}."
    return None


def _memes_account(r: Reading) -> str | None:
    """The post comes from an account made to laugh at people ("tpa.y10.memes", "moorside memes")."""
    poster = _POSTER.search(r.text[r.text.find("|") :] if "|" in r.text else r.text)
    names: list[str] = [n for n in (r.shape.handle, poster.group(1) if poster else None) if n]
    for name in names:
        if "meme" in fold(name) and r.shape.kind in ("post", "web", "image") and not r.own_account:
            return name
    return None


# 💀 🙉 🙈 🤡 🙄 😂 🤣 😴 🥱: laughing at someone, or bored by them (not 😭, which pupils use for praise too)
_MOCKING = ("\U0001f480", "\U0001f649", "\U0001f648", "\U0001f921", "\U0001f644", "\U0001f602", "\U0001f923", "\U0001f634", "\U0001f971")
_SUBJECTS = frozenset({"she", "he", "it", "shes", "hes", "its", "her", "him"})


def _likened(sc: Scene) -> str | None:
    """Mockery by comparison or by disbelief, with a mocking emoji in the sentence: "explaining it for the
    fifth time like it's a ted talk 💀", "singin away like she's on the X factor 🙉", "really thought
    making us play recorder was gonna make us musicians 💀". Not a warm sentence."""
    for c in sorted({sc.clause[i] for i in sc.person} | {sc.clause[i] for i, t in enumerate(sc.tokens) if t.word in _PRONOUNS}):
        if c not in sc.near:
            continue
        words = [(i, t) for i, t in enumerate(sc.tokens) if sc.clause[i] == c]
        span = sc.text[words[0][1].start : min(len(sc.text), words[-1][1].end + 12)]
        if not any(e in span for e in _MOCKING) or any(t.word in _WARM for _, t in words):
            continue
        for k, (i, t) in enumerate(words[:-1]):
            nxt = words[k + 1][1].word
            if t.word == "like" and nxt in _SUBJECTS:
                return sc.text[t.start : words[min(k + 4, len(words) - 1)][1].end]
            if t.word == "really" and nxt in ("thought", "thinks", "believed", "believes") and (
                    i - 1 in sc.person or (i > 0 and sc.tokens[i - 1].word in _PRONOUNS)):
                return sc.text[sc.tokens[i - 1].start : sc.tokens[i + 1].end]
    return None


_TRYING = frozenset({"try", "trying", "tryna", "tries", "attempting"})
_ASIDES = frozenset({"genius", "brilliant", "great", "lovely", "amazing", "fantastic", "classic", "typical", "marvellous",
                     "wonderful", "perfect", "incredible", "iconic"})


def _sarcastic_aside(sc: Scene) -> str | None:
    """Praise alone as a sentence after a complaint ("gives 3 hours of homework then wonders why no one does it.
    genius."): the word says the opposite. Only after a sentence about her that is not warm."""
    for c, m in enumerate(CLAUSE.finditer(sc.text)):
        word = m.group(0).strip().strip("'\"").rstrip(" 🙄👏🙃😒")
        if word in _ASIDES and c - 1 in sc.near and c > 0:
            before = [t for i, t in enumerate(sc.tokens) if sc.clause[i] == c - 1]
            if before and not any(t.word in _WARM or t.word in _ASIDES for t in before) and any(i in sc.person or t.word in _PRONOUNS
                                                                          for i, t in enumerate(sc.tokens) if sc.clause[i] == c - 1):
                return word
    return None


def _teaching_fails(sc: Scene) -> list[list[Hit]]:
    """Her teaching said to fail, aimed at her: "learnt nothing all year", "taught us nothing", "cant even
    explain algebra" (not the writer's own "i cant explain how much she helped")."""
    learn, nothing = sc.followed(("learn",), ("nothing",), gap=3)
    if learn and not any(t.word in ("but", "else") for t in sc.tokens[nothing[0].last + 1 : nothing[0].last + 2]):
        return [learn, nothing]
    unable, learn = sc.followed(("unable",), ("learn",), gap=1)
    if unable and not any(t.word in _FIRST_PERSON for t in sc.tokens[max(0, unable[0].first - 2) : unable[0].first]):
        return [unable, learn]
    unable, skill = sc.followed(("unable",), ("skill",), gap=1)  # "cannae even work the smartboard"
    if unable and sc.tokens[unable[0].last + 1].word == "even" and not any(
            t.word in _FIRST_PERSON for t in sc.tokens[max(0, unable[0].first - 2) : unable[0].first]):
        return [unable, skill]
    return []


def _contempt(sc: Scene, tone: Tone) -> str | None:
    """Contempt ("amazing how some people still have jobs"), when the tone is unfriendly too."""
    contempt = sc.of("contempt")
    if contempt and tone.score < 0:
        return f"Contempt for you in an unfriendly tone ({tone.score:+.2f}): {sc.quote(contempt)}."
    return None


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


_TO_WRITER = re.compile(r"\b(?:messaged|texted|rang|called|emailed|phoned|dm'?d|whatsapped|contacted|wrote to|replied to)\s+(?:me|us)\b")


def _found_contact(r: Reading, lex: Lexicon, text: str) -> list[str]:
    """Contact words near the name, less those addressed to the writer ("nobody texted us")."""
    if lex.contact is None:
        return []
    seen: list[str] = []
    to_writer = [m.start() for m in CLAUSE.finditer(text) if _TO_WRITER.search(m.group(0))]
    for m in lex.contact.finditer(text):
        if re.match(r"\s+(?:us|me)\b", text[m.end() : m.end() + 4]):
            continue
        if any(c <= m.start() and not re.search(r"[.!?|\n]", text[c : m.start()]) for c in to_writer):
            continue  # "she messaged me on WhatsApp about my son's reading": in touch with the parent
        if re.search(r"\b(?:i|we|i've|ive|i'd|i'm)\s+(?:\w+\s+)?$", text[max(0, m.start() - 16) : m.start()]):
            continue  # the writer's own messages ("I texted my son"), not someone reaching a child
        if r.near(m.start(), m.end()) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


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


def _personal_info(r: Reading, who: Who, lex: Lexicon, text: str, sc: Scene) -> str | None:
    if r.shape.platform == "people_search":
        return f"{r.host} is a people-search site: such sites list addresses, phone numbers and relatives."
    if r.shape.platform == "school" or _her_schools_site(r, who):
        return None  # a school's own page gives the school's address and phone, not the person's
    facts: list[str] = []
    for what, pattern, source in (
        ("a postcode", _POSTCODE, r.raw),
        ("a phone number", _PHONE, r.raw),
        ("a phone number", _MASKED_PHONE, r.raw),
        ("an email address", _EMAIL, r.raw),
        ("a street address", _STREET, r.raw),
        ("a date of birth", _DOB, text),
        ("a date of birth", _BIRTHDAY_DATE, text),
    ):
        for m in pattern.finditer(source):
            found = (r.raw[m.start() : m.end()] if m.end() <= len(r.raw) else m.group(0)).strip()  # as written, not folded
            if what == "a phone number" and len(re.sub(r"[^\dxX*]", "", found.replace("+44", "0"))) not in (10, 11):
                continue
            if what == "an email address" and _organisations_mailbox(found, who):
                continue  # "tayview.primary@dundeecity.gov.uk", "office@…": the school's, not hers
            if what == "a street address" and re.search(r"(?i)\b(?:year|y)\s*$", source[: m.start()]):
                continue
            if what != "a date of birth" and _organisations_own(lex, source, m.start()):
                continue  # "contact the academy office on 0191 …": the school's number, not hers
            if r.near(m.start(), m.end()):
                facts.append(f"{what} ({found})")
                break
    if not facts:
        home = _home_street(r, lex, who) or _street_after_name(r, who)
        if home:
            facts.append(f"a home street ({home})")
        else:
            district = _HOME_DISTRICT.search(r.raw)
            if district and r.near(district.start("district"), district.end("district")):
                facts.append(f"the postcode district of a home ({district.group('district')})")
    if facts:
        listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
        verb = "appears" if len(facts) == 1 else "appear"
        return f"{listed[0].upper()}{listed[1:]} {verb} near your name."
    words = _found_stated(r, lex.personal_info, text, sc)
    if words:
        return words_sentence(words)
    return None


_ORG_MAILBOX = re.compile(r"^(?:info|office|admin|enquir\w*|contact|reception|head|headteacher|bookings?|hello|"
                          r"sales|support|mail|school|post|swyddfa|ymholiadau)\b")
_ORG_DOMAINS = (".gov.uk", ".sch.uk", ".nhs.uk", ".ac.uk", ".police.uk", ".gov.wales", ".llyw.cymru", ".gov.scot")


def _organisations_mailbox(address: str, who: Who) -> bool:
    """An email address that is an organisation's own: a shared mailbox ("office@", "info@"), a public
    body's or a school's domain, or one that carries her school's name ("tayview.primary@…")."""
    local, _, domain = fold(address).partition("@")
    if _ORG_MAILBOX.match(local) or domain.endswith(_ORG_DOMAINS):
        return True
    return any(len(core) >= 5 and core in re.sub(r"[^0-9a-z]", "", local + domain) for _, _, core in who.orgs)


def _her_schools_site(r: Reading, who: Who) -> bool:
    """A page on her school's own site (its address holds the school's name: ysgolbetws.cymru)."""
    site = re.sub(r"[^0-9a-z]", "", registered_domain(r.key))  # not a forum's subdomain: staidans.freeforums.net
    return any(len(core) >= 5 and core in site for _, _, core in who.orgs)


def _organisations_own(lex: Lexicon, source: str, start: int) -> bool:
    """The words just before a number or address say it is an organisation's own contact."""
    before = re.split(r"[.!?|\n]", fold(source[max(0, start - 40) : start]))[-1]
    return bool(lex.organisation_contact.search(before))


def _found_stated(r: Reading, pattern: re.Pattern[str] | None, text: str, sc: Scene) -> list[str]:
    """Words near the name in sentences that state something: "where does she live?" tells nothing,
    nor does "does anyone know what road she lives on" written without its question mark."""
    if pattern is None:
        return []
    asking = {sc.clause[h.first] for h in sc.of("ask")}
    seen: list[str] = []
    for m in pattern.finditer(text):
        end = CLAUSE.match(text, m.start())
        if end is not None and text.startswith("?", end.end()):
            continue
        token = next((i for i, t in enumerate(sc.tokens) if t.end > m.start()), None)
        if token is not None and sc.clause[token] in asking:
            continue
        if _THEIRS.search(text[max(0, m.start() - 60) : m.start()].split(".")[-1]):
            continue  # "message me your child's full name, photo and date of birth": the children's, not hers
        if r.near(m.start(), m.end()) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


_THEIRS = re.compile(r"\b(?:your|their|child's|childs|children's|childrens|kids'|kid's|pupils'|son's|daughter's)\b")
_FROM_STREET = re.compile(rf"^(?:,?\s*(?:aged\s+)?\d{{1,3}},)?\s+(?:(?i:here)\s+)?(?i:from|of)\s+(?P<street>{_STREET_NAME})")


_NOT_HOME_AFTER = re.compile(r"\s+(?i:primary|school|academy|college|nursery|surgery|library|church|station|clinic|centre|practice)\b")


def _schools_street(street: str, who: Who) -> bool:
    """The street is her school's name ("Ms Rahman from Roman Road" for Roman Road Primary School)."""
    squashed = re.sub(r"[^0-9a-z]", "", fold(street))
    return any(len(squashed) >= 5 and squashed in re.sub(r"[^0-9a-z]", "", fold(org)) for org, _, _ in who.orgs)


def _street_after_name(r: Reading, who: Who) -> str | None:
    """A street right after the name: "Rachel Hill here from Elm Road", "Jo Bell, 41, of Park Lane"."""
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _FROM_STREET.match(r.raw[end:])
            if m and not _NOT_HOME_AFTER.match(r.raw[end + m.end() :]) and not _schools_street(m.group("street"), who):
                return m.group("street")
    return None


def _home_street(r: Reading, lex: Lexicon, who: Who) -> str | None:
    """A street named as someone's home, without a house number: still enough to find them."""
    for m in _HOME_STREET.finditer(r.raw):
        key = "street" if m.group("street") else "street2"
        if lex.not_home.search(fold(m.group("between") or "")) or _schools_street(m.group(key), who):
            continue  # "her school on Aigburth Road": a workplace's street, not a home
        if r.near(m.start(key), m.end(key)):
            return m.group(key)
    for m in (lex.home_street.finditer(r.text[: len(r.raw)]) if lex.home_street else ()):  # "lives on penny lane"
        if r.near(m.start("street"), m.end("street")) and not lex.not_home.search(m.group("street")):
            return m.group("street")
    return None


_COUNTS = re.compile(r"\b\d[\d,.]*[km]?\s+(?:photos?|videos?|posts?|pics?|reels?|clips?)\b")


def _photo(r: Reading, lex: Lexicon, text: str, sc: Scene) -> str | None:
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
    words = (r.found_near(lex.photo, prose) or sc.words(sc.of("capture", "picture", "occasion"))
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
                      or _PROFILE_PICTURE.search(r.raw[max(0, start - 40) : start]))  # "Profile photo: Mr Harris at …"
            if before:
                return r.raw[start - len(before.group(0)) : end]
    said = _PROFILE_IS_HER.search(r.raw)  # "pfp is literally her", with her name elsewhere on the page
    return said.group(0) if said and r.name_hits else None


# An account's own picture, named: "Profile photo: Mrs Quinn in her lanyard", "pfp is Mr Harris", Welsh
# "Llun proffil: Mrs Evans" (profile picture). Its picture is her: someone is using her face.
_PROFILE_WORDS = r"(?:profile\s+(?:photo|pic|picture|image)|pfp|avatar|display\s+(?:pic|picture)|llun\s+proffil)"
_PROFILE_PICTURE = re.compile(
    _PROFILE_WORDS + r"\s*(?:[:=\-\u2013]|\bis\b(?:\s+literally|\s+actually|\s+just)?|\byw\b)\s*(?:(?:a|the|an)\s+)?"
    r"(?:(?:photo|pic|picture|selfie|headshot)\s+(?:of|from)\s+)?$", re.IGNORECASE)
_PROFILE_IS_HER = re.compile(_PROFILE_WORDS + r"\s*(?:is|'s|=|:)\s*(?:literally\s+|actually\s+|just\s+)?(?:her|him)\b",
                             re.IGNORECASE)
_PICTURE_OF = re.compile(r"\b(?:photo|picture|pic|headshot|image|selfie)s?\s+(?:of|from|as)\s+(?:the\s+real\s+)?$",
                         re.IGNORECASE)  # "a photo of Mrs Patel", "the same photo as Mrs Price"


def _video_post(r: Reading, lex: Lexicon) -> str | None:
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
    caption = _caption_subject(r, lex)
    if caption:
        return f"It is {article(name)} video of you: '{caption}'."
    return None


# A clip's caption with the person as its subject: the name, then "when", "vs" or a verb in -ing.
_CAPTION = re.compile(r"^\s*(?:pov:?\s+)?(?P<name>.{1,40}?)\s+(?:absolutely\s+|actually\s+|just\s+)?"
                      r"(?:when|vs\.?|versus|tryna|trying|[a-z]{2,}ing)\b", re.IGNORECASE)


def _caption_subject(r: Reading, lex: Lexicon) -> str | None:
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


_SAYS = re.compile(r",[^.!?|\n]{0,80}?,\s+(?:said|says|explained|added|admitted|wrote)\b[^.!?|\n]*")


def _blank_spoken(r: Reading, text: str) -> str:
    """The text without what the person says themselves, as the news reports it ("Jo Hill, a teacher
    in Leeds, said she had been sent abusive messages"): their own words are not hostility towards them.
    Only that form: "Mrs Hill said my son was stupid" is a complaint about her."""
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _SAYS.match(text, end)
            if m:
                text = text[:end] + " " * (m.end() - end) + text[m.end() :]
    return text


_HANDLES = re.compile(r"@[\w.]+|\b[a-z]\w*[._][a-z]\w*(?:[._]\w+)*")  # accounts' names: "@kaz_x", "moorside.memes"


# The name of whoever posted, as sites put it in titles and snippets: "tynebank memes on X",
# "moorside memes · …", "Spotlight by …", "TikTok video from …". A poster's name is not said of her.
_POSTER_NAME = re.compile(
    r"^\s*(?P<a>[^|:]{1,40}?) on (?:x|instagram|tiktok|facebook|threads|bluesky|snapchat|youtube)\b"
    r"|(?:^|\|)\s*(?P<b>[\w .'\-]{1,40}?) \u00b7"
    r"|\b(?:spotlight by|video from|posted by)\s+(?P<c>[\w.@'\-]+(?: [\w.@'\-]+)?)"
)


def _blank_poster(text: str) -> str:
    for m in _POSTER_NAME.finditer(text):
        for g in ("a", "b", "c"):
            if m.group(g):
                text = text[: m.start(g)] + " " * (m.end(g) - m.start(g)) + text[m.end(g) :]
    return text


_COMPLAIN = frozenset({"complain", "complained", "complaining", "report", "reported", "reporting", "escalate", "escalated",
                       "take", "taking", "took", "mynd", "cwyno"})


def _taken_higher(sc: Scene) -> str | None:
    """A parent taking a complaint about her higher: going, taking it or complaining, then to or up, then
    someone above her ("Should I go to the principal?", "Going up the school tomorrow", "cwyno i'r
    pennaeth"). Only in a parent's words ("DD", "my son"): a pupil going to the head's office is not."""
    if not _PARENT_VOICE.search(sc.text):
        return None
    for a in sc.of("above"):
        before = range(max(0, a.first - 4), a.first)
        verb = next((i for i in before if sc.clause[i] == sc.clause[a.first]
                     and (sc.tokens[i].word in _COMPLAIN or any(g.first == i for g in sc.of("go")))), None)
        if verb is not None and any(sc.tokens[i].word in ("to", "up", "i", "ir", "with") for i in range(verb + 1, a.first + 1)):
            return f"A complaint about you taken higher, in the words '{sc.text[sc.tokens[verb].start : a.end]}'."
    return None


_PERSON_NOUNS = frozenset({"man", "woman", "teacher", "lady", "bloke", "fella", "guy", "dynes", "dyn", "wumman"})


def _called(r: Reading, sc: Scene) -> str | None:
    """Her called something unkind, as a person: an unkind word, then a word for a person, in a sentence
    near her name ("Arrogant man.", "a rude woman", "useless teacher"), not a word of pity ("poor woman")."""
    for i, t in enumerate(sc.tokens[:-1]):
        noun = sc.tokens[i + 1]
        if (noun.word in _PERSON_NOUNS and sc.clause[i] == sc.clause[i + 1] and sc.clause[i] in sc.near
                and valence(t.word) <= -1.5 and t.word not in ("poor", "sad", "sick", "ill")):
            return f"You are called '{r.raw[t.start : noun.end]}' near your name."  # as written, not folded
    return None


def _negative(r: Reading, lex: Lexicon, text: str, tone: Tone, sc: Scene) -> str | None:
    """Listed words near the name, or a hostile tone there with the words that make it so. Never on the
    user's own account: their own words ("worst marking weekend ever") are not hostility towards them."""
    if r.own_account:
        return None
    if _despair(sc) and not _PARENT_VOICE.search(sc.text):
        return None  # a young person's despair reads as dark, and "no one cares" as contempt: it is sorrow, not hostility
        # (a parent telling of their child's despair may accuse her as well: "says Mrs Quinn hates her")
    prose = text[: len(r.raw)]  # the title and snippet: an address's words ("/moorside.memes/") are not said of her
    words = r.found_near(lex.negative, _blank_poster(blank(_blank_spoken(r, prose), _HANDLES)))  # not "moorside.memes"
    if words:
        return words_sentence(words)
    accused = _accusation(r, lex, text, sc)
    if accused:
        return accused
    hostile = _hostility(sc, tone) or (None if _remarks(sc) else _called(r, sc)) or _taken_higher(sc)
    if hostile:
        return hostile
    asked = _rhetoric(sc, tone)
    if asked:
        return asked
    memes = _memes_account(r) if tone.score < 0.3 else None  # a memes account's praise ("man's a legend") is praise
    if memes:
        return f"Posted by a memes account ({memes}): you are being made fun of."
    remark = _remarks(sc) or sc.of("desire") or any(e in sc.text for e in _HEAT)  # a pupil's sexual remark is not hostility
    if tone.score <= HOSTILE and not remark:  # "the lads rating her legs is so grim": disgust at them, not at her
        if tone.words:
            noun = "word" if len(tone.words) == 1 and " " not in tone.words[0] else "words"
            return f"The {noun} {quote(list(tone.words))} near your name read as hostile (tone {tone.score:+.2f})."
        return f"The words near your name read as hostile (tone {tone.score:+.2f})."
    return _contempt(sc, tone)


def tone_of(r: Reading) -> Tone:
    """The tone of the title and snippet near the name (the address's words are not prose)."""
    spans = [(s, e) for _, _, s, e in r.name_hits if 0 <= s < len(r.raw)]
    text = _blank_spoken(r, r.text)[: len(r.raw)]
    for s, e in spans:  # her name is not a word of tone: "Mrs Rob", "Miss Payne", "Mr Cross"
        text = text[:s] + " " * (e - s) + text[e:]
    return read_tone(text, spans, NEAR)


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
    caught = sc.words([h for h in sc.of("spotted") if sc._object(h) is not None])  # "caught mr paterson in asda"
    shown = (photo or snapped(r)) if _depicted(r, lex, sc) else None  # a story's 📸 is a still the site does not mark
    pupils = pupils_picture(r, who, lex, shown, pupils_voice(r, sc) or _writer_took(sc), caught)
    home = _home_given_out(r, lex, text, sc, personal)
    safe = (home or _pretender_and_pupils(r, lex, text, sc, impersonating) or _safeguarding(r, lex, text, tone, sc)
            or (pupils.reason if pupils else None)
            or _pupils_picture(r, who, text, photo or _video_post(r, lex), sc))
    negative = _negative(r, lex, text, tone, sc)  # laughter alone is not mockery: the batches' writers differ on it
    confront = sc.of("confront")
    if home and confront and not negative:  # a leaving card dropped off is kind; "a word with her" at home is not
        negative = f"Someone gives out where you live so that you can be confronted there, in the words {sc.quote(confront)}."
    if pupils and pupils.still and not photo:
        photo = shown or f"It is a pupil's photo of you ({quote(caught)})."
    checks = (
        ("safeguarding", safe),
        ("impersonation", impersonating),
        ("unconfirmed_account", account[1] if account and account[0] == "unconfirmed_account" else None),
        ("negative", negative),
        ("personal_info", personal),
        ("photo", photo),
    )
    return [Flag(code, reason) for code, reason in checks if reason]


def _depicted(r: Reading, lex: Lexicon, sc: Scene) -> bool:
    """The post says what the picture shows her doing or how it was taken, not only that there is a
    picture near her name ("Video of Year 4's nativity, directed by Mrs Whitfield"): filming aimed at her
    ("recorded miss whitfeild", "ffilmes i fe"), her in a scene ("mr p absolutely losin it", "mrs mac's
    face when"), a clip's caption with her as its subject, taken without her knowing, or a 📸 beside her."""
    return bool(sc.aimed(("capture", "picture")) or _shown_doing(sc) or _caption_subject(r, lex)
                or [h for h in sc.of("secrecy") if not _doubt(sc, h)] or sc.unaware()
                or any(e in r.raw for e in _PICTURE_EMOJI[:2]))


_TAKERS = frozenset({"i", "we", "my", "me", "ma", "mi", "our", "us"})


def _writer_took(sc: Scene) -> str | None:
    """The writer says they filmed or caught her: a word of filming or catching in a sentence where the
    writer speaks ("caught mrs clarke fallin off her chair on my ipad", "we filmed the whole thing")."""
    for h in sc.of("capture", "spotted", "catch"):
        c = sc.clause[h.first]
        if any(sc.clause[i] == c and t.word in _TAKERS for i, t in enumerate(sc.tokens)):
            return f"the writer says they took it ('{sc.text[h.start : h.end]}')"
    return None


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
_POSTER = re.compile(r"^\s*\|?\s*([\w.]+) \u00b7")  # "y6.leavers.staidans · got her on my brothers phone"


def _shown_doing(sc: Scene) -> bool:
    """The post describes her in a scene, as a video's caption does: her name, then what she is doing
    ("miss khan tryna work the smartboard", "wilson absolutely losing it", "dr t when the alarm goes off");
    not a remark about her ("mrs wright at fenton grange is a legend")."""
    for i in sorted(sc.person):
        if i + 1 in sc.person:
            continue
        after = [t.word for t in sc.tokens[i + 1 : i + 4]]
        if any(w in ("when", "tryna", "vs") or (len(w) > 4 and w.endswith(("ing", "in"))) for w in after[:2]) or (
                after[:1] in (["absolutely"], ["actually"], ["really"]) and any(w.endswith(("ing", "in")) for w in after)):
            return True
    return False


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


_PARENTS_OF = re.compile(r"\b(?:year|yr|y)\s?\d{1,2}s?\s+(?:parents|mums|dads|families|carers)\b|\bclass\s+(?:parents|mums|dads)\b")
_PARENTS = re.compile(r"'?s?\s+(?:parents|mums|dads|families|carers)\b")


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
    return None

