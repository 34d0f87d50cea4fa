"""The scene: the concepts (data/lexicon/*.toml `[concepts]`) found in the sentences near her name, with
where each one is, so the questions of triage (what.py, despair.py …) can read them together: who does
what to whom, in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from repwatch.pipeline.triage.concepts import Hit, Token
from repwatch.pipeline.triage.text import CLAUSE, quote

PRONOUNS = frozenset({"she", "he", "her", "him", "his", "hers", "shes", "hes", "shell", "hell", "herself", "himself"})
_LINKS = frozenset({"of", "a", "the", "it", "that", "this", "our", "my", "some", "secretly", "o"})  # Welsh "llun o" (a picture of)


@dataclass
class Scene:
    """The concepts (data/lexicon.toml `[concepts]`) found in the sentences near the name."""

    text: str
    tokens: list[Token]
    hits: list[Hit]  # in sentences near the name only
    clause: list[int]  # each token's sentence
    person: set[int]  # tokens inside a way of writing the name
    near: set[int]  # the sentences near the name
    _despair: list[Hit] | None = None  # read once (see _despair)

    def of(self, *concepts: str) -> list[Hit]:
        return [h for h in self.hits if h.concept in concepts]

    def words(self, hits: list[Hit]) -> list[str]:
        return list(dict.fromkeys(self.text[h.start : h.end] for h in hits))

    def quote(self, *groups: list[Hit], join: bool = False) -> str:
        """The first words of each group, quoted; with `join`, two hits close together are quoted as one
        phrase ("should be struck off", "know what car")."""
        picked = [g[0] for g in groups if g]
        parts: list[str] = []
        i = 0
        while i < len(picked):
            a = picked[i]
            if i + 1 < len(picked):
                b = picked[i + 1]
                between = range(a.last + 1, b.first)
                if (join and a.last < b.first <= a.last + 2 and self.clause[a.first] == self.clause[b.first]
                        and not any(k in self.person for k in between)):
                    parts.append(self.text[a.start : b.end])
                    i += 2
                    continue
            parts.append(self.text[a.start : a.end])
            i += 1
        return quote(list(dict.fromkeys(parts)))

    def alone(self, sentences: tuple[str, ...]) -> list[Hit]:
        """Sentences near the name that are only these words ("i'm not."), as hits of their own."""
        out = []
        for c, m in enumerate(CLAUSE.finditer(self.text)):
            if c in self.near and m.group(0).strip() in sentences:
                i = next((k for k, t in enumerate(self.tokens) if t.start >= m.start()), 0)
                start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                out.append(Hit("despair", start, start + len(m.group(0).strip()), i, i))
        return out

    def unaware(self) -> list[Hit]:
        """"she doesnt even know", "he had no clue": a negation after she, he or the name, then a word
        for knowing or seeing."""
        for n in self.of("unaware"):
            before = range(max(0, n.first - 2), n.first)
            if not any(i in self.person or self.tokens[i].word in ("she", "he", "shes", "hes") for i in before):
                continue
            aware = next((a for a in self.hits if a.concept == "aware" and n.last < a.first <= n.last + 3), None)
            if aware is not None:
                return [Hit("unaware", n.start, aware.end, n.first, aware.last)]
        return []

    def where(self, hits: list[Hit]) -> bool:
        """The sentence of the first hit asks where: "where", "which", "what" or "whereabouts"."""
        c = self.clause[hits[0].first]
        return any(self.clause[i] == c and t.word in ("where", "which", "what", "whereabouts") for i, t in enumerate(self.tokens))

    def about(self, hits: list[Hit]) -> bool:
        """The sentence of the first hit names the person or speaks of her or him ("where she lives")."""
        if not hits:
            return False
        c = self.clause[hits[0].first]
        return any(self.clause[i] == c and (i in self.person or t.word in PRONOUNS) for i, t in enumerate(self.tokens))

    def together(self, first: tuple[str, ...], second: tuple[str, ...]) -> tuple[list[Hit], list[Hit]]:
        """Hits of two concepts in one sentence: "year 6 got it on camera"."""
        for c in dict.fromkeys(self.clause[h.first] for h in self.hits):
            a = [h for h in self.hits if h.concept in first and self.clause[h.first] == c]
            b = [h for h in self.hits if h.concept in second and self.clause[h.first] == c]
            if a and b:
                return a, b
        return [], []

    def aimed(self, concepts: tuple[str, ...]) -> list[Hit]:
        """Hits with the person as their object: "recorded miss whitfeild", "a pic of Ms Whitfield",
        "caught Mr Hill shouting on camera"; not "a photo with Ms Whitfield" or "a video of Ms
        Whitfield's class"."""
        out = [h for h in self.of(*concepts) if self.object_of(h) is not None]
        if "capture" in concepts:
            for c in self.of("catch"):
                j = self.object_of(c)
                if j is not None:
                    out += [g for g in self.of("capture", "device") if j < g.first <= j + 5 and self.clause[g.first] == self.clause[j]]
        return sorted(set(out), key=lambda h: h.start)

    def object_of(self, h: Hit) -> int | None:
        """Where the person is written as the object right after a hit (through "of", "a", "the" …)."""
        i = h.last + 1
        while i < len(self.tokens) and i not in self.person and self.tokens[i].word in _LINKS:
            i += 1
        if i >= len(self.tokens) or self.clause[i] != self.clause[h.first]:
            return None
        if self.tokens[i].word in ("sir", "miss") and i not in self.person and (i + 1 >= len(self.tokens) or self.tokens[i + 1].word not in ("the", "a")):
            return i  # "recorded miss losing it at 10X2": pupils' word for a teacher, with no name on the page
        if i + 1 < len(self.tokens) and self.tokens[i + 1].word in ("hi", "fo", "fe") and self.clause[i + 1] == self.clause[i]:
            i += 1  # Welsh puts the doer first: "ffilmiodd jac hi" (Jac filmed her), "ffilmes i fe" (I filmed it)
        if self.tokens[i].word in ("her", "him", "hi", "fo", "fe"):  # Welsh "ffilmiodd jac hi" (filmed her)
            # "kids were recording her", with her name in this or the last sentence
            named = any(abs(self.clause[p] - self.clause[i]) <= 1 for p in self.person)
            return i if named else None
        if i not in self.person:
            return None
        j = i
        while j + 1 < len(self.tokens) and j + 1 in self.person:
            j += 1
        last = self.tokens[j]
        owner = self.text[last.start : last.end].endswith("'s") or self.text.startswith("'s", last.end)
        pictures = any(g.concept in ("capture", "picture") and j < g.first <= j + 2 for g in self.hits)
        return j if not owner or pictures else None  # "Mrs Hill's class assembly" is not her; "her pics" are

    def followed(self, first: tuple[str, ...], then: tuple[str, ...], gap: int = 5) -> tuple[list[Hit], list[Hit]]:
        """A hit of one concept and, within a few words after it in its sentence, one of another."""
        for a in self.of(*first):
            for b in self.of(*then):
                if self.clause[a.first] == self.clause[b.first] and a.last < b.first <= a.last + 1 + gap:
                    return [a], [b]
        return [], []
