"""Triage's figures on the labelled set: precision and recall per flag, on the items the word lists and
rules were tuned on, and on each held-out batch (written before the tuning it measures, never tuned on).

    python -m tests.measure_triage           # the tables, and every item triage got wrong
    python -m tests.measure_triage --quiet   # the tables only
    python -m tests.measure_triage --unseen  # also the batches in tests/data/unseen/ (any *.toml there)

The unseen batches are written by someone who has not read the word lists or rules, and are read only
with --unseen, so that whoever tunes triage does not see them by running the usual command.

The README's figures come from this command; tests/test_triage.py asserts the thresholds on the tuned
items only (asserting the held-out ones would invite tuning on them).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.triage import FLAG_CODES, Assessment, assess
from repwatch.pipeline.urls import classify, registered_domain

DATA = tomllib.loads((Path(__file__).parent / "data" / "labelled.toml").read_text(encoding="utf-8"))
UNSEEN = Path(__file__).parent / "data" / "unseen"
PROFILES = {key: Profile(**spec) for key, spec in DATA["profiles"].items()}
TRIAGE_FLAGS = [code for code in FLAG_CODES if code != "reappeared"]
Rows = list[tuple[dict[str, Any], Assessment]]
DEVELOPMENT = ("wave1", "wave2")  # held out when written; the situation rules were developed on them since


def result(url: str, title: str, snippet: str, kind: str = "web") -> Result:
    r = Result(url=url, title=title, snippet=snippet, provider="test", kind=kind, query="q", rank=1)
    r.domain = registered_domain(url)
    r.platform = classify(url, kind)[0]
    return r


def batch_of(item: dict[str, Any]) -> str:
    """"tuned", or the held-out batch's name ("wave2"; the earlier held-out items are "wave1")."""
    if not item.get("heldout"):
        return "tuned"
    return str(item.get("batch", "wave1"))


def unseen_items(folder: Path | None = None) -> list[dict[str, Any]]:
    """The items of every unseen batch file, in file-name order; they use labelled.toml's profiles."""
    out: list[dict[str, Any]] = []
    for path in sorted((folder or UNSEEN).glob("*.toml")):
        out.extend(tomllib.loads(path.read_text(encoding="utf-8")).get("item", []))
    return out


def items(*, unseen: bool = False) -> list[dict[str, Any]]:
    """labelled.toml's items, then (only when asked) the unseen batches'."""
    return DATA["item"] + (unseen_items() if unseen else [])


def assessed(batch: str | None = None, pool: list[dict[str, Any]] | None = None) -> Rows:
    """Each labelled item of one batch (all when None) with triage's verdict on it."""
    out = []
    for item in DATA["item"] if pool is None else pool:
        if batch is not None and batch_of(item) != batch:
            continue
        r = result(item["url"], item["title"], item["snippet"], item["kind"])
        out.append((item, assess(r, PROFILES[item["profile"]])))
    return out


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int]:
    tp = sum(1 for expected, got in pairs if expected and got)
    fp = sum(1 for expected, got in pairs if got and not expected)
    fn = sum(1 for expected, got in pairs if expected and not got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn


def table(rows: Rows) -> dict[str, tuple[float, float, int]]:
    out = {"about this person": precision_recall([(i["about_me"], a.about_me) for i, a in rows])}
    for code in TRIAGE_FLAGS:
        out[code] = precision_recall([(code in i["flags"], code in a.codes) for i, a in rows])
    return out


def report(title: str, rows: Rows, *, misses: bool = True) -> dict[str, tuple[float, float, int]]:
    figures = table(rows)
    print(f"\n{title}\n{'':20} precision  recall  (positives, of {len(rows)} items)")
    for name, (p, r, n) in figures.items():
        print(f"{name:20} {p:9.2f} {r:7.2f}  ({n})")
    if misses:
        for item, a in rows:
            if item["about_me"] != a.about_me or set(item["flags"]) != set(a.codes):
                print(f"  miss: {item['url']} expected {item['about_me']} {item['flags']}, got {a.score} {a.codes}")
    return figures


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    pool = items(unseen="--unseen" in argv)
    batches = list(dict.fromkeys(batch_of(i) for i in pool))
    for batch in batches:
        if batch == "tuned":
            title = "Tuned on"
        elif batch in DEVELOPMENT:
            title = f"Written held out, then used to develop the rules of 29 Nov 2026: batch {batch}"
        else:
            title = f"Held out, never tuned on: batch {batch}"
        report(title, assessed(batch, pool), misses=not quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
