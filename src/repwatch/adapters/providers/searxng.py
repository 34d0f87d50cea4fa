"""SearXNG: a self-hosted metasearch instance's JSON API (web, news, images).

Needs ``base_url``: the instance's address. The instance must allow the JSON format
(``search.formats: [html, json]`` in its settings.yml); otherwise it answers 403, which repwatch
reports as blocked rather than as "no results". Docs: https://docs.searxng.org/dev/search_api.html
"""

from __future__ import annotations

from urllib.parse import urlunsplit

import httpx

from repwatch.adapters.providers.base import Provider, clean_text, iso_date
from repwatch.adapters.providers.settings import Ask, Setup, http_address
from repwatch.errors import BlockedError
from repwatch.models import Query, Result

CATEGORY = {"web": "general", "news": "news", "images": "images"}
EXAMPLE = "http://localhost:8888"


def address(text: str) -> str:
    """A SearXNG instance's address as ``base_url`` takes it: http(s), a server name, maybe a path."""
    parts = http_address(text, EXAMPLE)
    if parts.query or parts.fragment:
        raise ValueError(f"Leave out anything after a ? or # in the address; write it like {EXAMPLE}.")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class SearXNG(Provider):
    """`GET /search?format=json&categories=general|news|images` on your own instance (`base_url`)."""

    name = "searxng"
    kinds = ("web", "news", "images")
    origin = "http://localhost:8888"
    default_rate = 2.0
    setup = Setup(
        intro="Advanced, and fine to skip: if you run your own SearXNG (a private search engine), repwatch\n"
              "can use it for extra web, news and image results.",
        confirm="Do you run your own SearXNG?",
        asks=(Ask("base_url", "Its address", hint=f"(e.g. {EXAMPLE}; Enter to skip)", check=address,
                  flag="searxng-url", flag_help=f"Your SearXNG instance, e.g. {EXAMPLE}.",
                  what=f"its address, like {EXAMPLE}", needed=True, example=EXAMPLE,
                  after="It must allow JSON answers: in its settings.yml, search: formats: [html, json]."),),
        comment="Your own SearXNG instance (a private metasearch engine), if you run one.",
        advanced=True,
    )

    def setup_problem(self) -> str | None:
        if not self.settings.base_url:
            return f"searxng needs base_url: the address of your SearXNG instance, e.g. {EXAMPLE}."
        return None

    def check(self, response: httpx.Response) -> None:
        if response.status_code == 403:
            raise BlockedError(
                f"searxng at {self.settings.base_url} refused the JSON format (HTTP 403); "
                "enable it with search.formats: [html, json] in the instance's settings.yml.",
                provider=self.name,
                url=self.url("/search"),
            )
        super().check(response)

    async def search(self, query: Query, kind: str) -> list[Result]:
        results: list[Result] = []
        seen: set[str] = set()
        page = 1
        while len(results) < self.max_results and page <= 5:
            response = await self.fetch(
                "GET",
                self.url("/search"),
                params={
                    "q": self.render_query(query),
                    "format": "json",
                    "categories": CATEGORY[kind],
                    "pageno": page,
                    "safesearch": 0,
                },
            )
            data = self.json(response)
            if not isinstance(data, dict) or not isinstance(data.get("results", []), list):
                raise self.malformed("no list of results", response)
            added = 0
            for item in data.get("results", []):
                if not isinstance(item, dict):
                    continue
                url = item.get("url")
                if not isinstance(url, str) or not url.startswith(("http://", "https://")) or url in seen:
                    continue
                seen.add(url)
                added += 1
                results.append(
                    self.result(
                        query,
                        kind,
                        len(results) + 1,
                        url=url,
                        title=clean_text(item.get("title"), 500),
                        snippet=clean_text(item.get("content")),
                        published=iso_date(item.get("publishedDate")),
                        thumbnail=_str(item.get("thumbnail_src") or item.get("img_src") or item.get("thumbnail")),
                    )
                )
                if len(results) >= self.max_results:
                    break
            if added == 0:
                break
            page += 1
        return results


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None

