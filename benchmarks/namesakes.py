"""The namesakes listing at scale: finding each namesake's pages among a five-year store.

`repwatch namesakes` and the review page's Namesakes list, under each namesake, the pages set aside as
theirs. On a generated store (benchmarks/generate.py) the pages judged someone else's (1 in 50) are
set aside as one of two namesakes' (alternately), and the listing's page-finding step
(``lifecycle._with_pages``) is timed, best of ``--tries``, with the process's peak memory, for the
code now and, in the same run, another source tree (``--also NAME=SRC``: the code before a change,
``git archive OLD src | tar -x``), each against a store in its own schema.

    python benchmarks/namesakes.py [--mentions 1000,100000] [--tries 5] [--also before=SRC]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

INNER = r"""
import json, resource, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generate import PROFILE, cached
from repwatch.adapters.store import Store
from repwatch.app.lifecycle import _with_pages

count, tries = int(sys.argv[2]), int(sys.argv[3])
copy = Path(tempfile.mkdtemp(prefix="repwatch-namesakes-")) / "repwatch.db"
shutil.copy(cached(count), copy)
store = Store(copy)
said = ["the solicitor in Leeds you said is not you, 3 Nov", "the singer in Cardiff you said is not you, 9 Nov"]
with store.atomic():  # the pages judged someone else's, set aside as one namesake's or the other's
    store.conn.execute("UPDATE mentions SET about = 'someone_else', about_reasons = CASE id / 50 % 2 WHEN 0 THEN ? "
                       "ELSE ? END WHERE score < 0.5", [json.dumps([said[0]]), json.dumps([said[1]])])
rows = [{"summary": text.split(" you said")[0], "mention_id": i} for i, text in enumerate(said)]
best, pages = None, None
for _ in range(tries):
    started = time.perf_counter()
    listed = _with_pages(store, PROFILE, rows)
    took = time.perf_counter() - started
    best = took if best is None else min(best, took)
    pages = [len(r["pages"]) for r in listed]
store.close()
shutil.rmtree(copy.parent)
print(json.dumps({"ms": best * 1000, "pages": pages, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(count: int, tries: int, source: str | None) -> dict[str, object]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    here = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", f"import sys\nsys.path.insert(0, {here!r})\nfrom generate import cached\n"
                    f"cached({count})"], capture_output=True, env=env, check=True)  # made first: not in the peak
    done = subprocess.run([sys.executable, "-c", INNER, str(Path(__file__).resolve().parent), str(count), str(tries)],
                          capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", default="1000,100000")
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--also", help="NAME=SRC: another source tree, measured in the same run")
    options = parser.parse_args()
    trees: dict[str, str | None] = {"now": None}
    if options.also:
        name, source = options.also.split("=", 1)
        trees[name] = source
    print(f"load average {os.getloadavg()[0]:.1f}; best of {options.tries}")
    print("| mentions | tree | pages found (each namesake) | time | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for count in (int(n) for n in options.mentions.split(",")):
        for name, source in trees.items():
            got = measure(count, options.tries, source)
            print(f"| {count:,} | {name} | {got['pages']} | {got['ms']:.1f} ms | {got['peak_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
