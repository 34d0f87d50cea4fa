"""Bluesky: account search (keyless) and post search (login with an app password).

Accounts: ``GET https://public.api.bsky.app/xrpc/app.bsky.actor.searchActors?q=&limit=&cursor=``
on the public AppView, no login. Posts: ``app.bsky.feed.searchPosts`` needs a session:
``POST https://bsky.social/xrpc/com.atproto.server.createSession`` with ``identifier`` and
``app_password`` gives ``accessJwt`` / ``refreshJwt``; the session is made once per run, shared by
every call, and renewed with ``com.atproto.server.refreshSession`` when Bluesky answers
ExpiredToken. With ``base_url`` set, every call goes there. Results become public web addresses:
``at://did/app.bsky.feed.post/rkey`` → ``https://bsky.app/profile/<handle>/post/<rkey>``.
Docs: https://docs.bsky.app/docs/api/app-bsky-feed-search-posts
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import quote

import httpx

from repwatch.adapters.providers.base import Provider, http_url, iso_date, plain_text, safe_url
from repwatch.adapters.providers.settings import Ask, BlueskySettings, Setup
from repwatch.errors import AuthError
from repwatch.models import Query, Result

APPVIEW = "https://public.api.bsky.app"
PDS = "https://bsky.social"
PAGE = 100
MAX_PAGES = 5
APP_PASSWORDS = "https://bsky.app/settings/app-passwords"
LOGIN_HINT = (
    "bluesky post search is skipped: it needs a login; set identifier and app_password in "
    f"[providers.bluesky] (make an app password at {APP_PASSWORDS})."
)
_APP_PASSWORD = re.compile(r"[a-z0-9]{4}(?:-[a-z0-9]{4}){3}", re.IGNORECASE)


def handle(text: str) -> str:
    """A Bluesky login name: a handle (the @ is optional), the account's email address, or a did:."""
    value = text.strip().removeprefix("@")
    if not value or any(char.isspace() for char in value) or ("." not in value and not value.startswith("did:")):
        raise ValueError("A Bluesky handle looks like jo.bsky.social: it is on your profile page, after the @.")
    return value


def app_password(text: str) -> str:
    """Only an app password: a main password kept for a monitor would unlock the whole account."""
    value = text.strip()
    if not _APP_PASSWORD.fullmatch(value):
        raise ValueError("That is not an app password: they look like xxxx-xxxx-xxxx-xxxx. Make one at "
                         f"{APP_PASSWORDS}; never give repwatch your main Bluesky password.")
    return value


def guess_handle(handles: list[str]) -> str:
    """The first of the user's own accounts that looks like a Bluesky handle ("" when none does)."""
    for item in handles:
        value = item.strip().removeprefix("@")
        if ".bsky." in f"{value}." and " " not in value:
            return value
    return ""


class _Expired(Exception):
    """The access token ran out; refresh the session and try again."""


