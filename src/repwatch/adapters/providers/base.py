"""The one interface every search provider implements, and the HTTP error mapping they share.

A provider is a small class: it says which kinds it serves, turns a Query into one or more HTTP
calls against its documented API (honouring ``base_url``), and parses the answer into Results.
Library and HTTP errors are translated here into the ProviderError tree, never left raw.
"""

from __future__ import annotations

import asyncio
import email.utils
import html
import json
import re
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from repwatch.adapters.http import ACCEPT_ENCODING
from repwatch.adapters.providers import REGISTRY
from repwatch.adapters.providers.settings import ProviderSettings, Setup
from repwatch.errors import (
    AuthError,
    BlockedError,
    CertificateError,
    MalformedResponse,
    NetworkUnreachable,
    NotFoundError,
    ProviderError,
    QuotaExceeded,
    RateLimited,
    TransientError,
)
from repwatch.models import Query, Result
from repwatch.platform_models import Service
from repwatch.platforms import services
from repwatch.text import clean

# config kind (plural, as users write it) → result kind (as the JSON says)
RESULT_KIND = {"web": "web", "news": "news", "images": "image", "posts": "post", "accounts": "account"}
MAX_BODY = 5_000_000  # bytes of an answer, counted on the wire and again after each decoding
MAX_REDIRECTS = 5
# zlib window bits for each Content-Encoding (deflate is zlib-wrapped, or raw from some servers)
_WBITS = {"gzip": (16 + zlib.MAX_WBITS,), "x-gzip": (16 + zlib.MAX_WBITS,), "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}


class Provider:
    """Subclass, set the class attributes, implement ``search``; the class registers itself.

    The subclass's docstring says how repwatch calls the service, for docs/providers.md's table.
    """

    name: ClassVar[str]  # its code, as [providers.NAME] and data/search_services.toml write it
    # what people are told about it: its entry in data/search_services.toml (a class the file does
    # not describe, such as one added from outside repwatch, sets its own)
    service: ClassVar[Service]

    kinds: ClassVar[tuple[str, ...]] = ("web",)
    origin: ClassVar[str] = ""  # the official endpoint's scheme and host; base_url replaces it
    keyless: ClassVar[bool] = False  # usable with no key and no base_url: from its service
    default_rate: ClassVar[float] = 1.0  # calls per second when rate_per_second is not set
    # what `repwatch init` asks beyond a search key (an address, a login); None: only its key, if any
    setup: ClassVar[Setup | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            if "service" not in cls.__dict__:
                cls.service = services()[cls.name]
            cls.keyless = cls.service.keyless
            REGISTRY[cls.name] = cls

    def __init__(self, settings: ProviderSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client
        # The sweep installs a runner around every HTTP request: the rate limit, the cap on
        # requests in flight and the retries. Without one (tests, one-off use) requests go at once.
        self.runner: Callable[[Provider, Callable[[], Awaitable[httpx.Response]]], Awaitable[httpx.Response]] | None = None

    # --- what a sweep asks before calling --------------------------------------------------
    def enabled_kinds(self) -> list[str]:
        wanted: list[str] = list(self.settings.kinds or self.kinds)
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

    async def verify_login(self) -> str | None:
        """Log in with the configured credentials without searching, for `repwatch doctor`: raises
        AuthError when they are refused; returns who is logged in, or None when there is no login
        to try (no credentials set, or a provider without logins)."""
        return None

    @property
    def rate(self) -> float:
        return self.settings.rate_per_second or self.default_rate

    @property
    def max_results(self) -> int:
        return self.settings.max_results

    def url(self, path: str, origin: str | None = None) -> str:
        """``path`` on the official origin (or ``origin``), or on ``base_url`` when one is set."""
        base = self.settings.base_url or origin or self.origin
        return base.rstrip("/") + path

    @property
    def label(self) -> str:
        """The service's own name, as every message to the user says it (``name`` is for the config)."""
        return self.service.name

    @property
    def key_hint(self) -> str:
        """Where to get its key, from data/search_services.toml ("" for a provider with no key)."""
        key = self.service.key
        return key.how if key is not None else ""

    def secret(self, name: str) -> str | None:
        """A secret setting's value (api_key, app_password, access_token), or None when unset."""
        value = getattr(self.settings, name, None)
        if value is None:
            return None
        raw = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
        return raw.strip() or None

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

    def collect(
        self,
        items: list[Any],
        results: list[Result],
        seen: set[str],
        make: Callable[[int, str, dict[str, Any]], Result],
        *,
        link: str = "link",
    ) -> int:
        """Append each new http(s) item of one page to ``results``, up to max_results; how many were new.

        Pages overlap and answers are hostile: items that are not objects, not web addresses, or
        already seen are skipped, never fatal.
        """
        def made() -> Iterator[Result | None]:
            for item in items:
                url = http_url(item.get(link)) if isinstance(item, dict) else None
                if url is not None and url not in seen:
                    yield make(len(results) + 1, url, item)

        return self.keep(made(), results, seen)

    def keep(self, made: Iterable[Result | None], results: list[Result], seen: set[str]) -> int:
        """Append each new result (None: an item that made none) to ``results``, numbered in order, up
        to max_results; how many were new. For answers whose address is built from the item, not read."""
        added = 0
        for result in made:
            if result is None or result.url in seen:
                continue
            seen.add(result.url)
            result.rank = len(results) + 1
            results.append(result)
            added += 1
            if len(results) >= self.max_results:
                break
        return added

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
        async def send() -> httpx.Response:
            return await self._send(method, url, params=params, json_body=json_body, data=data, headers=headers)

        if self.runner is not None:
            return await self.runner(self, send)
        return await send()

    async def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None,
        json_body: Any,
        data: dict[str, Any] | None,
        headers: dict[str, str] | None,
    ) -> httpx.Response:
        where = safe_url(url)
        host = _host(url)
        deadline = self.settings.timeout_s
        try:
            request = self.client.build_request(
                method, url, params=params, json=json_body, data=data, headers=headers,
                timeout=self.settings.timeout_s,
            )
            # timeout_s bounds the whole exchange, not only each read: a server that drips one byte
            # at a time would otherwise hold the run (and its lock) for as long as it likes.
            async with asyncio.timeout(deadline):
                response = await self._read_capped(request, where)
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise TransientError(
                f"{self.label} did not answer within {deadline:g} s ({where}).",
                provider=self.name,
                url=where,
            ) from exc
        except httpx.ConnectError as exc:
            if _untrusted_certificate(exc):
                raise CertificateError(
                    f"{self.label} could not be reached securely: the certificate of {host} "
                    "was not trusted (a school or office network that inspects web traffic can cause this; "
                    "ask its IT team, who can give you a certificate to set in SSL_CERT_FILE).",
                    provider=self.name,
                    url=where,
                ) from exc
            raise NetworkUnreachable(
                f"{self.label} could not be reached at {host} (no connection).",
                provider=self.name,
                url=where,
            ) from exc
        except httpx.TransportError as exc:
            raise TransientError(
                f"{self.label}: the connection to {where} failed ({exc.__class__.__name__}).",
                provider=self.name,
                url=where,
            ) from exc
        except httpx.DecodingError as exc:
            raise MalformedResponse(
                f"{self.label} sent an answer that could not be decoded ({where}).", provider=self.name, url=where
            ) from exc
        except httpx.HTTPError as exc:
            raise TransientError(
                f"{self.label}: the request to {where} failed ({exc.__class__.__name__}).",
                provider=self.name,
                url=where,
            ) from exc
        self.check(response)
        return response

    async def _read_capped(self, request: httpx.Request, where: str) -> httpx.Response:
        """Send, follow same-site redirects, and read the answer, but never more than MAX_BODY of it.

        Redirects are followed here, not by httpx: a provider's keys travel in headers (Brave's
        X-Subscription-Token, Serper's X-API-KEY) and bodies (Bluesky's login, replayed on a 307),
        and httpx would carry both to any other site a redirect names. A redirect to another
        origin ends the call instead, and that site's answer is never read as results.
        """
        origin = _origin(request.url)
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        for _hop in range(MAX_REDIRECTS + 1):
            response = await self.client.send(request, stream=True, follow_redirects=False)
            # a client made not to follow redirects (the accounts watch: a redirect is its answer) gets it
            follow = getattr(self.client, "follow_redirects", True)
            following = response.next_request if follow and response.has_redirect_location else None
            if following is None:
                break
            await response.aclose()
            if not _same_site(origin, following.url):
                raise BlockedError(
                    f"{self.label} sent repwatch on to another site ({following.url.host or 'unknown'}) instead "
                    f"of answering; nothing was sent there and no results were taken from it ({where}).",
                    provider=self.name,
                    url=where,
                )
            request = following
        else:
            await response.aclose()
            raise BlockedError(
                f"{self.label} kept redirecting instead of answering ({where}).", provider=self.name, url=where
            )
        try:
            body = await self._read_raw(response, where)
        finally:
            await response.aclose()
        body = self._decode(body, response.headers.get_list("content-encoding", split_commas=True), where)
        # the body is decoded now: keep the headers that still describe it
        kept = [(k, v) for k, v in response.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
        return httpx.Response(response.status_code, headers=kept, content=body, request=response.request)

    def _too_big(self, where: str) -> MalformedResponse:
        return MalformedResponse(
            f"{self.label} sent an answer larger than {MAX_BODY // 1_000_000} MB from {where}.",
            provider=self.name,
            url=where,
        )

    async def _read_raw(self, response: httpx.Response, where: str) -> bytes:
        """The bytes as they came over the wire, at most MAX_BODY of them."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            raise self._too_big(where)
        if response.is_stream_consumed:  # an answer built in memory (a test's MockTransport)
            if len(response.content) > MAX_BODY:
                raise self._too_big(where)
            return response.content
        chunks, size = [], 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > MAX_BODY:
                raise self._too_big(where)
            chunks.append(chunk)
        return b"".join(chunks)

    def _decode(self, body: bytes, encodings: list[str], where: str) -> bytes:
        """Undo each Content-Encoding, last applied first, never letting one grow past MAX_BODY.

        A few kilobytes of gzip inside gzip expand to gigabytes; decompressing with a cap on the
        output stops at MAX_BODY + 1 bytes, however the layers are stacked.
        """
        for encoding in reversed([e.strip().lower() for e in encodings if e.strip()]):
            if encoding == "identity":
                continue
            if encoding not in _WBITS:
                raise MalformedResponse(
                    f"{self.label} sent an answer in an encoding repwatch does not read ({encoding}) from {where}.",
                    provider=self.name, url=where,
                )
            body = self._inflate(body, encoding, where)
        return body

    def _inflate(self, body: bytes, encoding: str, where: str) -> bytes:
        for wbits in _WBITS[encoding]:
            decoder = zlib.decompressobj(wbits)
            try:
                out = decoder.decompress(body, MAX_BODY + 1)
                if len(out) <= MAX_BODY and not decoder.unconsumed_tail:
                    out += decoder.flush(MAX_BODY + 1 - len(out))
            except zlib.error:
                continue
            if len(out) > MAX_BODY or decoder.unconsumed_tail:
                raise self._too_big(where)
            return out
        raise MalformedResponse(
            f"{self.label} sent an answer that could not be decoded ({where}).", provider=self.name, url=where
        )

    def check(self, response: httpx.Response) -> None:
        """Raise the right ProviderError for a failed answer; providers extend it for their own."""
        status = response.status_code
        where = safe_url(str(response.request.url))
        if status in (401, 403):
            if not self.credentialed(response.request):
                # no key or login was sent, so none was rejected: the site is turning robots away
                raise BlockedError(
                    f"{self.label} refused repwatch's search (HTTP {status} from {where}); it may be "
                    "blocking automated searches from this network.",
                    provider=self.name,
                    url=where,
                )
            raise AuthError(
                f"{self.label} rejected the key or login (HTTP {status} from {where}).",
                provider=self.name,
                url=where,
            )
        if status == 402:
            raise self.quota(f"HTTP 402 from {where}", response)
        if status == 429:
            raise RateLimited(
                f"{self.label} asked repwatch to slow down (HTTP 429 from {where}).",
                provider=self.name,
                url=where,
                retry_after=retry_after(response),
            )
        if status >= 500:
            raise TransientError(
                f"{self.label} had a server error (HTTP {status} from {where}).", provider=self.name, url=where
            )
        if status == 404:
            raise NotFoundError(
                f"{self.label} answered \u201cnot found\u201d (HTTP 404 from {where}): the address may be wrong.",
                provider=self.name, url=where,
            )
        if status >= 400:
            raise ProviderError(
                f"{self.label} refused the request (HTTP {status} from {where}).", provider=self.name, url=where
            )

    def json(self, response: httpx.Response) -> Any:
        """The body as JSON, or BlockedError if a web page came back, MalformedResponse if garbage."""
        where = safe_url(str(response.request.url))
        ctype = response.headers.get("content-type", "")
        head = response.content[:200].lstrip().lower()
        if "html" in ctype or head.startswith((b"<!doctype", b"<html")):
            raise BlockedError(
                f"{self.label} sent a web page where its API answer was expected ({where}); "
                "it may be blocking automated searches.",
                provider=self.name,
                url=where,
            )
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise MalformedResponse(
                f"{self.label} sent an answer that is not valid JSON ({where}).", provider=self.name, url=where
            ) from exc

    def error_body(self, response: httpx.Response) -> dict[str, Any]:
        """A JSON error answer as a dict (empty when the body is not a JSON object)."""
        try:
            data = json.loads(response.content[:100_000])
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def auth_error(self, detail: str, response: httpx.Response) -> AuthError:
        where = safe_url(str(response.request.url))
        if not self.credentialed(response.request):
            return AuthError(f"{self.label} needs a key or login ({detail}).", provider=self.name, url=where)
        return AuthError(f"{self.label} rejected the key or login ({detail}).", provider=self.name, url=where)

    def credentialed(self, request: httpx.Request) -> bool:
        """Whether ``request`` carried a key, token or password (in a header, the address or the body)."""
        if "authorization" in request.headers:
            return True
        secrets = [v for n in ("api_key", "app_password", "access_token") if (v := self.secret(n))]
        if not secrets:
            return False
        try:
            body = request.content.decode("utf-8", "replace")
        except httpx.RequestNotRead:
            body = ""
        carried = " ".join((str(request.url), body, *request.headers.values()))
        return any(secret in carried for secret in secrets)

    def malformed(self, what: str, response: httpx.Response | None = None) -> MalformedResponse:
        where = safe_url(str(response.request.url)) if response is not None else None
        suffix = f" ({where})" if where else ""
        return MalformedResponse(f"{self.label} sent an answer repwatch could not read: {what}{suffix}.",
                                 provider=self.name, url=where)

    def quota(self, detail: str, response: httpx.Response) -> QuotaExceeded:
        where = safe_url(str(response.request.url))
        return QuotaExceeded(f"{self.label}'s quota is used up ({detail}).", provider=self.name, url=where)


class KeyedProvider(Provider):
    """A provider that needs ``api_key``; ``key_hint`` says where to get one."""

    def setup_problem(self) -> str | None:
        if not self.secret("api_key"):
            return f"{self.label} needs api_key in [providers.{self.name}]: {self.key_hint}"
        return None

    @property
    def api_key(self) -> str:
        return self.secret("api_key") or ""


def safe_url(url: str) -> str:
    """A URL fit for messages and logs: no query string (keys travel there) and no user info."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def _host(url: str) -> str:
    """The server named in ``url``, with its port: never the user name or password before an @."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "") + (f":{port}" if port else "")


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def _same_site(origin: tuple[str, str, int | None], url: httpx.URL) -> bool:
    """The same scheme, host and port, or the same host moving from http to https."""
    scheme, host, port = _origin(url)
    if (scheme, host, port) == origin:
        return True
    return host == origin[1] and origin[0] == "http" and scheme == "https" and port == 443 and origin[2] == 80


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait, from Retry-After (seconds or HTTP date) or (X-)RateLimit-Reset.

    Reset headers come as seconds to wait (Brave: "1, 1000", per-second window then monthly) or as
    a Unix time (Bluesky's RateLimit-Reset); a value past 2001-09-09 is read as the latter.
    """
    value = response.headers.get("retry-after")
    if value:
        try:
            return _seconds(float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    return None
                return max(0.0, when.timestamp() - time.time())
    for header in ("x-ratelimit-reset", "ratelimit-reset"):
        reset = response.headers.get(header)
        if reset:
            try:
                return _seconds(float(reset.split(",")[0].strip()))
            except ValueError:
                stamp = iso_date(reset)  # Mastodon sends an ISO 8601 time
                if stamp is not None:
                    return max(0.0, datetime.fromisoformat(stamp).timestamp() - time.time())
    return None


def _seconds(value: float) -> float | None:
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    if value > 1_000_000_000:  # a Unix time, not a delay
        value -= time.time()
    return max(0.0, value)


def iso_date(value: Any) -> str | None:
    """An ISO 8601 date-time from ISO text, an RFC 822 date, or Unix seconds; None if unreadable."""

    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        if isinstance(value, int | float):
            return datetime.fromtimestamp(float(value), UTC).isoformat()
        if not isinstance(value, str):
            return None
        text = value.strip()
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            when = email.utils.parsedate_to_datetime(text)
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.isoformat()
    except (TypeError, ValueError, OverflowError, OSError, IndexError):
        return None


_AGO = re.compile(r"^(\d{1,4})\s*(sec|second|min|minute|hour|hr|h|day|d|week|wk|w|month|mo|year|yr|y)s?\s+ago$", re.I)
_UNIT_S = {"sec": 1, "second": 1, "min": 60, "minute": 60, "hour": 3600, "hr": 3600, "h": 3600,
           "day": 86400, "d": 86400, "week": 604800, "wk": 604800, "w": 604800, "month": 2592000,
           "mo": 2592000, "year": 31536000, "yr": 31536000, "y": 31536000}
_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%m/%d/%Y, %I:%M %p, %z UTC", "%Y-%m-%d")


def loose_date(value: Any, now: float | None = None) -> str | None:
    """Dates as search engines print them: ISO, "3 hours ago", "Jan 5, 2025", "5 Jan 2025"."""

    exact = iso_date(value)
    if exact is not None or not isinstance(value, str):
        return exact
    text = " ".join(value.split()).strip()
    match = _AGO.match(text)
    if match:
        seconds = int(match.group(1)) * _UNIT_S[match.group(2).lower()]
        when = (now if now is not None else time.time()) - seconds
        return datetime.fromtimestamp(when, UTC).replace(microsecond=0).isoformat()
    if text.lower() in ("yesterday", "1 day ago"):
        when = (now if now is not None else time.time()) - 86400
        return datetime.fromtimestamp(when, UTC).replace(microsecond=0).isoformat()
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.isoformat()
    return None


def http_url(value: Any) -> str | None:
    """``value`` when it is an http(s) address, else None."""
    if isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) < 4000:
        return value
    return None


_TAG = re.compile(r"<[^>]{0,2000}>")


def plain_text(value: Any, limit: int = 2000) -> str:
    """Text that may hold HTML (highlighting, a post's markup): tags dropped, entities decoded."""
    if not isinstance(value, str):
        return clean_text(value if isinstance(value, int | float) and not isinstance(value, bool) else None, limit)
    return clean_text(html.unescape(_TAG.sub(" ", value)), limit)


def clean_text(value: Any, limit: int = 2000) -> str:
    """Text from the web: a string, with controls dropped and whitespace folded, capped in size."""
    return clean(value, limit)


def _untrusted_certificate(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):  # httpx → httpcore → ssl: a short chain of causes
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
