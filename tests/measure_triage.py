"""Triage's figures on labelled data: precision and recall for "is it about you?" (`about = you`) and
per flag, for each batch.

    python -m tests.measure_triage           # the tables, and every item triage got wrong
    python -m tests.measure_triage --quiet   # the tables only
    python -m tests.measure_triage --unseen  # also the batches in tests/data/unseen/ (any *.toml there)

Development data (the rules were developed and tuned on it): tests/data/labelled.toml (its items, and the
held-out batches wave1 and wave2 written into it) and each batch in tests/data/development/ (wave3, wave4, wave5, wave6, wave7, wave8, wave9, wave10, wave11).
The unseen batches are written by someone who has not read the word lists or rules, and are read only
with --unseen, so that whoever tunes triage does not see them by running the usual command.

A batch file holds `[[item]]`s and may define its own `[profiles.NAME]` (else labelled.toml's are used).
An item has `about` ("you", "unsure" or "someone_else"; older items' `about_me = true` reads as "you",
false as "someone_else"), `flags`, and optionally `told = "not_me"` or `told = "mine"`: what the teacher
answered about that page, applied in file order before the later items of the file are judged ("not me"
teaches a namesake, "mine" makes the page and its account hers).

Flags are counted as she sees them: a page triage sets aside as someone else's shows none.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repwatch.config import Profile
from repwatch.handles import Handle, normal
from repwatch.models import Result
from repwatch.pipeline.person import Namesake, Person
from repwatch.pipeline.triage import FLAG_CODES, Assessment, assess
from repwatch.pipeline.urls import canonical_url, classify, registered_domain, shape_of

HERE = Path(__file__).parent / "data"
DATA = tomllib.loads((HERE / "labelled.toml").read_text(encoding="utf-8"))
DEVELOPMENT_DIR = HERE / "development"
UNSEEN = HERE / "unseen"


def profile_of(spec: dict[str, Any]) -> Profile:
    """A labelled profile as the config would hold it; keys the config does not have (a batch may
    describe her role or photos in words) are left out."""
    return Profile(**{k: v for k, v in spec.items() if k in Profile.model_fields})


PROFILES = {key: profile_of(spec) for key, spec in DATA["profiles"].items()}
TRIAGE_FLAGS = [code for code in FLAG_CODES if code != "reappeared"]
ABOUTS = ("you", "unsure", "someone_else")
Rows = list[tuple[dict[str, Any], Assessment]]
DEVELOPMENT = ("wave1", "wave2", "wave3", "wave4", "wave5", "wave6", "wave7", "wave8", "wave9", "wave10", "wave11")


def result(url: str, title: str, snippet: str, kind: str = "web") -> Result:
    r = Result(url=url, title=title, snippet=snippet, provider="test", kind=kind, query="q", rank=1)
    r.domain = registered_domain(url)
    r.platform = classify(url, kind)[0]
    return r


def reason(a: Assessment, code: str) -> str:
    """The reason she is shown for flag ``code`` (the triage tests read it as she would)."""
    return next(f.reason for f in a.flags if f.code == code)


def about_of(item: dict[str, Any]) -> str:
    """The item's label: `about`, or an older item's `about_me`."""
    if "about" in item:
        return str(item["about"]).strip().lower().replace(" ", "_").replace("-", "_")
    return "you" if item["about_me"] else "someone_else"


def batch_of(item: dict[str, Any]) -> str:
    """"tuned", or the batch's name ("wave2"; the earlier held-out items are "wave1")."""
    if "batch" in item:
        return str(item["batch"])
    if not item.get("heldout"):
        return "tuned"
    return "wave1"


def read_batch(path: Path) -> list[dict[str, Any]]:
    """One batch file's items, each carrying its profile (the file's own, else labelled.toml's) and batch."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    own = {key: profile_of(spec) for key, spec in data.get("profiles", {}).items()}
    out = []
    for item in data.get("item", []):
        item = {"batch": path.stem, **item}
        if item["profile"] in own:
            item["_profile"] = own[item["profile"]]
        out.append(item)
    return out


def batch_items(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.toml")):
        out.extend(read_batch(path))
    return out


def unseen_items(folder: Path | None = None) -> list[dict[str, Any]]:
    """The items of every unseen batch file, in file-name order."""
    return batch_items(folder or UNSEEN)


def development_items() -> list[dict[str, Any]]:
    return DATA["item"] + batch_items(DEVELOPMENT_DIR)


def items(*, unseen: bool = False) -> list[dict[str, Any]]:
    """The development items, then (only when asked) the unseen batches'."""
    return development_items() + (unseen_items() if unseen else [])


