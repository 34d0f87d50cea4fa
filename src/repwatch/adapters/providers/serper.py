"""Serper (serper.dev): Google results as JSON, for web, news and images (key: ``api_key``).

``POST https://google.serper.dev/search`` (or ``/news``, ``/images``) with a JSON body
``{"q", "gl", "hl", "num", "page"}`` and the key in the X-API-KEY header. Answers carry
``organic`` / ``news`` / ``images`` lists. A bad key is 401/403 ("Unauthorized."), credits used up
is 400 or 402 with "Not enough credits"; too fast is 429.
"""

from __future__ import annotations

from typing import Any

import httpx

from repwatch.adapters.providers.base import KeyedProvider, http_url, loose_date, plain_text
from repwatch.models import Query, Result

PATH = {"web": "/search", "news": "/news", "images": "/images"}
LIST = {"web": "organic", "news": "news", "images": "images"}
PAGE = {"web": 10, "news": 10, "images": 10}
MAX_PAGES = 10


class Serper(KeyedProvider):
    """`POST https://google.serper.dev/search`, `/news`, `/images` (a JSON body), with the key in the
    X-API-KEY header."""

    name = "serper"
    kinds = ("web", "news", "images")
    origin = "https://google.serper.dev"
    default_rate = 5.0

    def check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            message = str(self.error_body(response).get("message", "")).lower()
            if "credit" in message or "quota" in message:
                raise self.quota("serper.dev says there are not enough credits left", response)
            if response.status_code == 400 and ("api key" in message or "unauthori" in message):
                raise self.auth_error("serper.dev says the API key is not valid", response)
        super().check(response)

    async def search(self, query: Query, kind: str) -> list[Result]:
        results: list[Result] = []
        seen: set[str] = set()
        page = 1
        while len(results) < self.max_results and page <= MAX_PAGES:
            body: dict[str, Any] = {"q": self.render_query(query), "gl": "gb", "hl": "en", "num": PAGE[kind]}
            if page > 1:
                body["page"] = page
            response = await self.fetch(
                "POST",
                self.url(PATH[kind]),
                json_body=body,
                headers={"X-API-KEY": self.api_key, "Content-Type": "application/json"},
            )
            data = self.json(response)
            if not isinstance(data, dict):
                raise self.malformed("not a JSON object", response)
            items = data.get(LIST[kind], [])
            if not isinstance(items, list):
                raise self.malformed(f"{LIST[kind]} is not a list", response)
            added = self.collect(items, results, seen, lambda rank, url, item: self._result(query, kind, rank, url, item))
            if added == 0 or len(items) < PAGE[kind]:
                break
            page += 1
        return results

    def _result(self, query: Query, kind: str, rank: int, url: str, item: dict[str, Any]) -> Result:
        if kind == "images":
            return self.result(
                query, kind, rank, url=url, title=plain_text(item.get("title"), 500), snippet="",
                thumbnail=http_url(item.get("thumbnailUrl")) or http_url(item.get("imageUrl")),
                source=plain_text(item.get("source") or item.get("domain"), 200) or None,
                image_url=http_url(item.get("imageUrl")),
            )
        return self.result(
            query, kind, rank, url=url, title=plain_text(item.get("title"), 500),
            snippet=plain_text(item.get("snippet")), published=loose_date(item.get("date")),
            thumbnail=http_url(item.get("imageUrl")),
            source=plain_text(item.get("source"), 200) or None,
        )
