"""Times the user reads are in the configured zone, and formatted without platform-only strftime codes."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from repwatch.adapters.lock import short_time
from repwatch.adapters.store import Store
from repwatch.config import parse
from repwatch.pipeline import runner
from repwatch.pipeline.digest import next_run_text, nice_date, render_html, render_text
from repwatch.timefmt import format_local

SRC = Path(__file__).resolve().parents[1] / "src" / "repwatch"
# the C89 directives, which every platform's strftime knows (Windows rejects %-d, %e, %k, %P, …)
PORTABLE = set("aAbBcdHIjmMpSUwWxXyYzZ%")


@pytest.fixture
def system_zone_new_york(monkeypatch: pytest.MonkeyPatch):
    """The machine's clock says New York; the user's config says otherwise."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _config(zone: str):  # type: ignore[no-untyped-def]
    return parse({"repwatch": {"timezone": zone},
                  "profile": [{"name": "Joanna Whitfield", "schedule": "0 7 * * *"}]}, Path("repwatch.toml"))


def test_the_digest_stamp_is_in_the_configured_zone_not_the_systems(system_zone_new_york, monkeypatch):
    config = _config("Asia/Tokyo")
    monkeypatch.setattr(runner, "now", lambda: "2026-11-24T22:00:00+00:00")  # 17:00 in New York
    digest = runner.build_digest(config.profile[0], [], [], [], config=config)
    assert digest.generated_at == "25 November 2026 at 07:00"
    said = "Sent by repwatch on 25 November 2026 at 07:00; times are in the Tokyo time zone."
    assert said in render_text(digest) and said in render_html(digest)  # the zone named: not the computer's


def test_an_interrupted_digest_is_named_by_its_time_in_the_configured_zone(system_zone_new_york, tmp_path,
                                                                           monkeypatch):
    config = _config("Europe/London")
    store = Store(tmp_path / "repwatch.db")
    with monkeypatch.context() as m:
        m.setattr("repwatch.adapters.store.now", lambda: "2026-11-24T22:00:00+00:00")  # 17:00 in New York
        store.open_digest("Joanna Whitfield", None, [], all_clear=True)  # never closed: stopped mid-send
    notes: list[str] = []
    runner.send_digest(config, config.profile[0], store, None, [], notes)
    assert any("while sending the digest of 24 November 2026 at 22:00." in n for n in notes), notes


def test_styles_read_as_a_person_writes_them() -> None:
    summer = datetime(2026, 6, 5, 6, 4, 9, tzinfo=UTC)  # 07:04 BST
    assert format_local(summer, "Europe/London") == "5 June 2026 at 07:04"
    assert format_local(summer, "Europe/London", "weekday") == "Friday 5 June at 07:04"
    assert format_local(summer, "Europe/London", "date") == "5 Jun 2026"
    assert format_local(summer, "Europe/London", "stamp") == "5 Jun 2026, 07:04 BST"
    assert format_local("2026-12-01T09:14:00", "Europe/London", "stamp") == "1 Dec 2026, 09:14 GMT"  # naive = UTC
    same_day = datetime(2026, 6, 5, 20, 0, tzinfo=UTC)
    assert format_local(summer, "Europe/London", "short", now=same_day) == "07:04"
    assert format_local(summer, "Europe/London", "clock", now=same_day) == "07:04:09"
    later = datetime(2026, 7, 1, tzinfo=UTC)
    assert format_local(summer, "Europe/London", "short", now=later) == "5 Jun 07:04"
    assert format_local(summer, "Europe/London", "clock", now=later) == "5 Jun 07:04"
    assert format_local(summer, "Europe/London", "short", now=datetime(2027, 1, 2, tzinfo=UTC)) == "5 Jun 2026 07:04"
    assert short_time(datetime(2025, 5, 9, 9, 2, tzinfo=UTC), "Europe/London") == "9 May 2025 10:02"


def test_digest_dates_have_no_leading_zero() -> None:
    assert nice_date("2026-10-04T09:30:00") == "4 Oct 2026"
    assert nice_date("not a date") == ""
    assert next_run_text("0 7 * * *", "Europe/London", datetime(2026, 11, 3, 12, tzinfo=UTC)) == "Wednesday 4 November at 07:00"


def test_no_platform_only_strftime_codes_in_the_source() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r"strftime\(\s*[fr]?(['\"])(.*?)\1", text):
            bad = [d for d in re.findall(r"%(.)", fmt[1]) if d not in PORTABLE]
            if bad:
                found.append(f"{path.name}: {fmt[1]!r}")
    assert found == []


def test_the_digest_dates_a_mention_by_the_day_it_was_found_in_the_configured_zone(system_zone_new_york):
    from tests.test_digest import mentions

    found = mentions()[0]
    found.first_seen = "2026-10-31T23:30:00+00:00"  # Sunday morning, 1 November, in Tokyo
    config = _config("Asia/Tokyo")
    digest = runner.build_digest(config.profile[0], [found], [], [], config=config)
    assert "found 1 Nov 2026" in render_text(digest)
    assert nice_date("2026-10-31T23:30:00+00:00", "Asia/Tokyo") == "1 Nov 2026"
    assert nice_date("2026-10-31", "Asia/Tokyo") == "31 Oct 2026"  # a bare date is that day anywhere


@pytest.fixture
def system_zone_london(monkeypatch: pytest.MonkeyPatch):
    """No zone in the config, and the computer is in London (with its clock changes)."""
    import tzlocal

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    tzlocal.reload_localzone()
    yield
    monkeypatch.undo()
    time.tzset()
    tzlocal.reload_localzone()


def test_without_a_configured_zone_the_month_starts_by_the_computers_zone_then(system_zone_london,
                                                                               monkeypatch):
    from repwatch.pipeline import plan

    class Winter(datetime):  # "today" is in GMT; the month began in BST
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return datetime(2026, 11, 29, 12, tzinfo=UTC).astimezone(tz) if tz else datetime(2026, 11, 29, 12)

    monkeypatch.setattr(plan, "datetime", Winter)
    assert plan.month_start(None, datetime(2026, 10, 28, 12, tzinfo=UTC)) == "2026-09-30T23:00:00+00:00"
    assert plan.month_start(None, datetime(2026, 11, 29, 12, tzinfo=UTC)) == "2026-11-01T00:00:00+00:00"