@dataclass
class Told:
    """What the teacher answered so far, per (batch, profile), in file order."""

    people: dict[tuple[str, str], Person]

    def person(self, item: dict[str, Any]) -> Person:
        key = (batch_of(item), item["profile"])
        if key not in self.people:
            self.people[key] = Person.of(item.get("_profile") or PROFILES[item["profile"]])
        return self.people[key]

    def apply(self, item: dict[str, Any], n: int) -> None:
        told = str(item.get("told") or "").strip().lower().replace(" ", "_").replace("'", "")
        if not told:
            return
        key, me = (batch_of(item), item["profile"]), self.person(item)
        if told == "not_me":
            at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC).isoformat()
            ns = Namesake(n, at, item["url"], item["title"], item["snippet"], item.get("kind", "web"))
            me = replace(me, namesakes=(*me.namesakes, ns), dismissed=me.dismissed | {canonical_url(item["url"])})
        elif told == "mine":
            me = replace(me, confirmed=me.confirmed | {canonical_url(item["url"])})
            shape = shape_of(item["url"], item.get("kind", "web"))
            if shape.handle:
                name = normal(shape.handle, shape.platform)
                me = replace(me, own_accounts=(*me.own_accounts, Handle(name, shape.platform)))
        else:
            raise ValueError(f"{item['url']}: told must be 'not_me' or 'mine', not {told!r}")
        self.people[key] = me


_judged: dict[str, Rows] = {}  # the verdicts on a batch already judged in this process, by what was judged


def assessed(batch: str | None = None, pool: list[dict[str, Any]] | None = None) -> Rows:
    """Each labelled item of one batch (all when None) with triage's verdict on it, judged in file
    order with what the teacher had answered about the items before it. A batch judged before in
    this process (the same items at the same places: the tests measure the development batches
    more than once) is not judged again."""
    chosen = [(n, item) for n, item in enumerate(DATA["item"] if pool is None else pool)
              if batch is None or batch_of(item) == batch]
    key = repr(chosen)
    if key in _judged:
        return list(_judged[key])
    told = Told({})
    out = []
    for n, item in chosen:
        r = result(item["url"], item["title"], item["snippet"], item.get("kind", "web"))
        out.append((item, assess(r, told.person(item))))
        told.apply(item, n + 1)
    _judged[key] = out
    return list(out)


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int]:
    tp = sum(1 for expected, got in pairs if expected and got)
    fp = sum(1 for expected, got in pairs if got and not expected)
    fn = sum(1 for expected, got in pairs if expected and not got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn


def table(rows: Rows) -> dict[str, tuple[float, float, int]]:
    out = {f"about = {about}": precision_recall([(about_of(i) == about, a.about == about) for i, a in rows])
           for about in ABOUTS}
    out["shown (you or unsure)"] = precision_recall(
        [(about_of(i) != "someone_else", a.about != "someone_else") for i, a in rows])
    for code in TRIAGE_FLAGS:
        out[code] = precision_recall([(code in i.get("flags", []), code in a.shown_codes) for i, a in rows])
    return out


def report(title: str, rows: Rows, *, misses: bool = True) -> dict[str, tuple[float, float, int]]:
    figures = table(rows)
    print(f"\n{title}\n{'':22} precision  recall  (positives, of {len(rows)} items)")
    for name, (p, r, n) in figures.items():
        print(f"{name:22} {p:9.2f} {r:7.2f}  ({n})")
    hers = [(i, a) for i, a in rows if about_of(i) == "you"]
    if any(i.get("flags") for i, _ in rows if about_of(i) == "someone_else"):
        # the batch labels flags on namesakes' pages too, which she never sees flagged: count her pages apart
        print(f"  the same, on the {len(hers)} pages about her (labelled you)")
        for name, (p, r, n) in table(hers).items():
            if not name.startswith(("about", "shown")):
                print(f"  {name:20} {p:9.2f} {r:7.2f}  ({n})")
        # flags are raised on every page and `about` hides them on a namesake's: that they are raised is
        # counted apart, on the pages labelled someone_else (what she would see if she opened them)
        others = [(i, a) for i, a in rows if about_of(i) == "someone_else"]
        print(f"  flags raised (not shown) on the {len(others)} pages about someone else (labelled someone_else)")
        for code in ("negative", "personal_info", "photo"):
            p, r, n = precision_recall([(code in i.get("flags", []), code in a.codes) for i, a in others])
            print(f"  {code:20} {p:9.2f} {r:7.2f}  ({n})")
    if misses:
        for item, a in rows:
            if about_of(item) != a.about or set(item.get("flags", [])) != set(a.shown_codes):
                print(f"  miss: {item['url']} expected {about_of(item)} {item.get('flags', [])}, "
                      f"got {a.about} {a.shown_codes} ({'; '.join(a.about_reasons)})")
    return figures


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    pool = items(unseen="--unseen" in argv)
    batches = list(dict.fromkeys(batch_of(i) for i in pool))
    for batch in batches:
        if batch == "tuned":
            title = "Tuned on"
        elif batch in DEVELOPMENT:
            title = f"Development batch {batch} (written held out, since used to develop the rules)"
        else:
            title = f"Held out, never tuned on: batch {batch}"
        report(title, assessed(batch, pool), misses=not quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
