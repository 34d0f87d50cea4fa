"""The one interface every search provider implements, and the HTTP error mapping they share.

A provider is a small class: it says which kinds it serves, turns a Query into one or more HTTP
calls against its documented API (honouring ``base_url``), and parses the answer into Results.
Library and HTTP errors are translated here into the ProviderError tree, never left raw.
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from repwatch.config import ProviderSettings
from repwatch.errors import (
    AuthError,
    BlockedError,
    MalformedResponse,
    NetworkUnreachable,
    ProviderError,
    QuotaExceeded,
    RateLimited,
    TransientError,
)
from repwatch.models import Query, Result

# config kind (plural, as users write it) → result kind (as the JSON says)
RESULT_KIND = {"web": "web", "news": "news", "images": "image", "posts": "post", "accounts": "account"}
MAX_BODY = 5_000_000
REGISTRY: dict[str, type[Provider]] = {}


class Provider:
    """Subclass, set the class attributes, implement ``search``; the class registers itself."""

    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]] = ("web",)
    origin: ClassVar[str] = ""  # the official endpoint's scheme and host; base_url replaces it
    keyless: ClassVar[bool] = False  # usable with no key and no base_url: a default provider
    default_rate: ClassVar[float] = 1.0  # calls per second when rate_per_second is not set

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            REGISTRY[cls.name] = cls

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client

    # --- what a sweep asks before calling --------------------------------------------------
    def enabled_kinds(self) -> list[str]:
        wanted = self.settings.kinds or list(self.kinds)
        return [k for k in wanted if k in self.kinds]

    def accepts(self, query: Query, kind: str) -> bool:
        """Handle forms only go to account search; account search takes only names and handles."""
        if query.handle:
            return kind == "accounts"
        if kind == "accounts":
            return query.context is None
        return True

    def setup_problem(self) -> str | None:
        """A sentence saying what is missing before this provider can be used, or None."""
        return None

    def skipped_kinds(self) -> dict[str, str]:
        """Kinds the user asked for that cannot run yet, each with a sentence saying how to enable it."""
        return {}

    @property
    def rate(self) -> float:
        return self.settings.rate_per_second or self.default_rate

    @property
    def max_results(self) -> int:
        return self.settings.max_results

    def url(self, path: str) -> str:
        base = self.settings.base_url or self.origin
        return base.rstrip("/") + path

    def render_query(self, query: Query) -> str:
        """The query in this provider's syntax: an exact phrase, context words, -exclusions."""
        text = query.text
        for word in query.excludes:
            text += f' -"{word}"' if " " in word else f" -{word}"
        return text

    async def search(self, query: Query, kind: str) -> list[Result]:
        raise NotImplementedError

    def result(self, query: Query, kind: str, rank: int, **fields: Any) -> Result:
        return Result(provider=self.name, kind=RESULT_KIND[kind], query=query.text, rank=rank, **fields)

    # --- HTTP, with every failure translated -----------------------------------------------
    async def fetch(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        where = safe_url(url)
        try:
            response = await self.client.request(
                method,
                url,
                params=params,
                json=json_body,
                data=data,
                headers=headers,
                timeout=self.settings.timeout_s,
            )
        except httpx.TimeoutException as exc:
            raise TransientError(
                f"{self.name} did not answer within {self.settings.timeout_s:g} s ({where}).",
                provider=self.name,
                url=where,
            ) from exc
        except httpx.ConnectError as exc:
            raise NetworkUnreachable(
                f"{self.name} could not be reached at {urlsplit(url).netloc} (no connection).",
                provider=self.name,
                url=where,
            ) from exc
        except httpx.TransportError as exc:
            raise TransientError(
                f"{self.name}: the connection to {where} failed ({exc.__class__.__name__}).",
                provider=self.name,
                url=where,
            ) from exc
        if len(response.content) > MAX_BODY:
            raise MalformedResponse(
                f"{self.name} sent an answer larger than {MAX_BODY // 1_000_000} MB from {where}.",
                provider=self.name,
                url=where,
            )
        self.check(response)
        return response

    def check(self, response: httpx.Response) -> None:
        """Raise the right ProviderError for a failed answer; providers extend it for their own."""
        status = response.status_code
        where = safe_url(str(response.request.url))
        if status in (401, 403):
            raise AuthError(
                f"{self.name} rejected the key or login (HTTP {status} from {where}).",
                provider=self.name,
                url=where,
            )
        if status == 429:
            raise RateLimited(
                f"{self.name} asked repwatch to slow down (HTTP 429 from {where}).",
                provider=self.name,
                url=where,
                retry_after=retry_after(response),
            )
        if status >= 500:
            raise TransientError(
                f"{self.name} had a server error (HTTP {status} from {where}).", provider=self.name, url=where
            )
        if status >= 400:
            raise ProviderError(
                f"{self.name} refused the request (HTTP {status} from {where}).", provider=self.name, url=where
            )

    def json(self, response: httpx.Response) -> Any:
        """The body as JSON, or BlockedError if a web page came back, MalformedResponse if garbage."""
        where = safe_url(str(response.request.url))
        ctype = response.headers.get("content-type", "")
        head = response.content[:200].lstrip().lower()
        if "html" in ctype or head.startswith((b"<!doctype", b"<html")):
            raise BlockedError(
                f"{self.name} sent a web page where its API answer was expected ({where}); "
                "it may be blocking automated searches.",
                provider=self.name,
                url=where,
            )
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise MalformedResponse(
                f"{self.name} sent an answer that is not valid JSON ({where}).", provider=self.name, url=where
            ) from exc

    def malformed(self, what: str, response: httpx.Response | None = None) -> MalformedResponse:
        where = safe_url(str(response.request.url)) if response is not None else None
        suffix = f" ({where})" if where else ""
        return MalformedResponse(f"{self.name} sent an answer repwatch could not read: {what}{suffix}.",
                                 provider=self.name, url=where)

    def quota(self, detail: str, response: httpx.Response) -> QuotaExceeded:
        where = safe_url(str(response.request.url))
        return QuotaExceeded(f"{self.name}'s quota is used up ({detail}).", provider=self.name, url=where)


def safe_url(url: str) -> str:
    """A URL fit for messages and logs: no query string (keys travel there) and no user info."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait, from Retry-After (seconds or HTTP date) or X-RateLimit-Reset."""
    value = response.headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value) if value else None
            if when is not None:
                return max(0.0, when.timestamp() - time.time())
    reset = response.headers.get("x-ratelimit-reset")
    if reset:
        try:
            # Brave sends "1, 1000" (per-second window, monthly window); the first is what matters
            return max(0.0, float(reset.split(",")[0].strip()))
        except ValueError:
            return None
    return None


def clean_text(value: Any, limit: int = 2000) -> str:
    """Text from the web: a string, with tags' whitespace folded, and capped in size."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text[:limit]
