"""Hostility towards her (the `negative` flag): listed words near her name, an accusation however worded,
threats, demands, sarcasm, mockery, contempt, a question that says she is unfit, a hostile tone. Her
own words, as a news report quotes them, are not hostility towards her.
"""

from __future__ import annotations

import re

from repwatch.pipeline.labels import HOSTILE
from repwatch.pipeline.triage.concepts import Hit
from repwatch.pipeline.triage.despair import LAUGHING as _LAUGHING
from repwatch.pipeline.triage.despair import despair as _despair
from repwatch.pipeline.triage.gossip import gossip_rumour
from repwatch.pipeline.triage.readings import FIRST_PERSON as _FIRST_PERSON
from repwatch.pipeline.triage.readings import HEAT as _HEAT
from repwatch.pipeline.triage.readings import PARENT_VOICE as _PARENT_VOICE
from repwatch.pipeline.triage.readings import PARENTS_OF as _PARENTS_OF
from repwatch.pipeline.triage.readings import POSTER as _POSTER
from repwatch.pipeline.triage.readings import REPORTED as _REPORTED
from repwatch.pipeline.triage.readings import asks as _asks
from repwatch.pipeline.triage.readings import found_contact as _found_contact
from repwatch.pipeline.triage.readings import private_contact as _private_contact
from repwatch.pipeline.triage.readings import remarks as _remarks
from repwatch.pipeline.triage.readings import rumour as _rumour
from repwatch.pipeline.triage.readings import urged as _urged
from repwatch.pipeline.triage.scene import PRONOUNS as _PRONOUNS
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import CLAUSE, NEAR, Lexicon, blank, fold, quote, words_sentence
from repwatch.pipeline.triage.tone import Tone, read_tone, valence
from repwatch.pipeline.triage.who import Reading


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
            j = sc.object_of(h)
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
    fifth time like it's a ted talk 💀", how she moves or looks likened to something ("strutting round like
    she owns the place 💀", "lookin like a lollipop lady 💀"), "singin away like she's on the X factor 🙉", "really thought
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
            if t.word == "like" and (nxt in _SUBJECTS or k > 0 and words[k - 1][1].word in _MANNER):
                return sc.text[(words[k - 1][1] if nxt not in _SUBJECTS else t).start : words[min(k + 4, len(words) - 1)][1].end]
            if t.word == "really" and nxt in ("thought", "thinks", "believed", "believes") and (
                    i - 1 in sc.person or (i > 0 and sc.tokens[i - 1].word in _PRONOUNS)):
                return sc.text[sc.tokens[i - 1].start : sc.tokens[i + 1].end]
    return None


# How someone moves, looks or sounds, before "like" ("moving like security", "lookin like a lollipop lady"):
# a comparison of her, mockery with a mocking emoji.
_MANNER = frozenset({"moving", "movin", "acting", "actin", "acts", "looking", "lookin", "looks", "walking", "walkin",
                     "walks", "dressed", "dressing", "talking", "talkin", "sounding", "sounds", "running", "dancing",
                     "dancin", "marching", "strutting", "stomping", "shouting"})


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


def _parents_complaint(r: Reading, sc: Scene, tone: Tone) -> str | None:
    """A parent's complaint about her without a hostile word: a parent's voice ("my son", "DS", "my child"),
    her named, and a judgement of how she teaches or treats the child (`unreasonable`: "ridiculous", "is
    ignored", "is this how they teach now?", "the head just backs her"). Not on a news or school page (a
    reporter quoting parents), nor in a warm post ("the homework is a lot but Mrs X is brilliant")."""
    if not _PARENT_VOICE.search(sc.text) or r.shape.platform in _REPORTED or not sc.person or tone.score >= 0.3:
        return None
    judged = sc.of("unreasonable")
    if judged and not any(t.word in _WARM for t in sc.tokens):
        return f"A parent's complaint about you: {sc.quote(judged)}."
    return None


def _speaks_as_her(r: Reading) -> bool:
    """An account's own page, named as her: its bio is the account describing itself in her name ("'allow
    it, it's a mock' 🙄 Forest Vale maths", "3 videos mocking the school"), not words said of her. Whether
    it is hers or someone pretending is the account flags' question."""
    return r.shape.kind == "account" and (r.best in ("full", "nickname", "honorific", "lookalike", "pupil", "surname", "given")
                                          or r.lookalike is not None)  # "Mr Robbo 📐": named as pupils name her


def negative(r: Reading, lex: Lexicon, text: str, tone: Tone, sc: Scene) -> str | None:
    """Listed words near the name, or a hostile tone there with the words that make it so. Never on the
    user's own account: their own words ("worst marking weekend ever") are not hostility towards them."""
    if r.own_account or _speaks_as_her(r):
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
    hostile = (_hostility(sc, tone) or (None if _remarks(sc) else _called(r, sc)) or _taken_higher(sc)
               or _parents_complaint(r, sc, tone))
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


# Laughter at a picture of her (the labelling conventions: 😂 💀 😭 lol lmao "crying"); 😭 is praise too, so
# a warm post is not read as laughing. "i'm crying" is the writer laughing; "filmed her crying" is not.
_LAUGHTER = re.compile(r"\b(?:lol+|lool+|lmao+|lmfao+|haha+|(?:im|i'm|am|literally) crying|deid|dead)\b|[\U0001f602\U0001f923\U0001f480\U0001f62d]")


_FOND = (_WARM - {"well"}) | {"mint", "dote", "queen", "cute", "sweet", "wholesome", "fave", "favourite", "icon", "gora", "orau", "ffeind"}
_FOND_EMOJI = ("\U0001f979", "\U0001f970", "\U0001f60d", "\u2764", "\U0001f499", "\U0001f495", "\U0001faf6", "\U0001f49b")  # 🥹 🥰 😍 ❤ 💙 💕 🫶 💛


def laughed_at(sc: Scene) -> str | None:
    """Pupils' video or photo of her, posted with laughter: they are laughing at her (the conventions'
    second decision), unless the post is warm ("caught him singing 😭 hes mint tho")."""
    laugh = _LAUGHTER.search(sc.text)  # the tone reads laughter itself as warm, so it is not asked
    if laugh is None or any(t.word in _FOND for t in sc.tokens) or any(e in sc.text for e in _FOND_EMOJI):
        return None
    return f"Pupils posted a video or picture of you, laughing at it ('{laugh.group(0)}')."


def tone_of(r: Reading) -> Tone:
    """The tone of the title and snippet near the name (the address's words are not prose)."""
    spans = [(s, e) for _, _, s, e in r.name_hits if 0 <= s < len(r.raw)]
    text = _blank_spoken(r, r.text)[: len(r.raw)]
    for s, e in spans:  # her name is not a word of tone: "Mrs Rob", "Miss Payne", "Mr Cross"
        text = text[:s] + " " * (e - s) + text[e:]
    return read_tone(text, spans, NEAR)
