"""Brave Search API: web, news and images (key: ``api_key``, sent as X-Subscription-Token).

Endpoints (https://api-dashboard.search.brave.com/app/documentation):
``/res/v1/web/search`` (≤20 a page, ``offset`` counts pages, 0–9), ``/res/v1/news/search``
(≤50 a page, same paging) and ``/res/v1/images/search`` (one page of ≤200). Errors come as
``{"type": "ErrorResponse", "error": {"status", "code", "detail"}}``: a bad key is 422
SUBSCRIPTION_TOKEN_INVALID (or 401/403), a used-up plan 429 QUOTA_LIMITED, too fast 429
RATE_LIMITED with X-RateLimit-Reset.
"""

from __future__ import annotations

from typing import Any

import httpx

from repwatch.adapters.providers.base import KeyedProvider, http_url, iso_date, plain_text, safe_url
from repwatch.models import Query, Result

PATH = {"web": "/res/v1/web/search", "news": "/res/v1/news/search", "images": "/res/v1/images/search"}
PAGE = {"web": 20, "news": 50, "images": 200}
MAX_OFFSET = 9
AUTH_CODES = {"SUBSCRIPTION_TOKEN_INVALID", "SUBSCRIPTION_NOT_FOUND", "OPTION_NOT_IN_PLAN", "RESOURCE_NOT_ALLOWED"}
QUOTA_CODES = {"QUOTA_LIMITED", "QUOTA_EXCEEDED", "SUBSCRIPTION_EXPIRED"}


class Brave(KeyedProvider):
    """`GET /res/v1/web/search`, `/res/v1/news/search`, `/res/v1/images/search`, with the key in the
    X-Subscription-Token header."""

    name = "brave"
    kinds = ("web", "news", "images")
    origin = "https://api.search.brave.com"
    default_rate = 1.0  # the free plan allows one call a second

    def check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            error = self.error_body(response).get("error")
            code = error.get("code") if isinstance(error, dict) else None
            if code in AUTH_CODES:
                raise self.auth_error(f"{code} from {safe_url(str(response.request.url))}", response)
            if code in QUOTA_CODES:
                raise self.quota(f"Brave answered {code}; it resets with your plan's next period", response)
        super().check(response)

    async def search(self, query: Query, kind: str) -> list[Result]:
        results: list[Result] = []
        seen: set[str] = set()
        size = min(PAGE[kind], self.max_results)
        offset = 0
        while len(results) < self.max_results and offset <= MAX_OFFSET:
            params: dict[str, Any] = {
                "q": self.render_query(query),
                "count": size if kind != "images" else min(PAGE["images"], self.max_results),
                "country": "gb",
                "search_lang": "en",
                "safesearch": "off" if kind != "images" else "strict",
            }
            if kind != "images":
                params["offset"] = offset
            response = await self.fetch(
                "GET",
                self.url(PATH[kind]),
                params=params,
                headers={"X-Subscription-Token": self.api_key, "Accept": "application/json"},
            )
            data = self.json(response)
            if not isinstance(data, dict):
                raise self.malformed("not a JSON object", response)
            if kind == "web":
                web = data.get("web") or {}
                items = web.get("results", []) if isinstance(web, dict) else None
            else:
                items = data.get("results", [])
            if not isinstance(items, list):
                raise self.malformed("no list of results", response)
            added = self.collect(items, results, seen, lambda rank, url, item: self._result(query, kind, rank, url, item), link="url")
            more = data.get("query", {}).get("more_results_available") if isinstance(data.get("query"), dict) else None
            if kind == "images" or added == 0 or more is False or len(items) < size:
                break
            offset += 1
        return results

    def _result(self, query: Query, kind: str, rank: int, url: str, item: dict[str, Any]) -> Result:
        thumb = item.get("thumbnail")
        thumbnail = http_url(thumb.get("src")) if isinstance(thumb, dict) else None
        meta = item.get("meta_url")
        source = None
        if kind == "news" and isinstance(meta, dict):
            source = plain_text(meta.get("hostname") or meta.get("netloc"), 200) or None
        if kind == "images":
            props = item.get("properties")
            source = plain_text(item.get("source"), 200) or None
            full = http_url(props.get("url")) if isinstance(props, dict) else None
            return self.result(
                query, kind, rank, url=url, title=plain_text(item.get("title"), 500),
                snippet="", published=iso_date(item.get("page_fetched")),
                thumbnail=thumbnail or full, source=source, image_url=full,
            )
        return self.result(
            query, kind, rank, url=url, title=plain_text(item.get("title"), 500),
            snippet=plain_text(item.get("description")), published=iso_date(item.get("page_age")),
            thumbnail=thumbnail, source=source,
        )
