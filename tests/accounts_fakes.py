"""Loopback fakes of the sites the accounts watch checks, each answering in one rule type's way."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

# who exists where, on the fakes: (site path, username) → (display name, bio)
PEOPLE: dict[tuple[str, str], tuple[str, str]] = {
    # an HTML profile page: status code rule (200 found, 404 missing)
    ("status", "mswhitfield"): ("Ms Whitfield", "Teacher at St Aidan's Primary School \U0001f34e"),
    # a JSON API: message rule (the same 200 either way; the body says which)
    ("message", "joannawhitfield"): ('Joanna Whitfield <3 & "friends"', "Coffee, books & <i>long walks</i>"),
    # a redirect to the home page for nobody: redirect rule (302 missing)
    ("redirect", "mswhitfieldteach"): ("MsWhitfieldTeach", ""),
    # each site's known account, for the run's known-account control: somebody else
    ("status", "knownperson"): ("Known Person", ""),
    ("message", "knownperson"): ("Known Person", ""),
    ("redirect", "knownperson"): ("Known Person", ""),
}


class FakeSites:
    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.hits: list[str] = []
        self.delay = 3.0  # the slow site's answer takes this long
        self.people = dict(PEOPLE)  # a test may add accounts

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def handle(self, request: Request) -> Response:
        path = request.path.strip("/")
        self.hits.append(path)
        kind, _, name = path.partition("/")
        name = name.casefold()
        person = self.people.get((kind, name))
        if kind == "status":
            if person is None:
                return Response("<html><title>Page not found</title></html>", status=404, content_type="text/html")
            display, bio = person
            return Response(
                f'<html><head><meta property="og:title" content="{_attr(display)}">'
                f'<meta property="og:description" content="{_attr(bio)}"></head>'
                f'<body><div class="profile">{name}</div></body></html>',
                content_type="text/html",
            )
        if kind == "message":
            if person is None:
                return Response(json.dumps({"error": "Sorry, nobody by that name"}), content_type="application/json")
            display, bio = person
            return Response(json.dumps({"user": {"displayName": display, "description": bio, "handle": name}}),
                            content_type="application/json")
        if kind == "redirect":
            if person is None:
                return Response("", status=302, headers={"Location": "/"})
            display, bio = person
            return Response(f'<html><head><meta property="og:title" content="{_attr(display)}"></head>'
                            f'<body>@{name}</body></html>', content_type="text/html")
        if kind == "always":  # a sign-in page that looks like a profile to its rule, for any name at all
            return Response('<html><body><div class="profile">Log in to see this profile</div></body></html>',
                            content_type="text/html")
        if kind == "blocked":
            return Response("<html><title>Just a moment...</title>captcha</html>", status=403, content_type="text/html")
        if kind == "slow":
            time.sleep(self.delay)
            return Response("", status=404)
        if kind == "signin":  # Threads behind its login wall: a redirect to sign in, for anyone at all
            return Response("", status=302, headers={"Location": f"{self.base}/accounts/login/?next=/@{name}"})
        if kind == "nobody":  # a block page that reads as "no such account" to its rule, for anyone at all
            return Response("<html><title>Page not found</title></html>", status=404, content_type="text/html")
        if kind == "login":
            return Response("<html>Sign in</html>", content_type="text/html")
        return Response("no such fake", status=500)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def site(name: str, kind: str, base: str, platform: str, **rule: object) -> dict[str, object]:
    entry: dict[str, object] = {"name": name, "uri_check": f"{base}/{kind}/{{account}}", "platform": platform,
                                "cat": "social"}
    entry.update(rule)
    return entry


def sites_doc(base: str, *, slow: bool = False) -> dict[str, object]:
    """A WhatsMyName-format file of the fakes: one site per rule type, and the misbehaving ones."""
    sites = [
        site("Fakegram", "status", base, "instagram", e_code=200, e_string="", m_code=404, m_string="",
             known=["knownperson"]),
        site("FakeTok", "message", base, "tiktok", e_code=200, e_string='"displayName"', m_code=200,
             m_string="Sorry, nobody by that name", known=["knownperson"]),
        site("FakeX", "redirect", base, "x", e_code=200, e_string="@", m_code=302, m_string="",
             known=["knownperson"]),
        site("AlwaysThere", "always", base, "web", e_code=200, e_string='class="profile"', m_code=404,
             m_string=""),
        site("Blocky", "blocked", base, "web", e_code=200, e_string="profile", m_code=404, m_string=""),
    ]
    if slow:
        sites.append(site("Slowpoke", "slow", base, "web", e_code=200, e_string="", m_code=404, m_string=""))
    return {"sites": sites}


def write_sites(path: Path, base: str, **kw: bool) -> Path:
    path.write_text(json.dumps(sites_doc(base, **kw)))
    return path


@pytest.fixture
def fake_sites() -> Iterator[FakeSites]:
    server = HTTPServer(host="127.0.0.1", threaded=True)  # the slow site must not hold up the others
    server.start()
    fakes = FakeSites(server)
    server.expect_request(re.compile(r"^/.*")).respond_with_handler(fakes.handle)
    yield fakes
    server.clear()
    if server.is_running():
        server.stop()
