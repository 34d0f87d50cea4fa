"""The plan's order, the budget, rotation over real runs in a real store, and monthly quotas."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from repwatch.adapters.providers.base import Provider
from repwatch.adapters.providers.duckduckgo import DuckDuckGo
from repwatch.adapters.providers.searxng import SearXNG
from repwatch.adapters.store import Store
from repwatch.config import Profile, ProviderSettings, parse
from repwatch.pipeline.names import handle_form
from repwatch.pipeline.plan import (
    build_plan,
    month_start,
    pinned_count,
    plan_rows,
    render_plan_table,
    schedule_calls,
)

EXAMPLE = dict(
    name="Joanna Whitfield",
    variants=["Joanna Brown"],
    nicknames=["Jo"],
    honorifics=["Ms", "Mrs"],
    handles=["MsWhitfieldTeach"],
    locations=["Liverpool"],
    organisations=["St Aidan's Primary School"],
    exclude=["realtor"],
)
SCHOOL = "St Aidan's Primary School"


class Social(Provider):
    """An account-search provider, made without registering it (name is set after the class)."""

    kinds = ("accounts", "posts")


Social.name = "social"


def ddg() -> DuckDuckGo:
    return DuckDuckGo(ProviderSettings(), None)  # type: ignore[arg-type]


def searx() -> SearXNG:
    return SearXNG(ProviderSettings(base_url="http://127.0.0.1:1"), None)  # type: ignore[arg-type]


def test_the_contract_example_is_what_a_teacher_would_type():
    assert [q.text for q in build_plan(Profile(**EXAMPLE))] == [
        '"Joanna Whitfield" Liverpool',
        f'"Joanna Whitfield" {SCHOOL}',
        '"Joanna Whitfield"',
        '"Joanna Brown" Liverpool',
        '"Jo Whitfield" Liverpool',
        f'"Joanna Brown" {SCHOOL}',
        f'"Jo Whitfield" {SCHOOL}',
        '"J Whitfield" Liverpool',
        f'"J Whitfield" {SCHOOL}',
        '"Joanna Brown"',
        '"Jo Whitfield"',
        f'"Ms Whitfield" {SCHOOL}',
        f'"Mrs Whitfield" {SCHOOL}',
        "joannawhitfield",
        "joanna_whitfield",
        "jowhitfield",
        "jo_whitfield",
        "mswhitfield",
        "mrswhitfield",
        "MsWhitfieldTeach",
    ]


def test_reasons_and_flags_of_the_example():
    plan = build_plan(Profile(**EXAMPLE))
    assert plan[0].reason == "your name with your location (Liverpool)"
    assert plan[2].reason == "your name on its own"
    assert plan[4].reason == "your nickname (Jo) with your location (Liverpool)"
    assert [q.handle for q in plan].index(True) == 13
    assert all(q.excludes == ("realtor",) for q in plan)
    assert ddg().render_query(plan[0]) == '"Joanna Whitfield" Liverpool -realtor'


def test_order_places_before_schools_before_the_name_alone_and_names_before_nicknames():
    profile = Profile(name="Tom Baker", nicknames=["Tommy"], locations=["Leeds", "York"],
                      organisations=["Park School", "Leeds Trust"], honorifics=["Mr"])
    texts = [q.text for q in build_plan(profile)]
    assert texts[:5] == ['"Tom Baker" Leeds', '"Tom Baker" York', '"Tom Baker" Park School',
                         '"Tom Baker" Leeds Trust', '"Tom Baker"']
    assert texts[5:9] == ['"Tommy Baker" Leeds', '"Tommy Baker" York', '"Tommy Baker" Park School',
                          '"Tommy Baker" Leeds Trust']
    assert texts.index('"T Baker" Leeds') < texts.index('"Tommy Baker"') < texts.index('"Mr Baker" Park School')
    assert '"Mr Baker" Leeds' not in texts  # honorifics go with the school when there is one
    assert texts[-5:] == ["tombaker", "tom_baker", "tommybaker", "tommy_baker", "mrbaker"]


def test_handles_go_only_to_account_search_and_name_alone_also_to_accounts():
    calls = schedule_calls(build_plan(Profile(**EXAMPLE)), [ddg(), Social(ProviderSettings(), None)],
                           max_queries=40, last_run={}, calls_this_month={}, quotas={})
    by_query: dict[str, set[tuple[str, str]]] = {}
    for c in calls:
        by_query.setdefault(c.query.text, set()).add((c.provider, c.kind))
    assert by_query["jo_whitfield"] == {("social", "accounts")}
    assert by_query['"Joanna Whitfield"'] == {("duckduckgo", "web"), ("social", "accounts"), ("social", "posts")}
    assert by_query['"Joanna Whitfield" Liverpool'] == {("duckduckgo", "web"), ("social", "posts")}
    assert all(c.next_run for c in calls)


def test_handles_with_no_account_provider_are_shown_but_not_sent():
    calls = schedule_calls(build_plan(Profile(**EXAMPLE)), [ddg()], max_queries=40, last_run={},
                           calls_this_month={}, quotas={})
    handle = [c for c in calls if c.query.text == "jo_whitfield"]
    assert len(handle) == 1 and handle[0].provider is None and handle[0].kind is None
    assert not handle[0].next_run and "searches accounts" in handle[0].reason
    assert sum(c.next_run for c in calls) == 13


def test_the_cap_keeps_the_top_of_the_plan_and_fills_the_rest_by_rotation():
    plan = build_plan(Profile(**EXAMPLE))
    calls = schedule_calls(plan, [ddg()], max_queries=6, last_run={}, calls_this_month={}, quotas={})
    sent = [c.query.text for c in calls if c.next_run]
    assert pinned_count(6) == 3
    assert sent == [q.text for q in plan[:6]]  # nothing has run yet: plan order
    waiting = [c for c in calls if not c.next_run and c.provider]
    assert "max_queries" in waiting[0].reason and waiting[0].reason.startswith(waiting[0].query.reason)


def _record(store: Store, profile: str, calls, at: datetime) -> None:
    rows = [
        {"provider": c.provider, "kind": c.kind, "query": c.query.text, "at": at.isoformat(timespec="seconds"),
         "status": "ok", "result_count": 0}
        for c in calls if c.next_run
    ]
    store.record_run(profile, started_at=rows[0]["at"], results=[], calls=rows, failures=[],
                     queries=len({r["query"] for r in rows}))


def test_rotation_over_real_runs_reaches_every_query_in_turn(tmp_path: Path):
    store = Store(tmp_path / "repwatch.db")
    profile = Profile(**EXAMPLE)
    plan = build_plan(profile)
    providers = [ddg(), searx()]
    sendable = [q.text for q in plan if not q.handle]  # 13: nothing here searches accounts
    top = sendable[:3]
    rotating = sendable[3:]
    runs_needed = math.ceil(len(rotating) / (6 - 3))
    seen: list[list[str]] = []
    start = datetime(2026, 3, 2, 7, tzinfo=UTC)
    for run in range(runs_needed + 1):
        calls = schedule_calls(plan, providers, max_queries=6, last_run=store.query_log(profile.name),
                               calls_this_month={}, quotas={})
        sent = list(dict.fromkeys(c.query.text for c in calls if c.next_run))
        assert len(sent) == 6 and sent[:3] == top
        seen.append(sent[3:])
        _record(store, profile.name, calls, start + timedelta(days=run))
    assert seen[0] == rotating[0:3]
    assert seen[1] == rotating[3:6]
    assert seen[2] == rotating[6:9]
    # the last one, then the first rotated ones, which have now waited longest (calls come in plan order)
    assert seen[3] == rotating[0:2] + rotating[9:10]
    assert {q for batch in seen[:runs_needed] for q in batch} == set(rotating)


def test_monthly_quota_stops_one_provider_while_the_others_go_on(tmp_path: Path):
    store = Store(tmp_path / "repwatch.db")
    this_month = datetime.now(UTC).replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    old = [{"provider": "duckduckgo", "kind": "web", "query": f"q{i}", "status": "ok",
            "at": (this_month - timedelta(days=5)).isoformat(timespec="seconds")} for i in range(50)]
    now_calls = [{"provider": "duckduckgo", "kind": "web", "query": f"q{i}", "status": "ok",
                  "at": this_month.isoformat(timespec="seconds")} for i in range(8)]
    store.record_run("Joanna Whitfield", started_at=old[0]["at"], results=[], calls=old, failures=[], queries=50)
    store.record_run("Joanna Whitfield", started_at=now_calls[0]["at"], results=[], calls=now_calls,
                     failures=[], queries=8)
    since = month_start("UTC")
    used = {name: store.calls_since(name, since) for name in ("duckduckgo", "searxng")}
    assert used == {"duckduckgo": 8, "searxng": 0}
    calls = schedule_calls(build_plan(Profile(**EXAMPLE)), [ddg(), searx()], max_queries=40, last_run={},
                           calls_this_month=used, quotas={"duckduckgo": 10, "searxng": None})
    sent_ddg = [c.query.text for c in calls if c.next_run and c.provider == "duckduckgo"]
    assert sent_ddg == ['"Joanna Whitfield" Liverpool', f'"Joanna Whitfield" {SCHOOL}']  # 8 + 2 = 10
    assert sum(c.next_run for c in calls if c.provider == "searxng") == 13 * 3
    stopped = [c for c in calls if c.provider == "duckduckgo" and not c.next_run]
    assert len(stopped) == 11
    assert all("duckduckgo has no calls left this month within its monthly_quota of 10" in c.reason
               for c in stopped)


def test_a_query_no_provider_has_quota_for_gives_its_slot_to_the_next():
    plan = build_plan(Profile(name="Ann Lee", locations=["Hull"]))  # "Ann Lee" Hull, "Ann Lee", "A Lee" Hull...
    calls = schedule_calls(plan, [ddg(), Social(ProviderSettings(), None)], max_queries=2, last_run={},
                           calls_this_month={}, quotas={"duckduckgo": 0, "social": 1})
    sent = [(c.query.text, c.provider, c.kind) for c in calls if c.next_run]
    # "Ann Lee" Hull fits only social posts (its one call); "Ann Lee" then has nothing left, so
    # the slot passes on, and so on: never more than the quota
    assert sent == [('"Ann Lee" Hull', "social", "posts")]


def test_month_start_is_the_users_calendar_month_in_utc():
    assert month_start("Europe/London", datetime(2026, 7, 15, tzinfo=UTC)) == "2026-06-30T23:00:00+00:00"
    assert month_start("UTC", datetime(2026, 1, 31, 23, 59, tzinfo=UTC)) == "2026-01-01T00:00:00+00:00"


def test_plan_rows_are_the_contract_items_and_read_the_store(tmp_path: Path):
    config = parse({"profile": [{**EXAMPLE, "max_queries": 4}], "providers": {"duckduckgo": {}}},
                   tmp_path / "config.toml")
    store = Store(tmp_path / "repwatch.db")
    profile = config.profile[0]
    rows = plan_rows(config, profile, store)
    assert all(set(r) == {"query", "provider", "kind", "reason", "next_run"} for r in rows)
    assert rows[0] == {"query": '"Joanna Whitfield" Liverpool', "provider": "duckduckgo", "kind": "web",
                       "reason": "your name with your location (Liverpool)", "next_run": True}
    first = [r["query"] for r in rows if r["next_run"]]
    assert first == [q.text for q in build_plan(profile)[:4]]
    at = datetime.now(UTC).isoformat(timespec="seconds")
    store.record_run(profile.name, started_at=at, results=[], failures=[], queries=4,
                     calls=[{"provider": "duckduckgo", "kind": "web", "query": q, "at": at, "status": "ok"}
                            for q in first])
    second = [r["query"] for r in plan_rows(config, profile, store) if r["next_run"]]
    assert second[:2] == first[:2] and set(second[2:]).isdisjoint(first)

    console = Console(record=True, width=200)
    console.print(render_plan_table(rows))
    text = console.export_text()
    assert '"Joanna Whitfield" Liverpool' in text and "duckduckgo (web)" in text
    assert "not this time" in text and "no enabled provider searches accounts" in text


# --- properties ----------------------------------------------------------------------------
GIVEN = st.sampled_from(["Joanna", "Siân", "Rhys", "Zoë", "William", "Elizabeth", "Anne-Marie", "Aoife", "Tom"])
SURNAME = st.sampled_from(["Whitfield", "O'Neill-Whitfield", "ap Gruffydd", "MacDonald", "van der Berg",
                           "Brontë", "Smith", "Hill", "Ní Bhriain", "Al-Hassan", "Żółć"])
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8).map(str.capitalize)
PLACES = st.lists(st.sampled_from(["Liverpool", "Cardiff", "Leeds Grammar", "Hull"]), max_size=2, unique=True)


@st.composite
def profiles(draw) -> Profile:
    name = f"{draw(GIVEN | WORD)} {draw(SURNAME | WORD)}"
    return Profile(
        name=name,
        variants=draw(st.lists(st.builds(lambda a, b: f"{a} {b}", GIVEN, WORD), max_size=1)),
        nicknames=draw(st.lists(WORD, max_size=2)),
        auto_nicknames=draw(st.booleans()),
        honorifics=draw(st.lists(st.sampled_from(["Ms", "Mrs", "Mr", "Dr"]), max_size=2, unique=True)),
        locations=draw(PLACES),
        organisations=draw(st.lists(st.sampled_from(["St Mary's", "Park School"]), max_size=1)),
        max_queries=draw(st.integers(1, 12)),
    )


def _key(text: str) -> str:
    return handle_form(text).replace("mac", "mc")


def _name_keys(profile: Profile) -> list[str]:
    given, surname = profile.name.split(" ", 1)
    parts = [p for p in re.split(r"[ -]", surname) if len(p) > 2] or [surname]
    return [_key(p) for p in parts] + [_key(v) for v in profile.variants]


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_every_query_holds_a_form_of_the_name_and_none_repeats(profile: Profile):
    plan = build_plan(profile)
    keys = _name_keys(profile)
    for query in plan:
        # "William Aca" squashes to "williamaca", whose "mac" the key turns to "mc": look in both forms
        assert any(k in _key(query.phrase) or k in handle_form(query.phrase) for k in keys), (query.text, keys)
    texts = [q.text.casefold() for q in plan]
    assert len(texts) == len(set(texts))
    assert plan[0].phrase == profile.name.replace("\u2019", "'")


@settings(max_examples=60, deadline=None)
@given(profiles(), st.dictionaries(st.integers(0, 30), st.integers(1, 28), max_size=10))
def test_the_plan_and_schedule_are_deterministic_and_within_budget(profile: Profile, history: dict[int, int]):
    plan = build_plan(profile)
    assert [q.text for q in build_plan(profile)] == [q.text for q in plan]
    providers = [ddg(), Social(ProviderSettings(), None)]
    last_run = {(plan[i].text, "duckduckgo", "web"): f"2026-02-{day:02d}T07:00:00+00:00"
                for i, day in history.items() if i < len(plan)}
    args = dict(max_queries=profile.max_queries, last_run=last_run, calls_this_month={"social": 3},
                quotas={"social": 5})
    first = schedule_calls(plan, providers, **args)
    assert first == schedule_calls(plan, providers, **args)
    sent = [c for c in first if c.next_run]
    assert len({c.query.text for c in sent}) <= profile.max_queries
    assert sum(c.provider == "social" for c in sent) <= 2
    top = [q.text for q in plan if not q.handle][: pinned_count(profile.max_queries)]
    assert all(any(c.query.text == t and c.provider == "duckduckgo" for c in sent) for t in top)
