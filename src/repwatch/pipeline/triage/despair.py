"""A young person's despair, read from families of expressions rather than phrases (issue 23).

A pupil's "whats the point in being here" or "i dont wanna be here", naming the teacher who listened, is
for the school to know at once, however it is worded. So despair is read from shapes met near her name:
wishing to be gone, not wanting to be here or alive, no point in being here, not able to go on; a joke
("i want to disappear 😂") is evidence against.
"""

from __future__ import annotations

import re
from collections.abc import Collection

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
            if (sc.clause[w.first] == sc.clause[g.first] and w.last < g.first <= w.last + 6  # "wish i could just sleep and not wake up"
                    and not any(i in sc.person or sc.tokens[i].word in _NOT_THE_WRITER for i in between)):
                gone.append(Hit("gone", w.start, g.end, w.first, g.last))
    unable = [Hit("unable", a.start, b.end, a.first, b.last)
              for a in sc.of("unable") for b in sc.of("bear")
              if sc.clause[a.first] == sc.clause[b.first] and a.last < b.first <= a.last + 3 and not _one_chore(sc, b)]
    for a in sc.of("limit"):  # "idk how much longer i can keep doing this", "faint mwy alla i gymryd": how long the writer can last
        can = next((k for k in range(a.last + 1, min(len(sc.tokens), a.last + 4))
                    if sc.clause[k] == sc.clause[a.first] and sc.tokens[k].word in ("can", "could", "alla", "galla", "cannae")), None)
        if can is not None:
            end = max(k for k in range(can, min(len(sc.tokens), can + 3)) if sc.clause[k] == sc.clause[can])
            unable.append(Hit("unable", a.start, sc.tokens[end].end, a.first, end))
    unable += _cannot_keep(sc) + _not_anymore(sc) + _going_on_doubted(sc)
    checked = _checked_on(sc) + _unnoticed(sc) + _only_one(sc)
    gone += (sc.of("gone_phrase", "farewell") + _lifeline(sc) + _not_wanting_to_be(sc) + _no_point_in_being(sc)
             + _absent_if(sc) + _message_left(sc) + _not_around_long(sc))
    gone = [h for h in gone if h.concept != "farewell" or not LAUGHING.search(sc.text, *_clause_span(sc, h))]  # "tell my mum sorry lol"
    signs = sorted(gone + unable + checked + sc.of("despair", "spent", "pointless", "unheard", "harm", "worthless", "checked")
                   + sc.alone(("im not", "i am not", "i'm not")), key=lambda h: h.start)
    words = sc.words(_apart(signs))  # "cant do this" inside "cant do this anymore" is one sign, not two
    heavy = [h for h in signs if h.concept in _HEAVY]
    laughed = [h for h in gone if LAUGHING.search(sc.text, *_clause_span(sc, h))]
    alone = [h for h in gone if h.concept not in ("farewell", "lifeline")]  # a goodbye or a lifeline needs another sign
    if sc.of("harm") or (alone and len(laughed) < len(gone)) or (len(words) >= 2 and heavy):
        sc._despair = sorted(signs, key=lambda h: (h.concept not in _HEAVY, h.start))  # the heaviest first, as the reason quotes it
    else:
        sc._despair = []
    return sc._despair


_EVERYTHING = frozenset({"anything", "anythin", "everything", "everythin", "owt", "life", "it", "this", "any", "nothing", "naethin"})


