"""A young person's despair, read from families of expressions rather than phrases (issue 23).

A pupil's "whats the point in being here" or "i dont wanna be here", naming the teacher who listened, is
for the school to know at once, however it is worded. So despair is read from shapes met near her name:
wishing to be gone, not wanting to be here or alive, no point in being here, not able to go on; a joke
("i want to disappear 😂") is evidence against.
"""

from __future__ import annotations

import re

from repwatch.pipeline.triage.concepts import Hit
from repwatch.pipeline.triage.scene import Scene

_NOT_THE_WRITER = frozenset({"she", "he", "shed", "hed", "shes", "hes", "her", "him", "they", "you", "u", "miss", "sir"})
LAUGHING = re.compile(r"\b(?:lol|lmao+|haha+|jk)\b|[\U0001f602\U0001f923\U0001f480]")  # lol, 😂 🤣 💀
_HEAVY = ("despair", "gone", "gone_phrase", "unable", "spent", "harm", "worthless", "farewell", "lifeline")  # signs that carry despair; "nobody cares", "no point" only add to one


def despair(sc: Scene) -> list[Hit]:
    """A young person's despair, read from families of expressions rather than phrases: wishing to be gone
    ("want tae just disappear", "wish i wasnt here", "might as well end it": one is enough, unless laughed
    off), or two signs of different weight: not able to go on ("cant deal with this anymore"), nothing
    left ("done with everything"), no point ("whats even the point of me"), nobody there ("no one cares"),
    and the listed phrases (`despair`)."""
    if sc._despair is not None:
        return sc._despair
    gone: list[Hit] = []
    for w in sc.of("wish"):
        for g in sc.of("gone"):
            between = range(w.last + 1, g.first)
            if (sc.clause[w.first] == sc.clause[g.first] and w.last < g.first <= w.last + 4
                    and not any(i in sc.person or sc.tokens[i].word in _NOT_THE_WRITER for i in between)):
                gone.append(Hit("gone", w.start, g.end, w.first, g.last))
    unable = [Hit("unable", a.start, b.end, a.first, b.last)
              for a in sc.of("unable") for b in sc.of("bear")
              if sc.clause[a.first] == sc.clause[b.first] and a.last < b.first <= a.last + 3]
    for a in sc.of("limit"):  # "idk how much longer i can keep doing this", "faint mwy alla i gymryd": how long the writer can last
        can = next((k for k in range(a.last + 1, min(len(sc.tokens), a.last + 4))
                    if sc.clause[k] == sc.clause[a.first] and sc.tokens[k].word in ("can", "could", "alla", "galla", "cannae")), None)
        if can is not None:
            end = max(k for k in range(can, min(len(sc.tokens), can + 3)) if sc.clause[k] == sc.clause[can])
            unable.append(Hit("unable", a.start, sc.tokens[end].end, a.first, end))
    unable += _cannot_keep(sc)
    gone += sc.of("gone_phrase", "farewell") + _lifeline(sc)
    signs = sorted(gone + unable + sc.of("despair", "spent", "pointless", "unheard", "harm", "worthless", "checked")
                   + sc.alone(("im not", "i am not", "i'm not")), key=lambda h: h.start)
    words = sc.words(signs)
    heavy = [h for h in signs if h.concept in _HEAVY]
    laughed = [h for h in gone if LAUGHING.search(sc.text, *_clause_span(sc, h))]
    alone = [h for h in gone if h.concept not in ("farewell", "lifeline")]  # a goodbye or a lifeline needs another sign
    if sc.of("harm") or (alone and len(laughed) < len(gone)) or (len(words) >= 2 and heavy):
        sc._despair = signs
    else:
        sc._despair = []
    return sc._despair


def _cannot_keep(sc: Scene) -> list[Hit]:
    """Not able to keep on doing something, whatever it is: "cant keep pretending im grand", "cannae keep
    daein this", a word of not being able, then "keep" and a verb in -ing."""
    out = []
    for a in sc.of("unable"):
        k = a.last + 1
        if k + 1 < len(sc.tokens) and sc.tokens[k].word == "keep" and sc.clause[k + 1] == sc.clause[a.first]:
            verb = sc.tokens[k + 1].word
            if verb.endswith(("ing", "in")) and len(verb) > 4:
                out.append(Hit("unable", a.start, sc.tokens[k + 1].end, a.first, k + 1))
    return out


_KEPT = frozenset({"here", "going", "alive", "sane", "afloat", "breathing", "together"})


def _lifeline(sc: Scene) -> list[Hit]:
    """One thing or one person holding the writer up: "the only thing keepin me here", "keeps me going",
    a word for keeping, then "me", then where or how the writer is kept. Heavy, but never enough alone."""
    out = []
    for i, t in enumerate(sc.tokens[:-2]):
        if t.word.startswith("keep") and sc.tokens[i + 1].word == "me" and sc.tokens[i + 2].word in _KEPT:
            out.append(Hit("lifeline", t.start, sc.tokens[i + 2].end, i, i + 2))
    return out


def _clause_span(sc: Scene, h: Hit) -> tuple[int, int]:
    """Where the sentence of a hit starts and ends in the text."""
    c = sc.clause[h.first]
    same = [t for i, t in enumerate(sc.tokens) if sc.clause[i] == c]
    return same[0].start, min(len(sc.text), same[-1].end + 4)
