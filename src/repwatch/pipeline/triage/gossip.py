"""A rumour about her and one pupil or one parent, passed on as gossip (issue 23, sixth round).

Confessions and "tea" pages post pupils' anonymous submissions ("anon: sir's always in the PE office
with that year 11 girl 👀 say no more"); parents pass rumours on in local groups ("Heard Mrs Thompson …
is having it off with one of the Oak Class dads"). The wordings of closeness are endless, so the rumour
is read from its shape, three things met together:

- gossip: a word of hearsay ("heard", "apparently", a confessions or tea page's own name in the title,
  `[concepts] hearsay`) or an anonymous submission ("anon:");
- a pair: her (her name, "sir" or "miss", she or he) and, in the same sentence, one pupil or one parent
  singled out ("that year 11 girl", "a certain year 13's dad", "one of the Oak Class dads"), not a group
  ("the Year 6s", "the dads");
- a hint of closeness: a word of closeness (`closeness`), innuendo (`innuendo`: "say no more", "explains
  the favourites"), a wink or eyes emoji, or a word in scare quotes ("are 'close'"), or the two joined by
  "with" in a hearsay sentence ("is having it off with one of the dads").

It is `safeguarding`; passed on to spread, not asked about as a worry, it accuses her, `negative` too.
"""

from __future__ import annotations

import re

from repwatch.pipeline.triage.concepts import Hit
from repwatch.pipeline.triage.scene import PRONOUNS, Scene

_WINKS = ("\U0001f440", "\U0001f60f", "\U0001f609", "\U0001fae3", "\U0001f92d")  # 👀 😏 😉 🫣 🤭
_SCARE_QUOTES = re.compile(r"(?<![\w'\u2019])['\u2018\"\u201c][a-z]{3,12}['\u2019\"\u201d](?![\w'])")  # "are 'close'"
_ANON = re.compile(r"(?:^|[|:\n]\s*)anon\s*[:\-\u2013]", re.IGNORECASE)
_SINGLE = frozenset({"a", "that", "certain", "this", "the", "some"})
_WITH = frozenset({"with", "wi", "efo", "gyda", "hefo"})  # "is having it off with", Welsh "yn mynd allan efo"
_TEACHER = frozenset({"sir", "sirs", "miss", "misss"})  # pupils' word for her, "sir's always in …"


def _singled_out(sc: Scene, h: Hit) -> bool:
    """One pupil or parent, not a group: "one of the … dads", or a, that, the … before a word not in the
    plural ("that year 11 girl", "a certain year 13's dad")."""
    before = [t.word for t in sc.tokens[max(0, h.first - 5) : h.first]]
    if {"one", "un", "ane", "yin"} & set(before) and {"of", "o", "or"} & set(before):
        return True  # "one of the dads", Welsh "un o blant Bl6" (one of the Year 6 children), Scots "ane o"
    word = sc.tokens[h.last].word
    plural = word.endswith("s") and not sc.text[h.start : h.end].endswith(("'s", "\u2019s")) and not word.endswith("ss")
    a_class = any(ch.isdigit() for ch in sc.text[h.start : h.end])  # "the year 10 group chat" is a class, not one pupil
    return not plural and not a_class and any(w in _SINGLE for w in before[-3:])


def _her_at(sc: Scene, c: int) -> int | None:
    """Where she is in sentence c: her name, pupils' "sir" or "miss", or she or he."""
    return next((i for i, t in enumerate(sc.tokens) if sc.clause[i] == c
                 and (i in sc.person or t.word in _TEACHER or t.word in PRONOUNS)), None)


def gossip_rumour(sc: Scene, raw: str) -> str | None:
    """A rumour about her and one pupil or parent, read from its shape (see the module's docstring); `raw`
    is the title and snippet as written (emojis, quotes, "anon:")."""
    hearsay = sc.of("hearsay")
    anon = _ANON.search(raw)
    if not (hearsay or anon):
        return None
    parents = sc.of("parent")
    people = [h for h in sc.of("young", "parent") if not any(p.first == h.last + 1 for p in parents)]  # "the Year 8 mums"
    for other in [h for h in people if _singled_out(sc, h)]:
        c = sc.clause[other.first]
        her = _her_at(sc, c)
        if her is None or her > other.first:
            continue
        between = [t.word for t in sc.tokens[her + 1 : other.first]]
        closeness = [h for h in sc.of("closeness") if sc.clause[h.first] == c]
        innuendo = sc.of("innuendo")
        winks = [e for e in _WINKS if e in raw]
        quoted = _SCARE_QUOTES.findall(raw)
        said_with = bool(_WITH & set(between)) and any(sc.clause[h.first] == c for h in hearsay)
        if not (closeness or innuendo or winks or quoted or said_with):
            continue
        parent_of = any(p.last < other.first and p.first > her and sc.clause[p.first] == c for p in parents)  # "tad un o blant"
        whom = "a pupil's parent" if other.concept == "parent" or parent_of else "a pupil"
        gossip = sc.words(hearsay[:1]) or ([anon.group(0).strip(" |:\n")] if anon else [])
        hint = sc.words(closeness[:1] or innuendo[:1]) or winks[:1] or quoted[:1] or [w for w in between if w in _WITH][:1]
        said = ", ".join(f"'{w}'" for w in dict.fromkeys([*gossip[:1], sc.text[other.start : other.end], *hint[:1]]))
        return f"Gossip about you and {whom}, in the words {said}."
    return None
