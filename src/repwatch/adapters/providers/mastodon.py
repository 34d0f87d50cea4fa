"""Mastodon: an instance's search for accounts (keyless) and posts (``access_token``).

``GET {base_url}/api/v2/search?q=&type=accounts|statuses&limit=40`` (default instance
https://mastodon.social). Account search works without a login (one page: Mastodon refuses
``offset`` without a token); post search needs an access token, sent as a Bearer token (create one
under Preferences → Development → New application, scope ``read:search``). Each result's public
address is the account's or status's ``url``. Rate limits: 300 calls per 5 minutes, with
X-RateLimit-Reset as an ISO 8601 time. Docs: https://docs.joinmastodon.org/methods/search/
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlunsplit

import httpx

from repwatch.adapters.providers.base import Provider, http_url, iso_date, plain_text
from repwatch.adapters.providers.settings import Ask, Setup, http_address
from repwatch.models import Query, Result

PAGE = 40
MAX_PAGES = 5
TYPE = {"accounts": "accounts", "posts": "statuses"}
DEFAULT = "mastodon.social"
TOKEN_HINT = (
    "mastodon post search is skipped: it needs access_token in [providers.mastodon] (on your instance: "
    "Preferences → Development → New application with the read:search scope, then copy its access token)."
)


def address(text: str) -> str:
    """A Mastodon server as ``base_url``: "mastodon.social", "@jo@mastodon.social" and a pasted
    profile address all mean https://mastodon.social, since people know their server in all three forms."""
    value = text.strip()
    if "://" not in value:
        # "mastodon.social/@jo" is a profile address; in "@jo@mastodon.social" the server follows the last @
        value = "https://" + value.partition("/")[0].rpartition("@")[2]
    parts = http_address(value, f"https://{DEFAULT}")
    host = parts.hostname or ""
    if "." not in host and host != "localhost":
        raise ValueError(f"Type your server's name, the part after the second @ in your full handle, "
                         f"like {DEFAULT}.")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class Mastodon(Provider):
    """`GET /api/v2/search?type=accounts|statuses` on `base_url` (default https://mastodon.social);
    posts need `access_token`."""

    name = "mastodon"
    kinds = ("accounts", "posts")
    origin = f"https://{DEFAULT}"
    default_rate = 1.0
    setup = Setup(
        intro=f"repwatch already looks on {DEFAULT} for Mastodon accounts that use your name. If you\n"
              "use Mastodon, it can search your own server instead, and with a token it searches posts too.",
        confirm="Do you use Mastodon?",
        asks=(
            Ask("base_url", "Which Mastodon server are you on?", hint=f"(Enter for {DEFAULT})", check=address,
                flag="mastodon-url", flag_help=f"Your Mastodon instance (default: https://{DEFAULT}).",
                what=f"your server, like {DEFAULT}", example=f"https://{DEFAULT}"),
            Ask("access_token", "The access token", note="needed to search posts; accounts need none",
                before="To search posts too, make an access token on that server: Preferences, Development, New\n"
                       "application, with the read:search scope, then copy \"Your access token\". Without one, "
                       "repwatch\nsearches accounts only."),
        ),
        comment=f"Mastodon accounts are searched on {DEFAULT} unless you name your own server; a token adds posts.",
    )

    def skipped_kinds(self) -> dict[str, str]:
        if "posts" in self.enabled_kinds() and not self.secret("access_token"):
            return {"posts": TOKEN_HINT}
        return {}

    def check(self, response: httpx.Response) -> None:
        if response.status_code in (401, 403) and "authorization" not in response.request.headers:
            raise self.auth_error(
                f"the instance {self.settings.base_url or self.origin} wants a login for this search; "
                "set access_token in [providers.mastodon]", response,
            )
        super().check(response)

    async def verify_login(self) -> str | None:
        """The token check Mastodon offers: GET /api/v1/accounts/verify_credentials."""
        token = self.secret("access_token")
        if not token:
            return None
        response = await self.fetch("GET", self.url("/api/v1/accounts/verify_credentials"),
                                    headers={"Authorization": f"Bearer {token}"})
        data = self.json(response)
        name = data.get("acct") if isinstance(data, dict) else None
        return f"@{name}" if isinstance(name, str) and name else "your account"

    async def search(self, query: Query, kind: str) -> list[Result]:
        token = self.secret("access_token")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        q = query.phrase.lstrip("@") if kind == "accounts" else self.render_query(query)
        size = min(PAGE, self.max_results)
        results: list[Result] = []
        seen: set[str] = set()
        for page in range(MAX_PAGES if token else 1):
            params: dict[str, Any] = {"q": q, "type": TYPE[kind], "limit": size}
            if page:
                params["offset"] = page * size
            response = await self.fetch("GET", self.url("/api/v2/search"), params=params, headers=headers)
            data = self.json(response)
            key = TYPE[kind]
            if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
                raise self.malformed(f"no list of {key}", response)
            items = data.get(key, [])
            make = self._status if kind == "posts" else self._account
            added = self.keep((make(query, kind, item) for item in items), results, seen)
            if len(results) >= self.max_results:
                return results
            if added == 0 or len(items) < size:
                break
        return results

    def _account(self, query: Query, kind: str, item: Any) -> Result | None:
        if not isinstance(item, dict):
            return None
        url = http_url(item.get("url"))
        if url is None:
            return None
        acct = plain_text(item.get("acct"), 300)
        name = plain_text(item.get("display_name"), 200)
        return self.result(
            query, kind, 0, url=url, title=f"{name} (@{acct})" if name else f"@{acct}",
            snippet=plain_text(item.get("note")), published=iso_date(item.get("created_at")),
            thumbnail=http_url(item.get("avatar")), source=f"@{acct}", platform="mastodon",
        )

    def _status(self, query: Query, kind: str, item: Any) -> Result | None:
        if not isinstance(item, dict):
            return None
        url = http_url(item.get("url")) or http_url(item.get("uri"))
        if url is None:
            return None
        account = item["account"] if isinstance(item.get("account"), dict) else {}
        acct = plain_text(account.get("acct"), 300)
        name = plain_text(account.get("display_name"), 200) or (f"@{acct}" if acct else "someone")
        text = plain_text(item.get("content"))
        thumb = None
        media = item.get("media_attachments")
        if isinstance(media, list) and media and isinstance(media[0], dict):
            thumb = http_url(media[0].get("preview_url"))
        return self.result(
            query, kind, 0, url=url, title=f"{name} on Mastodon: {text[:80]}" if text else f"Post by {name}",
            snippet=text, published=iso_date(item.get("created_at")), thumbnail=thumb,
            source=f"@{acct}" if acct else None, platform="mastodon",
        )
