"""Reading a people-search page: does it show her, is it the site's clean "nothing", or something else?

Pure functions over what the guarded fetch brought back. The rule that matters most: only two
answers count as "not there" — the listing's own 404/410 (or the site's own "removed" words), and the
site's own "no results" page. A timeout, a refused or failed fetch, a login wall, a robot check, a
page that echoes any name, or a page of a shape the table does not describe is never "not there".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from repwatch.pipeline.exposure.sites import ExposureSite

READ_MAX = 2_000_000  # characters of a page read
CARD_MAX = 600
FAILED = ("timeout", "unreachable", "refused", "error", "redirect_loop", "http_error")
# a robot check, in the markup or the words (a site's own words are added from the table)
_CAPTCHA_MARKUP = ("g-recaptcha", "h-captcha", "cf-challenge", "challenge-platform", "cf_chl_", "captcha-delivery")
_CAPTCHA_WORDS = ("verify you are human", "are you a robot", "unusual traffic", "complete the security check",
                  "just a moment...", "prove you're not a robot", "press and hold")
_LOGIN_WORDS = ("log in to continue", "sign in to continue", "please log in", "please sign in")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_PHONE_RUN = re.compile(r"(?:\+|\b)[\d][\d\s().-]{8,16}\d\b")
_BLOCKS = ("li", "article", "tr", "section", "div", "p", "dd")

# outcomes of reading one page
LISTED = "listed"  # it shows her
NOT_LISTED = "not_listed"  # the site answered in its usual shape, and she is not in it
NO_RESULTS = "no_results"  # the site's own "nothing found"
GONE = "gone"  # the listing's address answers 404/410 or the site's own "removed"
CLEAN = (NOT_LISTED, NO_RESULTS, GONE)
LOGIN_WALL, CAPTCHA, ECHO, UNEXPECTED, FAIL = "login_wall", "captcha", "echo", "unexpected", "failed"
PROBLEMS = (LOGIN_WALL, CAPTCHA, ECHO, UNEXPECTED, FAIL)


@dataclass(frozen=True)
class Her:
    """What shows that a page lists her: her names with her towns, her address, her phone."""

    names: tuple[str, ...]
    towns: tuple[str, ...] = ()
    address: str = ""
    phones: tuple[str, ...] = ()

    @property
    def first_line(self) -> str:
        line = self.address.split(",")[0].strip()
        return line if re.search(r"\d", line) and len(line) >= 6 else ""

    @property
    def postcode(self) -> str:
        match = _POSTCODE.search(self.address)
        return (match.group(1) + match.group(2)).casefold() if match else ""


def her_from(profile: Any, address: str = "", phones: list[str] | tuple[str, ...] = ()) -> Her:
    """Her facts from the profile and ``[exposure]`` (the address and phone are only compared here,
    never searched for or sent anywhere)."""
    names = [profile.name, *[v for v in profile.variants if len(v.split()) >= 2]]
    return Her(tuple(dict.fromkeys(names)), tuple(profile.locations), address.strip(),
               tuple(p for p in (_digits(x) for x in phones) if len(p) >= 9))


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def _name_pattern(name: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in name.split()]
    if len(parts) < 2:
        return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)
    first, last = parts[0], parts[-1]
    middle = r"\s+".join(parts[1:-1])
    given = first + (r"\s+" + middle if middle else "") + r"(?:\s+[\w'-]+){0,2}"
    return re.compile(rf"\b{given}\s+{last}\b|\b{last},?\s+{first}\b", re.IGNORECASE)


def _words(text: str) -> str:
    return " ".join(text.split())


def shows_her(text: str, her: Her) -> str | None:
    """Why this text lists her ("your name with Ammanford", "your home address", "your phone
    number"), or None. Her name alone is not enough: many people share it."""
    text = _words(text)
    folded = text.casefold()
    if her.postcode and her.postcode in re.sub(r"\s", "", folded):
        return "your home address (its postcode)"
    if her.first_line and _words(her.first_line).casefold() in folded:
        return "your home address"
    if her.phones:
        found = {_digits(m.group(0)) for m in _PHONE_RUN.finditer(text)}
        if any(p in found or any(f.endswith(p[-10:]) for f in found if len(f) >= 10) for p in her.phones):
            return "your phone number"
    if any(_name_pattern(n).search(text) for n in her.names):
        for town in her.towns:
            if re.search(rf"\b{re.escape(town)}\b", text, re.IGNORECASE):
                return f"your name with {town}"
    return None


@dataclass
class Listing:
    """One person listing on a people-search site's page."""

    url: str
    title: str
    text: str
    reason: str


@dataclass
class Reading:
    """What reading one people-search page made of it, with the listings that are hers."""

    outcome: str
    detail: str
    listings: list[Listing] = field(default_factory=list)
    cards: int = 0  # person listings seen on a search page, hers or not

    @property
    def clean(self) -> bool:
        return self.outcome in CLEAN


def _text_of(soup: BeautifulSoup) -> str:
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return _words(soup.get_text(" "))


def _title(soup: BeautifulSoup) -> str:
    return _words(soup.title.get_text()) if soup.title else ""


def _failure(site: ExposureSite, fetched: Any) -> Reading | None:
    """The answers that say nothing about her listing: failed fetches, errors, login walls."""
    outcome = fetched.outcome
    if outcome in FAILED:
        return Reading(FAIL, f"{site.name} could not be read: {fetched.detail}")
    if outcome == "login_wall":
        html = _decode(fetched)
        captcha = _markers(site, html, _text_of(BeautifulSoup(html, "html.parser")))
        if captcha is not None and captcha.outcome == CAPTCHA:
            return captcha  # a robot check answers 403 too
        return Reading(LOGIN_WALL, f"{site.name} showed a login page ({fetched.detail})")
    return None


def _markers(site: ExposureSite, html: str, text: str) -> Reading | None:
    folded, markup = text.casefold(), html[:200_000].casefold()
    if any(m in markup for m in _CAPTCHA_MARKUP) or any(w in folded for w in (*_CAPTCHA_WORDS, *site.captcha_text)):
        return Reading(CAPTCHA, f"{site.name} showed a robot check (a CAPTCHA) instead of its page")
    if any(w in folded for w in (*site.login_text, *_LOGIN_WORDS)):
        return Reading(LOGIN_WALL, f"{site.name} asked to log in before showing its page")
    return None


def _decode(fetched: Any) -> str:
    body = fetched.body or b""
    return body[:READ_MAX].decode("utf-8", "replace") if isinstance(body, bytes) else str(body)[:READ_MAX]


def read_listing(site: ExposureSite, fetched: Any, her: Her) -> Reading:
    """A known listing's own address, fetched again: still up, gone, or no clean answer."""
    failed = _failure(site, fetched)
    if failed:
        return failed
    if fetched.outcome == "gone":
        return Reading(GONE, f"{site.name} answered that the page is gone ({fetched.detail})")
    html = _decode(fetched)
    soup = BeautifulSoup(html, "html.parser")
    title = _title(soup)
    text = _text_of(soup)
    reason = shows_her(text, her)
    final = fetched.final_url or fetched.url
    if reason and site.is_listing(final):
        return Reading(LISTED, f"{site.name} still lists {reason}", [Listing(final, title, text[:CARD_MAX], reason)])
    problem = _markers(site, html, text)
    if problem:
        return problem
    folded = text.casefold()
    if any(w in folded for w in (*site.gone_text, *site.no_results)):
        return Reading(GONE, f"{site.name} said the listing is no longer there")
    if not site.is_listing(final):
        return Reading(UNEXPECTED, f"{site.name} sent repwatch to another page ({final}) instead of the listing")
    return Reading(UNEXPECTED, f"{site.name}'s listing page no longer reads the way repwatch expects; "
                               "check it yourself")


def _card_text(anchor: Any) -> str:
    node, own = anchor, _words(anchor.get_text(" "))
    for _ in range(4):
        parent = node.parent
        if parent is None or parent.name in ("body", "html", "[document]"):
            break
        node = parent
        if node.name in _BLOCKS and len(_words(node.get_text(" "))) > len(own) + 15:
            break
    return _words(node.get_text(" "))[:CARD_MAX]


def read_search(site: ExposureSite, fetched: Any, her: Her) -> Reading:
    """The site's own search page for her name: her listings on it, or its clean "nothing", or why not."""
    failed = _failure(site, fetched)
    if failed:
        return failed
    if fetched.outcome == "gone":
        return Reading(UNEXPECTED, f"{site.name}'s search page answered {fetched.detail}: its address may "
                                   "have changed (`repwatch exposure --self-check` tests it)")
    html = _decode(fetched)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    base = fetched.final_url or fetched.url
    seen: dict[str, Listing] = {}
    cards = 0
    for anchor in soup.find_all("a", href=True):
        href = urljoin(base, str(anchor["href"]))
        if not site.is_listing(href) or href.split("#")[0] == base.split("#")[0]:
            continue
        cards += 1
        card = _card_text(anchor)
        reason = shows_her(card, her)
        if reason and href not in seen:
            seen[href] = Listing(href, _words(anchor.get_text(" "))[:200] or site.name, card, reason)
    text = _text_of(soup)
    if not seen and site.is_listing(base) and (reason := shows_her(text, her)):
        seen[base] = Listing(base, _title(soup), text[:CARD_MAX], reason)
    if seen:
        listings = list(seen.values())
        return Reading(LISTED, f"{site.name} lists you ({listings[0].reason})", listings, cards)
    problem = _markers(site, html, text)
    if problem:
        return problem
    if any(w in text.casefold() for w in site.no_results):
        return Reading(NO_RESULTS, f"{site.name} found nobody by your name there", cards=cards)
    if cards:
        return Reading(NOT_LISTED, f"{site.name} lists {cards} people by your name, none of them with your "
                                   "town, address or phone", cards=cards)
    return Reading(UNEXPECTED, f"{site.name}'s search page does not read the way repwatch expects "
                               "(no listings and no 'no results'); `repwatch exposure --self-check` tests it")