def _one_chore(sc: Scene, b: Hit) -> bool:
    """Not bothered with one thing ("cant be arsed with homework anymore"), not with everything ("cant be
    arsed wi anythin anymore"): a moan, not despair."""
    k = b.last + 1
    if k + 1 >= len(sc.tokens) or sc.clause[k + 1] != sc.clause[b.first] or sc.tokens[k].word not in ("with", "wi", "doing", "to", "for"):
        return False
    return sc.tokens[k + 1].word not in _EVERYTHING


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
    a word for keeping, then "me", then where or how the writer is kept; or the only reason or thing the
    writer has not done something drastic ("only reason ah've no done anythin stupid is …", "the only
    thing stopping me doing something daft"). Heavy, but never enough alone."""
    out = []
    for i, t in enumerate(sc.tokens[:-2]):
        if t.word.startswith("keep") and sc.tokens[i + 1].word == "me" and sc.tokens[i + 2].word in _KEPT:
            out.append(Hit("lifeline", t.start, sc.tokens[i + 2].end, i, i + 2))
        if t.word == "only" and sc.tokens[i + 1].word in ("reason", "thing", "person"):
            for k in range(i + 2, min(len(sc.tokens) - 1, i + 10)):
                if sc.clause[k] != sc.clause[i]:
                    break
                if sc.tokens[k].word in _SOMETHING and sc.tokens[k + 1].word in _RASH:
                    out.append(Hit("lifeline", t.start, sc.tokens[k + 1].end, i, k + 1))
                    break
    return out


_SOMETHING = frozenset({"something", "somethin", "sumthin", "smth", "anything", "anythin", "owt", "summat", "onything"})
_RASH = frozenset({"stupid", "daft", "silly", "drastic", "dumb", "mad"})


def _clause_span(sc: Scene, h: Hit) -> tuple[int, int]:
    """Where the sentence of a hit starts and ends in the text."""
    c = sc.clause[h.first]
    same = [t for i, t in enumerate(sc.tokens) if sc.clause[i] == c]
    return same[0].start, min(len(sc.text), same[-1].end + 4)


_WRITER = frozenset({"i", "im", "ive", "id", "me", "we", "dwi", "dw", "a", "ah", "ahm", "imma"})  # "dwi ddim isio" (I don't want), Scots "a"
_THIRD = frozenset({"she", "he", "shes", "hes", "they", "hi", "e", "o"})
_MORE = frozenset({"anymore", "more", "longer", "tomorrow", "again", "mwyach", "rhagor"})  # "any more", "any longer", Welsh "mwyach"


def _being(sc: Scene, after: int, c: int, *, alive_only: bool) -> Hit | None:
    """A way of being within three words after a token, in its sentence: `alive` whatever follows ("be
    alive if she has to go back"), `being` only when it ends the sentence or "anymore" follows ("be here."
    but not "be here for double maths")."""
    for h in sc.of("alive", *(() if alive_only else ("being",))):
        if sc.clause[h.first] != c or not after < h.first <= after + 3:
            continue
        if h.concept == "alive":
            return h
        nxt = h.last + 1
        if nxt >= len(sc.tokens) or sc.clause[nxt] != c or sc.tokens[nxt].word in _MORE or (
                sc.tokens[nxt].word == "any" and nxt + 1 < len(sc.tokens) and sc.tokens[nxt + 1].word in _MORE):
            return h
    return None


def _not_wanting_to_be(sc: Scene) -> list[Hit]:
    """Not wanting to be: a negation, within four words a word of wanting, then within three a way of
    being ("i dont wanna be here", "not even sure i want to wake up tomorrow", Welsh "dwi ddim isio bod
    yma"). In the writer's own words (I, me) any way of being counts; said of someone else ("she doesn't
    want to be alive", a parent of their child) only one that cannot mean a place ("here" may be a
    lesson she dislikes). Nobody named between: "doesn't want Miss Hughes to be here" is not it."""
    out = []
    for w in sc.of("wish"):
        c = sc.clause[w.first]
        neg = next((n for n in sc.of("negation") if sc.clause[n.first] == c and w.first - 4 <= n.last < w.first), None)
        if neg is None or any(i in sc.person for i in range(neg.first, w.last + 4)):
            continue
        before = [t.word for i, t in enumerate(sc.tokens) if sc.clause[i] == c and neg.first - 4 <= i < w.first]
        writer = any(x in _WRITER for x in before)
        if not writer and not any(x in _THIRD for x in before):
            continue
        being = _being(sc, w.last, c, alive_only=not writer)
        if being is not None:
            out.append(Hit("gone", neg.start, being.end, neg.first, being.last))
    return out


def _no_point_in_being(sc: Scene) -> list[Hit]:
    """No point in being: "whats the point in being here", "no point living": a word of no point, then within
    three words a way of being (as `_being` reads it)."""
    out = []
    for p in sc.of("pointless"):
        being = _being(sc, p.last, sc.clause[p.first], alive_only=False)
        if being is not None:
            out.append(Hit("gone", p.start, being.end, p.first, being.last))
    return out


def _not_anymore(sc: Scene) -> list[Hit]:
    """Not able to go on, whatever the doing: "i cant do this anymore", "i don't think i can do this any
    more": a word of not being able (or "can" after a negation), the writer, then "anymore" within four
    words. Heavy, but a second sign is needed ("i cant do this homework anymore" is a moan)."""
    out = []
    for i, t in enumerate(sc.tokens):
        able = t.word in ("cant", "cannot", "cannae", "can") and (t.word != "can" or any(
            sc.tokens[k].word in ("dont", "not", "never") for k in range(max(0, i - 4), i)))
        if not able or not any(sc.tokens[k].word in _WRITER and _same(sc, k, i) for k in range(max(0, i - 4), i + 1)):
            continue
        end = next((k for k in range(i + 1, min(len(sc.tokens), i + 6)) if sc.clause[k] == sc.clause[i]
                    and sc.tokens[k].word in ("anymore", "more", "longer") and (sc.tokens[k].word == "anymore" or sc.tokens[k - 1].word == "any")), None)
        if end is not None:
            out.append(Hit("unable", t.start, sc.tokens[end].end, i, end))
    return out


def _apart(hits: list[Hit]) -> list[Hit]:
    """The hits not inside one already kept (the longest of those starting together first): two signs that
    only overlap ("im done" and "done with everything") are two."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if not any(k.start <= h.start and h.end <= k.end for k in kept):
            kept.append(h)
    return kept


def _same(sc: Scene, *indices: int) -> bool:
    return len({sc.clause[i] for i in indices}) == 1


def _next(sc: Scene, start: int, stop: int, words: Collection[str], clause_of: int | None = None) -> int | None:
    """The first word from ``start`` up to ``stop`` (not included) that is one of ``words``; with
    ``clause_of``, only in that word's clause. The shapes below are such windows, one after another."""
    for k in range(start, min(len(sc.tokens), stop)):
        if sc.tokens[k].word in words and (clause_of is None or _same(sc, clause_of, k)):
            return k
    return None


def _going_on_doubted(sc: Scene) -> list[Hit]:
    """Going on doubted: a word of not knowing (`doubt`), the writer able (`able`) within four words, then
    what they may not bear within three ("dont know if i can carry on", "not sure i can keep going", Welsh
    "ddim yn gwbo os fedra i gario mlaen"). Heavy, as not being able is."""
    out = []
    for d in sc.of("doubt"):
        can = next((a for a in sc.of("able") if _same(sc, d.first, a.first) and d.last < a.first <= d.last + 4), None)
        if can is None:
            continue
        bear = next((b for b in sc.of("bear") if _same(sc, can.first, b.first) and can.last < b.first <= can.last + 3), None)
        if bear is not None:
            out.append(Hit("unable", d.start, bear.end, d.first, bear.last))
    return out


_ADVERBS = frozenset({"ever", "even", "really", "actually", "yn", "be", "gonna", "going"})  # "if i dont ever come back", "if im not gonna be here"
_NOT = frozenset({"dont", "not", "no", "never", "wont", "nae", "dinnae", "ddim", "dim", "aint", "cant", "cannae", "didnt"})


def _absent_if(sc: Scene) -> list[Hit]:
    """The writer's absence as a condition: "if" (Welsh "os"), the writer within two words, a negation within
    three more, then being there or coming back (`present`) within three ("if i dont come back", "if ah'm no
    in on monday", "if im not here tomorrow"). A goodbye: heavy, never enough alone ("if im not in tomorrow
    can someone grab my homework" is not despair)."""
    out = []
    for i, t in enumerate(sc.tokens):
        if t.word not in ("if", "os"):
            continue
        me = _next(sc, i + 1, i + 3, _WRITER, i)
        if me is None:
            continue
        gone = next((g for g in sc.of("gone") if _same(sc, i, g.first) and me < g.first <= me + 3), None)
        if gone is not None:  # "if i just went missing", "if i disappeared"
            out.append(Hit("farewell", t.start, gone.end, i, gone.last))
            continue
        neg = _next(sc, me, me + 4, _NOT, i)
        if neg is None:
            continue
        there = next((p for p in sc.of("present") if _same(sc, i, p.first) and (
            p.first == neg + 1 or (p.first == neg + 2 and sc.tokens[neg + 1].word in _ADVERBS))), None)
        if there is not None:
            out.append(Hit("farewell", t.start, there.end, i, there.last))
    return out


_SOMEONE = frozenset({"her", "him", "them", "sir", "miss", "everyone", "my", "mum", "mam", "ma", "dad", "hi", "fo", "nhw"})


def _message_left(sc: Scene) -> list[Hit]:
    """A message left for someone: a word of telling or thanking (`proxy`), someone (her, him, her name,
    "sir", "my mum") within two words, then thanks, sorry or love (`thanks`) within five ("tell him thanks
    for tryin", "thank her for me", "tell miss im sorry"). A goodbye: heavy, never enough alone."""
    out = []
    for p in sc.of("proxy"):
        whom = next((k for k in range(p.last + 1, min(len(sc.tokens), p.last + 3))
                     if _same(sc, p.first, k) and (k in sc.person or sc.tokens[k].word in _SOMEONE)), None)
        if whom is None:
            continue
        said = next((h for h in sc.of("thanks") if _same(sc, p.first, h.first) and whom < h.first <= whom + 5
                     and (h.first > p.last)), None)
        if said is not None:
            out.append(Hit("farewell", p.start, said.end, p.first, said.last))
    return out


_FILLERS = frozenset({"tbh", "honestly", "fr", "ngl", "tho", "though", "x", "xx", "now", "anyway", "lol", "i", "idk", "tbf"})
_FOR_LONG = (("much", "longer"), ("for", "long"), ("for", "much", "longer"), ("longer",), ("for", "longer"), ("any", "longer"))


def _not_around_long(sc: Scene) -> list[Hit]:
    """Not being around much longer, in the writer's own words: the writer and a negation in the six words
    before a way of being (`being`: "be around", "be here"; or `burden`: "be a problem"), then "much
    longer" or "for long" ("i dont think im gonna be around much longer", "i wont be a problem for much
    longer"). Alone enough, like a wish to
    be gone; said of someone else ("she wont be around much longer, shes retiring") it is not."""
    out = []
    for h in sc.of("being", "burden"):
        after = tuple(t.word for t in sc.tokens[h.last + 1 : h.last + 4])
        span = max((len(f) for f in _FOR_LONG if after[: len(f)] == f), default=0)
        if not span:
            continue
        before: list[int] = []  # back to someone else named ("dont worry mrs X, i wont be here for long" is the writer)
        for k in range(h.first - 1, max(-1, h.first - 7), -1):
            if not _same(sc, k, h.first) or k in sc.person or sc.tokens[k].word in _NOT_THE_WRITER:
                break
            before.insert(0, k)
        me = [k for k in before if sc.tokens[k].word in _WRITER]
        neg = [k for k in before if sc.tokens[k].word in _NOT]
        end = h.last + span
        if end + 1 < len(sc.tokens) and _same(sc, end, end + 1) and sc.tokens[end + 1].word not in _FILLERS:
            continue  # "i wont be around much longer on insta": somewhere, not anywhere
        if me and neg:
            first, last = min(me[-1], neg[-1]), min(end, len(sc.tokens) - 1)
            out.append(Hit("gone", sc.tokens[first].start, sc.tokens[last].end, first, last))
    return out


_ASKED = frozenset({"asked", "asks", "asking", "checked", "checks", "checking", "wondered", "holi", "gofyn", "gofynnodd"})
_OK = frozenset({"ok", "okay", "alright", "allright", "aright", "awright", "fine", "good", "iawn"})


def _checked_on(sc: Scene) -> list[Hit]:
    """Someone checking on the writer: a word of asking, then within three words "if" or "how", the writer
    within two more, and a word for being all right within three ("asked if i was alright", "checked if im
    ok", "asked me how i was doing"). Only ever a second sign."""
    out = []
    for i, t in enumerate(sc.tokens):
        if t.word not in _ASKED:
            continue
        cond = _next(sc, i + 1, i + 4, ("if", "whether", "how", "os"), i)
        if cond is None:
            continue
        me = _next(sc, cond + 1, cond + 3, _WRITER)
        ok = next((k for k in range(cond + 1, min(len(sc.tokens), cond + 6)) if sc.tokens[k].word in _OK
                   or (sc.tokens[k].word == "doing" and sc.tokens[cond].word == "how")), None)
        if me is not None and ok is not None and me < ok and _same(sc, i, ok):
            out.append(Hit("checked", t.start, sc.tokens[ok].end, i, ok))
    return out


_NOBODY = frozenset({"nobody", "noone", "naebody", "neb", "nae"})
_MISSED = frozenset({"notice", "care", "miss", "realise", "realize", "bother", "sylwi", "poeni"})


def _unnoticed(sc: Scene) -> list[Hit]:
    """Nobody noticing or caring, however far apart the words: nobody (or "no one"), within five words
    "would", then within two a word of noticing or caring ("nobody at school would even notice", "no one
    in this house would care"). Like the listed "nobody cares", only ever a second sign."""
    out = []
    for i, t in enumerate(sc.tokens):
        nobody = t.word in _NOBODY or (t.word == "no" and i + 1 < len(sc.tokens) and sc.tokens[i + 1].word == "one")
        if not nobody:
            continue
        would = _next(sc, i + 1, i + 6, ("would", "wud", "wid", "will"), i)
        if would is None:
            continue
        seen = _next(sc, would + 1, would + 3, _MISSED)
        if seen is not None:
            out.append(Hit("unheard", t.start, sc.tokens[seen].end, i, seen))
    return out


_ONLY = frozenset({"one", "person", "teacher", "adult", "reason"})
_CARING = frozenset({"cares", "care", "cared", "listens", "listened", "listen", "noticed", "notices", "notice", "gets", "asks",
                     "asked", "checks", "checked", "understands", "understood", "tried", "tries", "helps", "helped", "believes",
                     "believed", "talks", "bothers", "bothered", "gives", "gave", "sees", "saw", "knows", "nice", "kind", "there"})


def _only_one(sc: Scene) -> list[Hit]:
    """Only one person there for the writer: "only" and one, person, teacher or adult, then "who" or "that"
    and, within four words, a word of caring, listening or noticing ("the only one who noticed", "the only
    teacher that actually listens"; not "the only one that explains it properly"). A second sign only."""
    out = []
    for i, t in enumerate(sc.tokens[:-2]):
        if t.word != "only" or sc.tokens[i + 1].word not in _ONLY or sc.tokens[i + 2].word not in ("who", "that", "whos", "thats"):
            continue
        cares = _next(sc, i + 3, i + 7, _CARING, i)
        if cares is not None:
            out.append(Hit("checked", t.start, sc.tokens[cares].end, i, cares))
    return out
