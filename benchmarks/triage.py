"""Triage with many dismissed pages: should cost about the same as with none.

Issue 14 measured 2,000 results against 5,000 dismissed URLs at 2.0 s, against 0.8 s with none,
because the dismissed URLs were canonicalised again for every result. Prints the times and their
ratio (goal: close to 1.0), not pass/fail: `python benchmarks/triage.py [--results N] [--dismissed N]`.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field

from repwatch.config import Profile
from repwatch.models import Result
from repwatch.pipeline.runner import triage_results
from repwatch.pipeline.urls import canonical_url, classify, registered_domain

PROFILE = Profile(name="Joanna Whitfield", locations=["Liverpool"])


@dataclass
class FakeStore:
    """Only the two reads triage makes, so the figure is triage's own."""

    dismissed: list[str] = field(default_factory=list)

    def blocked_domains(self, profile: str) -> list[str]:
        return []

    def dismissed_urls(self, profile: str) -> list[str]:
        return self.dismissed


def results(count: int) -> list[Result]:
    out = []
    for i in range(count):
        url = f"https://site{i % 300}.example.org/news/{i}?utm_source=feed"
        r = Result(url=url, title=f"Joanna Whitfield at school event {i}", snippet="Liverpool primary teacher",
                   provider="searxng", kind="web", query='"Joanna Whitfield"', rank=1 + i % 10)
        r.canonical_url, r.domain, r.platform = canonical_url(url), registered_domain(url), classify(url, "web")[0]
        out.append(r)
    return out


def timed(store: FakeStore, found: list[Result]) -> float:
    started = time.perf_counter()
    triage_results(PROFILE, store, found)  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=int, default=2000)
    parser.add_argument("--dismissed", type=int, default=5000)
    args = parser.parse_args()
    found = results(args.results)
    dismissed = [f"https://other{i}.example.net/page/{i}" for i in range(args.dismissed)]
    timed(FakeStore(), found[:50])  # warm the compiled patterns and word lists
    none = min(timed(FakeStore(), found) for _ in range(3))
    many = min(timed(FakeStore(dismissed), found) for _ in range(3))
    print(f"triage of {args.results} results: {none:.2f} s with no dismissed pages, "
          f"{many:.2f} s with {args.dismissed}; ratio {many / none:.2f}")


if __name__ == "__main__":
    main()
