"""One sweep: every (query, provider, kind) call, concurrently, politely, and surviving faults.

At most ``rate_per_second`` calls a second go to each provider and at most ``max_in_flight`` are
under way at once. Rate limits and transient faults are retried with bounded, jittered backoff;
every other failure is recorded and the sweep goes on with the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from repwatch.adapters import http as transport
from repwatch.adapters.providers import registry
from repwatch.adapters.providers.settings import ProviderSettings
from repwatch.errors import (
    AuthError,
    BlockedError,
    NetworkUnreachable,
    ProviderError,
    QuotaExceeded,
    RateLimited,
    TransientError,
)
from repwatch.models import CallFailure, Query, Result, now
from repwatch.pipeline.urls import canonical_url, classify, registered_domain

ATTEMPTS = 4  # tries per HTTP request, the first included
MAX_WAIT_S = 30.0  # the longest a retry waits; a longer Retry-After is reported, not waited for
DEAD_CHECK_S = 0.25  # a call waiting for its turn looks this often whether its provider has failed
BACKOFF_BASE_S = 1.0  # the first backoff for a transient fault: then 2 s, 4 s … each ±50 % jitter
MAX_RATE_LIMITED = 6  # 429s in a row from one provider and kind end that kind for the run


@dataclass
class Call:
    provider: Any  # a Provider
    kind: str
    query: Query


@dataclass
class SweepOutcome:
    results: list[Result] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)  # rows for the store's calls table
    failures: list[CallFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # providers or kinds skipped, and why

    @property
    def all_failed(self) -> bool:
        return bool(self.calls) and len(self.failures) == len(self.calls)
    requests: int = 0  # HTTP requests sent, pages and retries included (a call can send several)
    judged: list[Any] = field(default_factory=list)  # an ad hoc search's results with their triage
    found: int = 0  # distinct pages an ad hoc search found, before --limit


def enrich(result: Result) -> Result:
    """Fill in the canonical URL, registered domain and platform every later step keys on."""

    result.canonical_url = canonical_url(result.url)
    result.domain = registered_domain(result.url)
    if not result.platform or result.kind == "web":
        platform, kind = classify(result.url, result.kind)
        result.platform = result.platform or platform
        if result.kind == "web":
            result.kind = kind  # a facebook.com/some.name page is an account, a /posts/ page a post
    return result


IDLE_PROBE_S = 0.005  # how long the process must use (almost) no CPU to count as waiting


def _warm_up(more: Callable[[], object] | None = None) -> None:
    try:
        canonical_url("https://example.org/")
        registered_domain("https://example.org/")
        if more is not None:
            more()
    except Exception:  # pragma: no cover - warming is an optimisation only
        pass


async def _warm_up_when_idle(more: Callable[[], object] | None = None) -> None:
    """Load enrich()'s URL tables (w3lib and the public suffix list) off the critical path, and
    whatever the caller needs after the sweep (``more``: an ad hoc search's triage tables).

    Loading them is ~0.1 s of pure-Python work that holds the GIL, so a thread started at once
    would slow the loop that is sending the first requests. Instead wait until the whole process
    is idle (every request sent, the answers awaited) and load them in a thread then.
    """
    while True:
        cpu = time.process_time()
        await asyncio.sleep(IDLE_PROBE_S)
        if time.process_time() - cpu < IDLE_PROBE_S / 5:
            break
    await asyncio.get_running_loop().run_in_executor(None, _warm_up, more)


def open_providers(
    settings: dict[str, ProviderSettings], connect: Callable[[], Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Instantiate the providers that can run; say in a sentence why any other cannot.

    ``connect`` makes each provider's HTTP client (a pool of its own); without it, as when only
    planning, providers get none.
    """

    table = registry(settings)
    ready: dict[str, Any] = {}
    notes: list[str] = []
    for name, s in settings.items():
        cls = table.get(name)
        if cls is None:
            notes.append(f"{name} is not available in this version of repwatch.")
            continue
        provider = cls(s, None)
        problem = provider.setup_problem()
        if problem:
            notes.append(problem)
            continue
        if connect is not None:
            provider.client = connect()
        notes.extend(provider.skipped_kinds().values())
        ready[name] = provider
    return ready, notes


def plan_calls(
    queries: list[Query],
    providers: dict[str, Any],
    kinds: list[str] | None = None,
    only: set[tuple[str, str, str]] | None = None,
) -> list[Call]:
    """Every call the queries make; ``only`` keeps just the (provider, kind, query text) the budget chose."""
    calls = []
    for query in queries:
        for provider in providers.values():
            for kind in provider.enabled_kinds():
                if kinds and kind not in kinds:
                    continue
                if kind in provider.skipped_kinds():
                    continue
                if only is not None and (provider.name, kind, query.text) not in only:
                    continue
                if provider.accepts(query, kind):
                    calls.append(Call(provider, kind, query))
    return calls


class Pacer:
    """Each provider's next free moment, shared by every sweep in this process.

    Profiles run side by side (``run_locked``), each sweep in its own thread and event loop; each
    lane spaces its own calls, and this spaces them across sweeps, so two profiles together still
    send a provider at most its ``rate_per_second``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def reserve(self, provider: str, interval: float) -> float:
        """Take the provider's next turn; returns how long to wait for it (0: go now)."""
        with self._lock:
            now_s = time.monotonic()
            at = max(now_s, self._next.get(provider, 0.0))
            self._next[provider] = at + interval
            return at - now_s

    def clear(self) -> None:
        """Forget every provider's next turn (a new process starts so; the tests start each so)."""
        with self._lock:
            self._next.clear()


PACER = Pacer()


class Lane:
    """One provider's way out: its rate, its share of the global cap, its retries and its pauses.

    Every HTTP request a provider sends passes through ``run``: it takes a slot of the global cap,
    waits for the provider's next turn (calls spaced ``1 / rate_per_second`` apart, never bursted),
    sends, and on a rate limit or a transient fault waits (Retry-After, else jittered exponential
    backoff) and tries again. Only one request per provider queues for the cap at a time, so a slow
    or heavily rate-limited provider never holds slots the others could use.
    """

    def __init__(self, rate: float, gate: asyncio.Semaphore, provider: str = "") -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.provider = provider  # the shared pacer's key (name and address): sweeps of this process share it
        self.gate = gate
        self.dead: dict[str, ProviderError] = {}  # kind → the auth/quota/blocked answer that ends it
        self.turn = asyncio.Lock()
        self.next_at = 0.0
        self.not_before = 0.0  # set by a 429: the whole provider pauses, not just one call
        self.sent = 0
        self.limited: dict[str, int] = {}  # kind → 429 answers in a row

    async def _enter(self, state: _CallState | None) -> None:
        loop = asyncio.get_running_loop()
        async with self.turn:
            self._check_dead(state)
            await self.gate.acquire()
            try:
                # wait for this provider's next turn, but give up as soon as another call finds it dead
                while (wait := max(self.next_at, self.not_before) - loop.time()) > 0:
                    await asyncio.sleep(min(wait, DEAD_CHECK_S))
                    self._check_dead(state)
                if self.interval and self.provider:
                    shared = PACER.reserve(self.provider, self.interval)
                    while shared > 0:
                        await asyncio.sleep(min(shared, DEAD_CHECK_S))
                        shared -= DEAD_CHECK_S
                        self._check_dead(state)
                self.next_at = loop.time() + self.interval
            except BaseException:
                self.gate.release()
                raise

    async def run(self, provider: Any, send: Callable[[], Awaitable[Any]]) -> Any:
        loop = asyncio.get_running_loop()
        attempt = 1
        state = _CALL.get()
        while True:
            self._check_dead(state)
            await self._enter(state)
            try:
                self._check_dead(state)
                self.sent += 1
                if state is not None:
                    state.sent += 1
                answer = await send()
                if state is not None:
                    self.limited[state.kind] = 0
                return answer
            except (RateLimited, TransientError) as exc:
                if isinstance(exc, RateLimited) and state is not None:
                    self._count_limit(provider, state.kind, exc)
                wait = _retry_wait(exc, attempt)
                if wait is None or attempt >= ATTEMPTS:
                    raise
                if isinstance(exc, RateLimited):
                    self.not_before = max(self.not_before, loop.time() + wait)
            finally:
                self.gate.release()
            await asyncio.sleep(wait)
            attempt += 1

    def _count_limit(self, provider: Any, kind: str, exc: RateLimited) -> None:
        """A 429 storm would serialise the whole run behind Retry-After waits: after MAX_RATE_LIMITED
        in a row, this provider's searches of this kind stop for the run (they come back next run)."""
        count = self.limited.get(kind, 0) + 1
        self.limited[kind] = count
        if count < MAX_RATE_LIMITED:
            return
        ended = RateLimited(
            f"{provider.name} kept asking repwatch to slow down ({count} times in a row), so its other "
            f"{kind} searches wait for the next run.",
            provider=provider.name, url=exc.url, retry_after=exc.retry_after,
        )
        self.dead.setdefault(kind, ended)
        raise self.dead[kind] from exc

    def _check_dead(self, state: _CallState | None) -> None:
        if state is not None and state.kind in self.dead:
            state.skipped = True
            raise self.dead[state.kind]


@dataclass
class _CallState:
    kind: str
    sent: int = 0
    skipped: bool = False


_CALL: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar("repwatch_call", default=None)


def _retry_wait(exc: ProviderError, attempt: int) -> float | None:
    """Seconds before the next try, or None when this failure is not worth one."""
    if isinstance(exc, NetworkUnreachable):
        return None  # nothing listens there: seconds will not fix it
    if isinstance(exc, RateLimited) and exc.retry_after is not None:
        if exc.retry_after > MAX_WAIT_S:
            return None  # the provider wants hours (a daily limit): report it, don't stall the run
        return float(exc.retry_after) + random.uniform(0, BACKOFF_BASE_S / 2)
    return min(MAX_WAIT_S, BACKOFF_BASE_S * 2.0 ** (attempt - 1)) * random.uniform(0.5, 1.5)


FATAL = (AuthError, QuotaExceeded, BlockedError, NetworkUnreachable)  # later calls of that provider and kind would fail alike


async def sweep(
    calls: list[Call], *, max_in_flight: int = 32, on_done: Callable[[Call], None] | None = None,
    time_limit_s: float | None = None, warm: Callable[[], object] | None = None,
) -> SweepOutcome:
    """Send every call; ``time_limit_s`` bounds the whole sweep (waits and retries included): calls
    still going or waiting then are recorded as not finished, and their queries run next time."""
    gate = asyncio.Semaphore(max(1, max_in_flight))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + time_limit_s if time_limit_s else None
    lanes: dict[str, Lane] = {}
    for call in calls:
        name = call.provider.name
        if name not in lanes:
            where = getattr(getattr(call.provider, "settings", None), "base_url", None) or ""
            lanes[name] = Lane(call.provider.rate, gate, f"{name} {where}")  # one service: one shared rate
            call.provider.runner = lanes[name].run
    outcome = SweepOutcome()

    async def one(call: Call) -> None:
        name = call.provider.name
        lane = lanes[name]
        state = _CallState(call.kind)
        _CALL.set(state)  # each call runs in its own task, so its own context
        started = time.perf_counter()
        row: dict[str, Any] = {"provider": name, "kind": call.kind, "query": call.query.text, "at": now()}
        try:
            if call.kind in lane.dead:
                state.skipped = True
                raise lane.dead[call.kind]
            async with asyncio.timeout_at(deadline):
                results = await call.provider.search(call.query, call.kind)
        except TimeoutError:  # the run's time limit, not one request's (those are TransientError)
            message = (f"{name} had not finished this search when the run's time limit "
                       f"({(time_limit_s or 0) / 60:g} min, max_run_minutes in [repwatch]) was reached; "
                       "it is tried again next run.")
            row.update(status="skipped" if state.sent == 0 else "error", error_code="time_limit", error=message,
                       result_count=0)
            outcome.failures.append(CallFailure(name, call.query.text, message, "time_limit", call.kind))
        except ProviderError as exc:
            if isinstance(exc, FATAL):
                lane.dead.setdefault(call.kind, exc)
            # "skipped": never sent, because the same provider and kind already answered this way
            status = "skipped" if state.skipped and state.sent == 0 else "error"
            row.update(status=status, error_code=exc.code, error=exc.message, result_count=0)
            outcome.failures.append(CallFailure(name, call.query.text, exc.message, exc.code, call.kind))
        except Exception as exc:  # a provider bug must not stop the sweep
            message = f"{name} failed unexpectedly ({exc.__class__.__name__})."
            row.update(status="error", error_code="bug", error=message, result_count=0)
            outcome.failures.append(CallFailure(name, call.query.text, message, "bug", call.kind))
        else:
            row.update(status="ok", result_count=len(results))
            outcome.results.extend(enrich(r) for r in results)
        row["latency_ms"] = int((time.perf_counter() - started) * 1000)
        row["requests"] = state.sent
        outcome.calls.append(row)
        if on_done:
            on_done(call)

    warming = asyncio.ensure_future(_warm_up_when_idle(warm))
    await asyncio.gather(*(one(c) for c in calls))
    # Stop waiting for an idle moment (a sweep that never paused loaded the tables in enrich());
    # a load already under way in its thread is waited for by asyncio.run, with the executor.
    warming.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await warming
    outcome.requests = sum(lane.sent for lane in lanes.values())
    return outcome


class SweepProgress:
    """A progress bar whose time left comes from the providers' rate limits, not from the pace so
    far: the slowest provider (calls still to send ÷ its calls per second) sets it, so a run held back
    by DuckDuckGo's 0.5 calls/s does not sit at 94 % saying "0:00:05" for a minute."""

    def __init__(self, calls: list[Call]) -> None:
        from rich.progress import (  # lazy: only an interactive terminal draws the bar
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.left: dict[str, int] = {}
        self.rate: dict[str, float] = {}
        for call in calls:
            self.left[call.provider.name] = self.left.get(call.provider.name, 0) + 1
            self.rate[call.provider.name] = max(float(call.provider.rate or 1.0), 0.01)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("searches"), TimeElapsedColumn(), TextColumn("{task.fields[left]}"),
                            transient=True)
        self.task = self.bar.add_task("Searching", total=len(calls), left=self._left())

    def _left(self) -> str:
        seconds = max((n / self.rate[p] for p, n in self.left.items() if n), default=0.0)
        if seconds < 1:
            return ""
        if seconds < 90:
            return f"about {math.ceil(seconds)} s left (rate limits)"
        return f"about {round(seconds / 60)} min left (rate limits)"

    def done(self, call: Call) -> None:
        name = call.provider.name
        self.left[name] = max(0, self.left.get(name, 1) - 1)
        self.bar.update(self.task, advance=1, left=self._left())

    def __enter__(self) -> SweepProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)


def run_sweep(
    queries: list[Query],
    settings: dict[str, ProviderSettings],
    *,
    kinds: list[str] | None = None,
    only: set[tuple[str, str, str]] | None = None,
    max_in_flight: int = 32,
    progress: bool = False,
    time_limit_s: float | None = None,
    warm: Callable[[], object] | None = None,
) -> SweepOutcome:
    """Open the providers, send every call, close the connections: the synchronous entry point.

    ``warm`` loads, while the sweep waits for answers, what the caller needs once it is over."""

    transport.preload()

    async def main() -> SweepOutcome:
        async with contextlib.AsyncExitStack() as stack:

            def connect() -> Any:
                return stack.push_async_exit(transport.open_client())

            providers, notes = open_providers(settings, connect)
            calls = plan_calls(queries, providers, kinds, only)
            if progress and calls:
                with SweepProgress(calls) as bar:
                    outcome = await sweep(calls, max_in_flight=max_in_flight, on_done=bar.done,
                                          time_limit_s=time_limit_s, warm=warm)
            else:
                outcome = await sweep(calls, max_in_flight=max_in_flight, time_limit_s=time_limit_s, warm=warm)
            outcome.notes = notes + outcome.notes
            return outcome

    return asyncio.run(main())
