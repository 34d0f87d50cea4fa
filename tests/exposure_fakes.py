"""Loopback fakes of UK people-search sites, answering with saved pages in the sites' real shapes.

One server holds several fake sites, each under its own first path segment:
``finder`` (a 192.com-like search and listing pages), ``echo`` (a search page that lists whatever
name it is asked for), ``walled`` (a login wall), ``robot`` (a Cloudflare-style robot check, HTTP
403), ``redesign`` (a page of another shape: an empty JavaScript app), ``officers`` (Companies House's
officer search), and ``broken`` (its removal page is gone). ``slow`` names sites that answer too late.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PAGES = Path(__file__).parent / "fixtures" / "exposure" / "pages"


def page(file: str, **values: object) -> str:
    text = (PAGES / file).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class FakeListings:
    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.people: dict[str, dict[str, str]] = {}  # listing id → name, town, county, address, age
        self.hits: list[str] = []
        self.slow: set[str] = set()
        self.walled: set[str] = set()  # sites that now show a login page for everything
        self.release = threading.Event()  # a slow site answers when this is set, or after ``delay``
        self.delay = 2.5  # longer than the tests' timeout_s; short, as the server answers one request at a time

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def add(self, listing_id: str, name: str, town: str, address: str, county: str = "Carmarthenshire",
            age: str = "35-39") -> None:
        self.people[listing_id] = {"name": name, "town": town, "county": county, "address": address, "age": age}

    def _cards(self, people: list[tuple[str, dict[str, str]]]) -> str:
        return "\n".join(page("card.html", slug=p["name"].lower().replace(" ", "-"), id=i, name=_esc(p["name"]),
                              town=_esc(p["town"]), county=_esc(p["county"]), age=p["age"]) for i, p in people)

    def handle(self, request: Request) -> Response:
        path = request.path.strip("/")
        self.hits.append(request.full_path)
        site, _, rest = path.partition("/")
        html = "text/html; charset=utf-8"
        if site in self.slow:
            self.release.wait(self.delay)
            return Response("late", content_type=html)
        if rest == "remove":
            if site == "broken":
                return Response(page("gone.html"), status=404, content_type=html)
            return Response("<html><title>Remove my details</title><form><input name=url></form></html>",
                            content_type=html)
        if site == "walled" or site in self.walled:
            return Response(page("login.html"), content_type=html)
        if site == "robot":
            return Response(page("captcha.html"), status=403, content_type=html)
        if site == "redesign":
            return Response(page("redesign.html"), content_type=html)
        name, town = request.args.get("name", ""), request.args.get("town", "")
        if rest == "search":
            if site == "echo":  # lists whoever is asked for, in the town asked for
                people = [("e1", {"name": name, "town": town or "London", "county": "", "age": "25-29"})]
            else:
                people = [(i, p) for i, p in self.people.items() if p["name"].casefold() == name.casefold()]
            if not people:
                return Response(page("none.html", query=_esc(name), town=_esc(town or "the UK")), content_type=html)
            return Response(page("results.html", query=_esc(name), town=_esc(town), count=len(people),
                                 cards=self._cards(people)), content_type=html)
        if site == "officers" and rest == "search/officers":
            query = request.args.get("q", "")
            people = [(i, p) for i, p in self.people.items() if p["name"].casefold() == query.casefold()]
            cards = "\n".join(page("officer_card.html", id=i, surname_upper=_esc(p["name"].split()[-1].upper()),
                                   given=_esc(" ".join(p["name"].split()[:-1])), address=_esc(p["address"]))
                              for i, p in people)
            if not people:
                cards = '<li class="no-results"><p>No results found</p></li>'
            return Response(page("officers.html", query=_esc(query), count=len(people), cards=cards), content_type=html)
        match = re.fullmatch(r"people/[^/]+/([^/]+)/?", rest) or re.fullmatch(r"officers/([^/]+)/appointments", rest)
        if match:
            person = self.people.get(match.group(1))
            if person is None:
                return Response(page("gone.html"), status=404, content_type=html)
            return Response(page("listing.html", name=_esc(person["name"]), town=_esc(person["town"]),
                                 address=_esc(person["address"]), age=person["age"]), content_type=html)
        return Response("no such fake", status=500)


def site_entry(base: str, key: str, **extra: object) -> str:
    """One [[site]] of a test table, for the fake under /key/."""
    fields: dict[str, object] = {
        "key": key, "name": f"Fake {key.capitalize()}", "domain": urlsplit(base).hostname, "kind": "people_search",
        "directory": True, "site_query": False,
        "search_url": f"{base}/{key}/search?name={{name}}&town={{town}}",
        "listing_url": "^" + re.escape(f"{base}/{key}/people/"),
        "no_results": ["We couldn't find any results"],
        "removal_how": "form", "removal_url": f"{base}/{key}/remove",
        "removal_proof": "None: a web form.", "removal_takes": "Up to 28 days.",
        "search_status": "V", "removal_status": "V", "checked": "2026-12-07", "source": "a loopback fake",
    }
    fields.update(extra)
    lines = ["[[site]]"]
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool):
            lines.append(f"{name} = {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{name} = [" + ", ".join(_toml_str(v) for v in value) + "]")
        else:
            lines.append(f"{name} = {_toml_str(str(value))}")
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    return "'" + value + "'" if "'" not in value else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_table(path: Path, entries: list[str]) -> Path:
    head = (Path(__file__).parent / "fixtures" / "exposure" / "empty.toml").read_text(encoding="utf-8")
    path.write_text(head + "\n" + "\n".join(entries), encoding="utf-8")
    return path


@pytest.fixture
def fake_listings(httpserver: HTTPServer):
    fakes = FakeListings(httpserver)
    httpserver.expect_request(re.compile(r"^/(finder|echo|walled|robot|redesign|officers|broken|slow)/.*")) \
        .respond_with_handler(fakes.handle)
    yield fakes
    fakes.release.set()
