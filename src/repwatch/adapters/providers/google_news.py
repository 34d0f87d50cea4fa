"""Google News RSS search (keyless; news only).

``GET https://news.google.com/rss/search?q=...&hl=en-GB&gl=GB&ceid=GB:en`` answers an RSS 2.0
feed of up to 100 items, read with feedparser. Each item's link is a news.google.com redirect; the
item's ``<source url="https://www.bbc.co.uk">BBC</source>`` names the publishing site, kept as the
result's ``source`` (name) and ``source_url`` (address). Titles end with " - <source>", removed.
Google answers robots with an "unusual traffic" web page (often HTTP 429 or 503): that is blocked
or rate limited, never "no news".
"""

from __future__ import annotations

import io
from typing import Any

import feedparser
import httpx

from repwatch.adapters.providers.base import Provider, http_url, iso_date, plain_text, safe_url
from repwatch.errors import BlockedError
from repwatch.models import Query, Result


class GoogleNews(Provider):
    """`GET https://news.google.com/rss/search?q=…&hl=en-GB&gl=GB&ceid=GB:en` (RSS)."""

    name = "google_news"
    kinds = ("news",)
    origin = "https://news.google.com"
    default_rate = 0.5

    async def search(self, query: Query, kind: str) -> list[Result]:
        response = await self.fetch(
            "GET",
            self.url("/rss/search"),
            params={"q": self.render_query(query), "hl": "en-GB", "gl": "GB", "ceid": "GB:en"},
            headers={"Accept": "application/rss+xml, application/xml;q=0.9, */*;q=0.5"},
        )
        feed = self.parse(response)
        results: list[Result] = []
        seen: set[str] = set()
        for entry in feed.get("entries", []):
            if not isinstance(entry, dict):
                continue
            url = http_url(entry.get("link"))
            if url is None or url in seen:
                continue
            seen.add(url)
            results.append(self._result(query, kind, len(results) + 1, url, entry))
            if len(results) >= self.max_results:
                break
        return results

    def parse(self, response: httpx.Response) -> Any:
        where = safe_url(str(response.request.url))
        ctype = response.headers.get("content-type", "").lower()
        head = response.content[:300].lstrip().lower()
        if "html" in ctype or head.startswith((b"<!doctype html", b"<html")):
            raise BlockedError(
                "google_news sent a web page instead of its news feed; Google may be blocking automated "
                "searches from this address for a while.",
                provider=self.name,
                url=where,
            )

        try:  # a file object, never bytes or str: feedparser treats those as names to open
            feed = feedparser.parse(io.BytesIO(response.content))
        except Exception as exc:  # feedparser raising at all is a broken answer
            raise self.malformed("not a readable RSS feed", response) from exc
        if not feed.get("version") and not feed.get("entries"):
            raise self.malformed("not an RSS feed", response)
        return feed

    def _result(self, query: Query, kind: str, rank: int, url: str, entry: Any) -> Result:
        source = entry.get("source")
        name = plain_text(source.get("title"), 200) if isinstance(source, dict) else ""
        site = http_url(source.get("href")) if isinstance(source, dict) else None
        title = plain_text(entry.get("title"), 500)
        if name and title.endswith(f" - {name}"):
            title = title[: -len(name) - 3].rstrip()
        snippet = plain_text(entry.get("summary"))
        if snippet in (f"{title} {name}".strip(), title):  # Google repeats the headline and source
            snippet = ""
        return self.result(
            query, kind, rank, url=url, title=title, snippet=snippet,
            published=iso_date(entry.get("published")), source=name or None, source_url=site,
        )
