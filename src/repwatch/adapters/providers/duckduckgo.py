"""DuckDuckGo's keyless HTML endpoint (web only).

No key, no account: the default for `repwatch search`. It posts the query to
``/html/`` and reads the result list with BeautifulSoup, unwrapping each link from DuckDuckGo's
``/l/?uddg=`` redirect. DuckDuckGo limits automated use: when it answers with its "anomaly"
(captcha) page, or any page without its list of results, repwatch reports the provider as
blocked instead of reading it as "no results".
"""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup

from repwatch.adapters.providers.base import Provider, clean_text, safe_url
from repwatch.errors import BlockedError
from repwatch.models import Query, Result


class DuckDuckGo(Provider):
    """`POST https://html.duckduckgo.com/html/` (the HTML page, read with BeautifulSoup)."""

    name = "duckduckgo"
    kinds = ("web",)
    origin = "https://html.duckduckgo.com"
    default_rate = 0.5

    async def search(self, query: Query, kind: str) -> list[Result]:
        url = self.url("/html/")
        form: dict[str, str] = {"q": self.render_query(query), "kl": "uk-en", "b": ""}
        results: list[Result] = []
        seen: set[str] = set()
        for _page in range(5):
            response = await self.fetch("POST", url, data=form, headers={"Referer": self.url("/")})
            if response.status_code == 202 or b"anomaly-modal" in response.content or b"captcha" in response.content[:20000].lower():
                raise BlockedError(
                    "duckduckgo answered with its anti-robot check instead of results; "
                    "try again later or add another provider.",
                    provider=self.name,
                    url=safe_url(url),
                )
            ctype = response.headers.get("content-type", "")
            if ctype and "html" not in ctype:
                raise self.malformed(f"expected a web page, got {ctype.split(';')[0]}", response)
            soup = BeautifulSoup(response.content[:2_000_000], "html.parser")
            if soup.select_one("#links, div.results, div.serp__results, div.no-results") is None:
                # every real answer, even one with no results, has the results list: a page without
                # it is a challenge or an error page, never "nothing found"
                raise BlockedError(
                    "duckduckgo answered with a page that holds no search results (probably its "
                    "anti-robot check); try again later or add another provider.",
                    provider=self.name,
                    url=safe_url(url),
                )
            added = 0
            for block in soup.select("div.result"):
                classes: list[str] = list(block.get("class") or [])
                if "result--ad" in classes:
                    continue
                link = block.select_one("a.result__a")
                if link is None:
                    continue
                real = unwrap(str(link.get("href", "")))
                if not real or real in seen:
                    continue
                seen.add(real)
                added += 1
                snippet = block.select_one(".result__snippet")
                results.append(
                    self.result(
                        query,
                        kind,
                        len(results) + 1,
                        url=real,
                        title=clean_text(link.get_text(" "), 500),
                        snippet=clean_text(snippet.get_text(" ") if snippet else ""),
                    )
                )
                if len(results) >= self.max_results:
                    return results
            following = _next_form(soup)
            if following is None or added == 0:
                break  # no next page, or this one brought nothing new: another call (2 s each) adds nothing
            form = following
        return results


def unwrap(href: str) -> str | None:
    """The real address behind a DuckDuckGo redirect link; None for anything but http(s)."""
    absolute = urljoin("https://duckduckgo.com/", href)
    parts = urlsplit(absolute)
    if parts.netloc.endswith("duckduckgo.com") and parts.path.startswith("/l/"):
        target = parse_qs(parts.query).get("uddg", [""])[0]
        if not target:
            return None
        absolute = target
    if not absolute.startswith(("http://", "https://")):
        return None
    return absolute


def _next_form(soup: BeautifulSoup) -> dict[str, str] | None:
    """DuckDuckGo's "Next" button is a form of hidden inputs; post them again for the next page."""
    for form in soup.select("div.nav-link form"):
        submit = form.select_one("input[type=submit]")
        if submit is not None and "next" in str(submit.get("value", "")).lower():
            return {
                str(i.get("name")): str(i.get("value", ""))
                for i in form.select("input[type=hidden]")
                if i.get("name")
            }
    return None
