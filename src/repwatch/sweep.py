"""One sweep: every (query, provider, kind) call, concurrently, politely, and surviving faults.

At most ``rate_per_second`` calls a second go to each provider and at most ``max_in_flight`` are
under way at once. Rate limits and transient faults are retried with bounded, jittered backoff;
every other failure is recorded and the sweep goes on with the rest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from repwatch import __version__
from repwatch.canonical import canonical_url, platform_of, registered_domain
from repwatch.config import ProviderSettings
from repwatch.errors import NetworkUnreachable, ProviderError, RateLimited, TransientError
from repwatch.models import CallFailure, Query, Result
from repwatch.store import now

USER_AGENT = f"Mozilla/5.0 (compatible; repwatch/{__version__}; self-search monitor)"
ATTEMPTS = 3
MAX_WAIT_S = 30.0


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


def enrich(result: Result) -> Result:
    """Fill in the canonical URL, registered domain and platform every later step keys on."""
    result.canonical_url = canonical_url(result.url)
    result.domain = registered_domain(result.url)
    if not result.platform:
        result.platform = platform_of(result.url, result.kind)
    return result


def open_providers(settings: dict[str, ProviderSettings], client: Any) -> tuple[dict[str, Any], list[str]]:
    """Instantiate the providers that can run; say in a sentence why any other cannot."""
    from repwatch.providers import registry

    table = registry()
    ready: dict[str, Any] = {}
    notes: list[str] = []
    for name, s in settings.items():
        cls = table.get(name)
        if cls is None:
            notes.append(f"{name} is not available in this version of repwatch.")
            continue
        provider = cls(s, client)
        problem = provider.setup_problem()
        if problem:
            notes.append(problem)
            continue
        notes.extend(provider.skipped_kinds().values())
        ready[name] = provider
    return ready, notes


def plan_calls(queries: list[Query], providers: dict[str, Any], kinds: list[str] | None = None) -> list[Call]:
    calls = []
    for query in queries:
        for provider in providers.values():
            for kind in provider.enabled_kinds():
                if kinds and kind not in kinds:
                    continue
                if kind in provider.skipped_kinds():
                    continue
                if provider.accepts(query, kind):
                    calls.append(Call(provider, kind, query))
    return calls


async def _call_with_retries(call: Call, limiter: Any) -> list[Result]:
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

    def retryable(exc: BaseException) -> bool:
        return isinstance(exc, RateLimited | TransientError) and not isinstance(exc, NetworkUnreachable)

    def wait(state: Any) -> float:
        exc = state.outcome.exception()
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, MAX_WAIT_S)
        import random

        return min(MAX_WAIT_S, 0.5 * 2 ** (state.attempt_number - 1)) * (0.5 + random.random())

    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(ATTEMPTS), wait=wait, retry=retry_if_exception(retryable), reraise=True
    ):
        with attempt:
            async with limiter:
                return await call.provider.search(call.query, call.kind)
    return []  # pragma: no cover - AsyncRetrying either returns or raises


async def sweep(
    calls: list[Call], *, max_in_flight: int = 32, on_done: Callable[[], None] | None = None
) -> SweepOutcome:
    from aiolimiter import AsyncLimiter

    limiters: dict[str, AsyncLimiter] = {}
    for call in calls:
        name = call.provider.name
        if name not in limiters:
            rate = call.provider.rate
            # a bucket of one: calls are spread evenly, never bursted at the start
            limiters[name] = AsyncLimiter(1, 1 / rate)
    gate = asyncio.Semaphore(max_in_flight)
    outcome = SweepOutcome()

    async def one(call: Call) -> None:
        async with gate:
            started = time.perf_counter()
            at = now()
            row: dict[str, Any] = {
                "provider": call.provider.name,
                "kind": call.kind,
                "query": call.query.text,
                "at": at,
            }
            try:
                results = await _call_with_retries(call, limiters[call.provider.name])
            except ProviderError as exc:
                row.update(status="error", error_code=exc.code, error=exc.message, result_count=0)
                outcome.failures.append(
                    CallFailure(call.provider.name, call.query.text, exc.message, exc.code, call.kind)
                )
            except Exception as exc:  # a provider bug must not stop the sweep
                message = f"{call.provider.name} failed unexpectedly ({exc.__class__.__name__})."
                row.update(status="error", error_code="bug", error=message, result_count=0)
                outcome.failures.append(CallFailure(call.provider.name, call.query.text, message, "bug", call.kind))
            else:
                row.update(status="ok", result_count=len(results))
                outcome.results.extend(enrich(r) for r in results)
            row["latency_ms"] = int((time.perf_counter() - started) * 1000)
            outcome.calls.append(row)
            if on_done:
                on_done()

    await asyncio.gather(*(one(c) for c in calls))
    return outcome


def client(timeout: float = 30.0) -> Any:
    import httpx

    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT, "Accept-Language": "en-GB,en;q=0.8"},
        follow_redirects=True,
        max_redirects=5,
        timeout=timeout,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )


def run_sweep(
    queries: list[Query],
    settings: dict[str, ProviderSettings],
    *,
    kinds: list[str] | None = None,
    max_in_flight: int = 32,
    progress: bool = False,
) -> SweepOutcome:
    """Open the providers, send every call, close the connections: the synchronous entry point."""

    async def main() -> SweepOutcome:
        async with client() as http:
            providers, notes = open_providers(settings, http)
            calls = plan_calls(queries, providers, kinds)
            if progress and calls:
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task("Searching", total=len(calls))
                    outcome = await sweep(calls, max_in_flight=max_in_flight, on_done=lambda: bar.advance(task))
            else:
                outcome = await sweep(calls, max_in_flight=max_in_flight)
            outcome.notes = notes + outcome.notes
            return outcome

    return asyncio.run(main())
