"""SerpApi: Google results as JSON, for web, news and images (key: ``api_key``).

``GET https://serpapi.com/search`` with ``engine=google`` (``organic_results``), ``engine=google``
and ``tbm=nws`` (``news_results``), or ``engine=google_images`` (``images_results``, 100 a page,
``ijn`` pages). The key travels as the ``api_key`` parameter, so no URL with its query string ever
reaches a message or a log. Errors come as ``{"error": "..."}``: 401 for a bad key, 429 "Your
account has run out of searches." when the plan is used up. "Google hasn't returned any results"
is an empty answer, not a failure.
"""

from __future__ import annotations

from typing import Any

import httpx

from repwatch.adapters.providers.base import KeyedProvider, http_url, loose_date, plain_text, safe_url
from repwatch.errors import ProviderError
from repwatch.models import Query, Result

LIST = {"web": "organic_results", "news": "news_results", "images": "images_results"}
PAGE = {"web": 10, "news": 10, "images": 100}
MAX_PAGES = 10
QUOTA_WORDS = ("run out of searches", "searches for the month", "are exhausted")


class SerpApi(KeyedProvider):
    """`GET https://serpapi.com/search`: `engine=google`; `tbm=nws`; `engine=google_images`, with the
    key as the `api_key` parameter."""

    name = "serpapi"
    kinds = ("web", "news", "images")
    origin = "https://serpapi.com"
    default_rate = 2.0

    def _said(self, response: httpx.Response) -> str:
        """SerpApi's own error sentence, with the key scrubbed out should it ever be echoed."""
        text = str(self.error_body(response).get("error", ""))[:300]
        return text.replace(self.api_key, "***") if self.api_key else text

    def check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            said = self._said(response)
            low = said.lower()
            if any(word in low for word in QUOTA_WORDS) and "hourly" not in low:
                raise self.quota("SerpApi says the account has run out of searches", response)
            if response.status_code in (401, 403) or "api key" in low:
                raise self.auth_error("SerpApi says the API key is not valid", response)
        super().check(response)

    async def search(self, query: Query, kind: str) -> list[Result]:
        results: list[Result] = []
        seen: set[str] = set()
        page = 0
        while len(results) < self.max_results and page < MAX_PAGES:
            params: dict[str, Any] = {"q": self.render_query(query), "hl": "en", "gl": "uk"}
            if kind == "images":
                params.update(engine="google_images", ijn=page)
            else:
                params.update(engine="google", google_domain="google.co.uk", start=page * PAGE[kind])
                if kind == "news":
                    params["tbm"] = "nws"
            params["api_key"] = self.api_key
            response = await self.fetch("GET", self.url("/search"), params=params)
            data = self.json(response)
            if not isinstance(data, dict):
                raise self.malformed("not a JSON object", response)
            error = data.get("error")
            if error:
                said = self._said(response)
                if "hasn't returned any results" in said or "no results" in said.lower():
                    break
                if any(word in said.lower() for word in QUOTA_WORDS):
                    raise self.quota("SerpApi says the account has run out of searches", response)
                raise ProviderError(
                    f"serpapi could not run the search: {said} ({safe_url(str(response.request.url))}).",
                    provider=self.name, url=safe_url(str(response.request.url)),
                )
            items = data.get(LIST[kind], [])
            if not isinstance(items, list):
                raise self.malformed(f"{LIST[kind]} is not a list", response)
            added = self.collect(items, results, seen, lambda rank, url, item: self._result(query, kind, rank, url, item))
            pagination = data.get("serpapi_pagination")
            has_next = isinstance(pagination, dict) and bool(pagination.get("next"))
            if added == 0 or (not has_next if kind != "images" else len(items) < PAGE[kind] // 2):
                break
            page += 1
        return results

    def _result(self, query: Query, kind: str, rank: int, url: str, item: dict[str, Any]) -> Result:
        if kind == "images":
            return self.result(
                query, kind, rank, url=url, title=plain_text(item.get("title"), 500), snippet="",
                thumbnail=http_url(item.get("thumbnail")) or http_url(item.get("original")),
                source=plain_text(item.get("source"), 200) or None, image_url=http_url(item.get("original")),
            )
        source = item.get("source")
        if isinstance(source, dict):  # newer news layouts: {"name": ..., "icon": ...}
            source = source.get("name")
        return self.result(
            query, kind, rank, url=url, title=plain_text(item.get("title"), 500),
            snippet=plain_text(item.get("snippet")),
            published=loose_date(item.get("iso_date")) or loose_date(item.get("date")),
            thumbnail=http_url(item.get("thumbnail")), source=plain_text(source, 200) or None,
        )
