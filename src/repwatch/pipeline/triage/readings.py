"""Readings of a post that more than one flag asks about: who writes (a parent, a reporter, a worried
reader), a rumour of closeness, private contact with a child, others urged to call her, remarks on her
body, her in a scene. A rumour of her and a pupil is a safeguarding worry and an accusation at once, so
safeguarding (what.py) and hostility (hostile.py) read it from here.
"""

from __future__ import annotations

import re

from repwatch.pipeline.triage.concepts import Hit
from repwatch.pipeline.triage.despair import LAUGHING as _LAUGHING
from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import CLAUSE, Lexicon, lexicon
from repwatch.pipeline.triage.who import Reading


def remarks(sc: Scene) -> list[Hit]:
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


_DOUBTING = frozenset({"how", "what", "if", "whether", "why", "who", "where", "when"})


def doubt(sc: Scene, h: Hit) -> bool:
    """"no idea if it's true", "dont know how much more i can take": the writer unsure of something, not
    someone filmed without knowing."""
    after = sc.tokens[h.last + 1].word if h.last + 1 < len(sc.tokens) and sc.clause[h.last + 1] == sc.clause[h.first] else ""
    before = sc.tokens[h.first - 1].word if h.first > 0 and sc.clause[h.first - 1] == sc.clause[h.first] else ""
    return after in _DOUBTING or before in ("i", "honestly", "genuinely", "just", "really")


FIRST_PERSON = frozenset({"i", "we", "ive", "id", "im", "weve", "me"})


_LATE = re.compile(r"\b(?:1[0-2]|[1-9])(?:[:.][0-5]\d)?\s?pm\b|\bam (?:1[0-2]|[1-9]) y nos\b")


_URGERS = frozenset({"everyone", "someone", "yall", "u", "you", "guys", "pls", "please", "go"})


def urged(sc: Scene) -> list[Hit]:
    """Others told to call or text her at home: a way of reaching her said as an order (first in its sentence,
    or after "everyone", "someone", "go"), then her, then "at home" or a number ("ring mrs wright at home lol
    01782 …")."""
    for h in sc.of("call"):
        word = sc.tokens[h.first].word
        if word.endswith("ed") or (word.endswith("ing") and word != "ring"):
            continue  # an order: "ring her", not "rang her"
        first = h.first == 0 or sc.clause[h.first - 1] != sc.clause[h.first] or sc.tokens[h.first - 1].word in _URGERS
        j = sc.object_of(h) if first else None
        if j is None:
            continue
        after = range(j + 1, min(len(sc.tokens), j + 5))
        number = any(sc.tokens[k].word.isdigit() for k in after) and _LAUGHING.search(sc.text)  # not "call Mark on 0781…"
        if number or any(g.first in after and sc.tokens[g.first].word == "home" for g in sc.of("home")):
            return [Hit("urged", h.start, sc.tokens[j].end, h.first, j)]
    return []


def private_contact(r: Reading, sc: Scene) -> str | None:
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
            child = next((y for y in sc.of("young") if y.last < a.first and PARENT_VOICE.search(sc.text[y.start : y.end + 12])), None)
        if child is None or any(sc.tokens[i].word in FIRST_PERSON for i in range(max(0, a.first - 3), a.first)):
            continue
        if any(sc.tokens[i].word in ("me", "us", "about", "them", "to", "by") for i in range(a.last + 1, child.first)):
            continue  # "messaged me … about my son": the child is what it was about, not who was reached
        if PARENTS.match(sc.text, child.end):
            continue  # "messaging the Year 4 parents": the parents, not the children
        private = sc.of("private") or _LATE.findall(sc.text)
        worry = sc.of("concern") or asks(sc)
        teacher = sc.about([a]) or r.found_near(lexicon().role, sc.text)
        if (private or worry) and teacher:
            said = sc.quote([a], [child], [h for h in sc.of("private") if h.start > a.start] or sc.of("private"))
            return f"Someone reaching a child in private, in the words {said}."
    return None


HEAT = ("\U0001f975", "\U0001f924", "\U0001f62e\u200d\U0001f4a8", "\U0001fae6")  # 🥵 🤤 😮‍💨 🫦


PARENT_VOICE = re.compile(r"\b(?:my|our) (?:(?:wee|little|youngest|eldest|oldest) )?(?:son|daughter|lad|boy|girl|kids?|child|children|wee one|little one)\b|\b(?:dd|ds)\b")


REPORTED = ("news", "school")  # a newspaper's or a school's own page: a reporter or the school writes, not a pupil


def rumour(sc: Scene, *, hinted: bool = True) -> str | None:
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
    if hinted and who and closeness and (hints or "\U0001f440" in sc.text or asks(sc)):
        return f"Closeness between you and {whom} hinted at, in the words {sc.quote(hints, who, closeness)}."
    return None


_WORRY = re.compile(r"\b(?:is it just me|is (?:that|this|it) (?:normal|allowed|ok|okay|right|weird)|am i (?:wrong|right|overreacting)|anyone else"
                    r"(?: heard| noticed)?|should i|what do i do|who do i (?:tell|ask)|not sure what)\b")


def asks(sc: Scene) -> bool:
    """The writer asks what to make of it ("is that normal?", "has anyone else heard this?"): a worry raised."""
    return bool(_WORRY.search(sc.text))


_TO_WRITER = re.compile(r"\b(?:messaged|texted|rang|called|emailed|phoned|dm'?d|whatsapped|contacted|wrote to|replied to)\s+(?:me|us)\b")


def found_contact(r: Reading, lex: Lexicon, text: str) -> list[str]:
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


POSTER = re.compile(r"^\s*\|?\s*([\w.]+) \u00b7")  # "y6.leavers.staidans · got her on my brothers phone"


def shown_doing(sc: Scene) -> bool:
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


PARENTS_OF = re.compile(r"\b(?:year|yr|y)\s?\d{1,2}s?\s+(?:parents|mums|dads|families|carers)\b|\bclass\s+(?:parents|mums|dads)\b")


PARENTS = re.compile(r"'?s?\s+(?:parents|mums|dads|families|carers)\b")