class Bluesky(Provider):
    """accounts: `public.api.bsky.app/xrpc/app.bsky.actor.searchActors`; posts (with `identifier` and
    `app_password`): `bsky.social/xrpc/app.bsky.feed.searchPosts` after `com.atproto.server.createSession`."""

    name = "bluesky"
    kinds = ("accounts", "posts")
    origin = APPVIEW
    default_rate = 3.0
    setup = Setup(
        intro="repwatch already finds Bluesky accounts that use your name. If you are on Bluesky, it can also\n"
              "search what people post there: that needs your handle and a free app password.",
        confirm="Search Bluesky posts too?",
        asks=(
            Ask("identifier", "Your Bluesky handle", hint="(e.g. jo.bsky.social; Enter to skip)", check=handle,
                flag="bluesky-identifier", flag_help="Your Bluesky handle, to search posts (with its app password: "
                "see above).", what="your handle, like jo.bsky.social", needed=True, guess=guess_handle,
                skipped="Skipped: repwatch will search Bluesky accounts only.", example="you.bsky.social",
                before=f"Make an app password (not your main password) at {APP_PASSWORDS},\n"
                       "or in the Bluesky app: Settings, Privacy and security, App passwords."),
            Ask("app_password", "The app password", check=app_password, needed=True,
                skipped="Skipped, because there is no app password: repwatch will search Bluesky accounts only."),
        ),
        comment="Bluesky accounts are searched with no login; log in with an app password to search posts too.",
    )

    settings: BlueskySettings

    def __init__(self, settings: BlueskySettings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self._session: dict[str, str] | None = None
        self._login_lock = asyncio.Lock()

    # --- set-up --------------------------------------------------------------------------------
    def _logged_in(self) -> bool:
        return bool(self.settings.identifier and self.secret("app_password"))

    def skipped_kinds(self) -> dict[str, str]:
        if "posts" in self.enabled_kinds() and not self._logged_in():
            return {"posts": LOGIN_HINT}
        return {}

    def check(self, response: httpx.Response) -> None:
        if response.status_code in (400, 401):
            error = self.error_body(response).get("error")
            authed = "authorization" in response.request.headers
            if error in ("ExpiredToken", "InvalidToken") and authed and self._session is not None:
                raise _Expired()
            if error in ("AuthenticationRequired", "AuthFactorTokenRequired", "AccountTakedown", "InvalidToken"):
                raise self.auth_error(
                    f"{error}; check identifier and app_password in [providers.bluesky]", response
                )
        super().check(response)

    async def verify_login(self) -> str | None:
        """createSession with identifier and app_password: what a post search would do first."""
        if not self._logged_in():
            return None
        session = await self._ensure_session()
        return session.get("handle") or str(self.settings.identifier)

    # --- searching -----------------------------------------------------------------------------
    async def search(self, query: Query, kind: str) -> list[Result]:
        if kind == "accounts":
            return await self._pages(
                query, kind, self.url("/xrpc/app.bsky.actor.searchActors"), query.phrase.lstrip("@"), "actors"
            )
        return await self._pages(
            query, kind, self.url("/xrpc/app.bsky.feed.searchPosts", PDS), self.render_query(query), "posts"
        )

    async def _pages(self, query: Query, kind: str, url: str, q: str, key: str) -> list[Result]:
        results: list[Result] = []
        seen: set[str] = set()
        cursor: str | None = None
        size = min(PAGE, self.max_results)
        for _page in range(MAX_PAGES):
            params: dict[str, Any] = {"q": q, "limit": size}
            if cursor:
                params["cursor"] = cursor
            response = await (self._authed(url, params) if kind == "posts" else self.fetch("GET", url, params=params))
            data = self.json(response)
            if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
                raise self.malformed(f"no list of {key}", response)
            make = self._post if kind == "posts" else self._actor
            added = self.keep((make(query, kind, item) for item in data.get(key, [])), results, seen)
            if len(results) >= self.max_results:
                return results
            following = data.get("cursor")
            if added == 0 or not isinstance(following, str) or not following or following == cursor:
                break
            cursor = following
        return results

    async def _authed(self, url: str, params: dict[str, Any]) -> httpx.Response:
        """A GET with the session's access token; one refresh (or fresh login) when it has expired."""
        session = await self._ensure_session()
        try:
            return await self.fetch("GET", url, params=params, headers=_bearer(session["accessJwt"]))
        except _Expired:
            session = await self._renew(session)
            try:
                return await self.fetch("GET", url, params=params, headers=_bearer(session["accessJwt"]))
            except _Expired:
                raise AuthError(
                    "bluesky kept rejecting a fresh login session; check identifier and app_password.",
                    provider=self.name, url=safe_url(url),
                ) from None

    async def _ensure_session(self) -> dict[str, str]:
        async with self._login_lock:
            if self._session is None:
                self._session = await self._create_session()
            return self._session

    async def _renew(self, stale: dict[str, str]) -> dict[str, str]:
        async with self._login_lock:
            if self._session is not stale and self._session is not None:
                return self._session  # another call already renewed it
            try:
                response = await self.fetch(
                    "POST", self.url("/xrpc/com.atproto.server.refreshSession", PDS),
                    headers=_bearer(stale["refreshJwt"]),
                )
                self._session = self._read_session(response)
            except (_Expired, AuthError):
                self._session = None
                self._session = await self._create_session()
            return self._session

    async def _create_session(self) -> dict[str, str]:
        password = self.secret("app_password") or ""
        saved, self._session = self._session, None
        try:
            response = await self.fetch(
                "POST", self.url("/xrpc/com.atproto.server.createSession", PDS),
                json_body={"identifier": self.settings.identifier, "password": password},
            )
        except _Expired:  # pragma: no cover - no session is held while logging in
            raise AuthError("bluesky rejected the login.", provider=self.name) from None
        finally:
            self._session = saved
        return self._read_session(response)

    def _read_session(self, response: httpx.Response) -> dict[str, str]:
        data = self.json(response)
        if not isinstance(data, dict):
            raise self.malformed("the login answer is not a JSON object", response)
        session = {k: data.get(k) for k in ("accessJwt", "refreshJwt", "handle", "did")}
        if not isinstance(session["accessJwt"], str) or not isinstance(session["refreshJwt"], str):
            raise self.malformed("the login answer has no session tokens", response)
        return {k: v for k, v in session.items() if isinstance(v, str)}

    # --- reading -------------------------------------------------------------------------------
    def _actor(self, query: Query, kind: str, item: Any) -> Result | None:
        if not isinstance(item, dict):
            return None
        handle = _handle(item)
        if handle is None:
            return None
        name = plain_text(item.get("displayName"), 200)
        return self.result(
            query, kind, 0, url=f"https://bsky.app/profile/{quote(handle, safe=':.')}",
            title=f"{name} (@{handle})" if name else f"@{handle}",
            snippet=plain_text(item.get("description")),
            published=iso_date(item.get("createdAt")), thumbnail=http_url(item.get("avatar")),
            source=f"@{handle}", platform="bluesky",
        )

    def _post(self, query: Query, kind: str, item: Any) -> Result | None:
        if not isinstance(item, dict):
            return None
        author = item.get("author")
        uri = item.get("uri")
        if not isinstance(author, dict) or not isinstance(uri, str):
            return None
        url = post_url(uri, _handle(author))
        if url is None:
            return None
        record = item["record"] if isinstance(item.get("record"), dict) else {}
        handle = _handle(author) or str(author.get("did", ""))
        name = plain_text(author.get("displayName"), 200)
        text = plain_text(record.get("text"))
        return self.result(
            query, kind, 0, url=url,
            title=f"{name or '@' + handle} on Bluesky: {text[:80]}" if text else f"Post by {name or '@' + handle}",
            snippet=text, published=iso_date(record.get("createdAt")) or iso_date(item.get("indexedAt")),
            thumbnail=_thumb(item.get("embed")), source=f"@{handle}", platform="bluesky",
        )


def post_url(uri: str, handle: str | None) -> str | None:
    """at://did:plc:x/app.bsky.feed.post/rkey → https://bsky.app/profile/<handle or did>/post/rkey."""
    if not uri.startswith("at://"):
        return None
    parts = uri[5:].split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post" or not parts[0] or not parts[2]:
        return None
    who = handle or parts[0]
    return f"https://bsky.app/profile/{quote(who, safe=':.')}/post/{quote(parts[2], safe='')}"


def _handle(actor: dict[str, Any]) -> str | None:
    handle = actor.get("handle")
    if isinstance(handle, str) and handle and handle != "handle.invalid" and "/" not in handle:
        return handle
    did = actor.get("did")
    return did if isinstance(did, str) and did.startswith("did:") and "/" not in did else None


def _thumb(embed: Any) -> str | None:
    if not isinstance(embed, dict):
        return None
    images = embed.get("images")
    if isinstance(images, list) and images and isinstance(images[0], dict):
        return http_url(images[0].get("thumb"))
    external = embed.get("external")
    if isinstance(external, dict):
        return http_url(external.get("thumb"))
    return None


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

