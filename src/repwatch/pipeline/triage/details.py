"""Her personal details given out near her name (the `personal_info` flag): a phone number, an email
address, a postcode, a home street, a date of birth, or a people-search site's listing. A school's or an
organisation's own contact details are not hers.
"""

from __future__ import annotations

import re

from repwatch.pipeline.triage.scene import Scene
from repwatch.pipeline.triage.text import CLAUSE, Lexicon, fold, words_sentence
from repwatch.pipeline.triage.who import Reading, Who
from repwatch.pipeline.urls import registered_domain

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}\b")


_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?!\d)"
)


# A number written with its last digits hidden ("01782 31xxxx"): still her number, given out.
_MASKED_PHONE = re.compile(r"(?<![\w+])\(?0\d{2,4}\)?[\s\-]?\d{0,4}[xX*]{2,}[\dxX*]*(?:[\s\-][\dxX*]{2,4})?(?![\w])")


_EMAIL = re.compile(r"(?<![@\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"


_DOB = re.compile(
    r"\b(?:born(?: on| in)?|d\.?o\.?b\.?|date of birth)[:\s]+(?:"
    rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}}|(?:19|20)\d{{2}})\b"
    rf"|\bbirthday(?: is)?(?: on)?(?: the)?[:\s]+(?:\d{{1,2}}(?:st|nd|rd|th)?(?: of)?\s+{_MONTH}\b|\d{{1,2}}[/.]\d{{1,2}}\b)"
)


# A birthday, then a full date with its year: "Happy 40th to our Jo Whitfield 🎂🥂 3rd March 1986".
_BIRTHDAY_DATE = re.compile(
    rf"(?:\bhappy\s+\d{{1,3}}(?:st|nd|rd|th)\b|\bbirthday\b|\bbday\b|\U0001f382)[^.|\n]{{0,60}}?"
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+(?:19|20)\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})\b"
)


_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Grove|"
    r"Crescent|Way|Gardens|Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale|Lea|Brae|Wynd|Loan|Gate|Parade|"
    r"Chase|Croft|Fold|Garth|Mount|Meadows|Grange|Bank|Heights|Crest|Ridge|Dale|Nook|Wharf|Quay|Yard)\b"
)


_STREET_NAME = (
    r"(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Grove|Crescent|Way|Gardens|"
    r"Terrace|Place|Court|Mews|Rise|View|Walk|Row|Square|Green|Vale|Lea|Brae|Wynd|Loan|Gate|Parade|Chase|Croft|Fold|"
    r"Garth|Mount|Meadows|Grange|Bank|Heights|Crest|Ridge|Dale|Nook|Wharf|Quay|Yard)\b"
)  # not Hill or Park: "lives in Mossley Hill" names a district, not a street


# A word for home, then (in the same clause) a street: "her house on Larkhill Road", "moved into one of
# the new builds on Brodie Avenue". Street names need their capitals, so this runs on the text as written.
_HOME_STREET = re.compile(
    r"(?i:\b(?:lives?|living|lived|bides?|biding|stays|homes?|houses?|hooses?|flats?|moved|moving|address|no\.?\s*\d{1,4}|number\s+\d{1,4})\b)"
    rf"(?P<between>[^.!?;|\n]{{0,60}}?)\b(?i:on|in|at|off|of|along|up|down)\s+(?:the\s+)?(?P<street>{_STREET_NAME})"
    # "She's on Lochfield Crescent if anyone wants a word": where she is found, said of her
    # or somewhere on a street: "he's in the new builds on Balwearie Gardens", "she's up one of the flats off Mill Road"
    rf"|(?i:\b(?:she|he)(?:'s|\u2019s|\s+is)\s+(?:on|in|at|up|off)\s+)"
    rf"(?P<between2>(?:[\w'\u2019\-]+\s+){{0,5}}?(?i:on|off|in|at)\s+(?:the\s+)?)?(?P<street2>{_STREET_NAME})"
)


# A word for home, then a postcode district: "she lives in LE2", "moved round L17".
_HOME_DISTRICT = re.compile(
    r"(?i:\b(?:lives?|living|lived|homes?|houses?|flats?|moved|moving|address)\b)[^.!?;|\n]{0,30}?"
    r"\b(?i:in|at|near|round|around|to)\s+(?P<district>[A-Z]{1,2}[0-9][0-9A-Z]?)\b"
)


def personal_info(r: Reading, who: Who, lex: Lexicon, text: str, sc: Scene) -> str | None:
    if r.shape.platform == "people_search":
        return f"{r.host} is a people-search site: such sites list addresses, phone numbers and relatives."
    if r.shape.platform == "school" or _her_schools_site(r, who):
        return None  # a school's own page gives the school's address and phone, not the person's
    facts: list[str] = []
    for what, pattern, source in (
        ("a postcode", _POSTCODE, r.raw),
        ("a phone number", _PHONE, r.raw),
        ("a phone number", _MASKED_PHONE, r.raw),
        ("an email address", _EMAIL, r.raw),
        ("a street address", _STREET, r.raw),
        ("a date of birth", _DOB, text),
        ("a date of birth", _BIRTHDAY_DATE, text),
    ):
        for m in pattern.finditer(source):
            found = (r.raw[m.start() : m.end()] if m.end() <= len(r.raw) else m.group(0)).strip()  # as written, not folded
            if what == "a phone number" and len(re.sub(r"[^\dxX*]", "", found.replace("+44", "0"))) not in (10, 11):
                continue
            if what == "an email address" and _organisations_mailbox(found, who):
                continue  # "tayview.primary@dundeecity.gov.uk", "office@…": the school's, not hers
            if what == "a street address" and re.search(r"(?i)\b(?:year|y)\s*$", source[: m.start()]):
                continue
            if what != "a date of birth" and _organisations_own(lex, source, m.start()):
                continue  # "contact the academy office on 0191 …": the school's number, not hers
            if r.near(m.start(), m.end()):
                facts.append(f"{what} ({found})")
                break
    if not facts:
        home = _home_street(r, lex, who) or _street_after_name(r, who)
        if home:
            facts.append(f"a home street ({home})")
        else:
            district = _HOME_DISTRICT.search(r.raw)
            if district and r.near(district.start("district"), district.end("district")):
                facts.append(f"the postcode district of a home ({district.group('district')})")
    if facts:
        listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
        verb = "appears" if len(facts) == 1 else "appear"
        return f"{listed[0].upper()}{listed[1:]} {verb} near your name."
    words = _found_stated(r, lex.personal_info, text, sc)
    if words:
        return words_sentence(words)
    return None


_ORG_MAILBOX = re.compile(r"^(?:info|office|admin|enquir\w*|contact|reception|head|headteacher|bookings?|hello|"
                          r"sales|support|mail|school|post|swyddfa|ymholiadau)\b")


_ORG_DOMAINS = (".gov.uk", ".sch.uk", ".nhs.uk", ".ac.uk", ".police.uk", ".gov.wales", ".llyw.cymru", ".gov.scot")


def _organisations_mailbox(address: str, who: Who) -> bool:
    """An email address that is an organisation's own: a shared mailbox ("office@", "info@"), a public
    body's or a school's domain, or one that carries her school's name ("tayview.primary@…")."""
    local, _, domain = fold(address).partition("@")
    if _ORG_MAILBOX.match(local) or domain.endswith(_ORG_DOMAINS):
        return True
    return any(len(core) >= 5 and core in re.sub(r"[^0-9a-z]", "", local + domain) for _, _, core in who.orgs)


def _her_schools_site(r: Reading, who: Who) -> bool:
    """A page on her school's own site (its address holds the school's name: ysgolbetws.cymru)."""
    site = re.sub(r"[^0-9a-z]", "", registered_domain(r.key))  # not a forum's subdomain: staidans.freeforums.net
    return any(len(core) >= 5 and core in site for _, _, core in who.orgs)


def _organisations_own(lex: Lexicon, source: str, start: int) -> bool:
    """The words just before a number or address say it is an organisation's own contact."""
    before = re.split(r"[.!?|\n]", fold(source[max(0, start - 40) : start]))[-1]
    return bool(lex.organisation_contact.search(before))


def _found_stated(r: Reading, pattern: re.Pattern[str] | None, text: str, sc: Scene) -> list[str]:
    """Words near the name in sentences that state something: "where does she live?" tells nothing,
    nor does "does anyone know what road she lives on" written without its question mark."""
    if pattern is None:
        return []
    asking = {sc.clause[h.first] for h in sc.of("ask")}
    seen: list[str] = []
    for m in pattern.finditer(text):
        end = CLAUSE.match(text, m.start())
        if end is not None and text.startswith("?", end.end()):
            continue
        token = next((i for i, t in enumerate(sc.tokens) if t.end > m.start()), None)
        if token is not None and sc.clause[token] in asking:
            continue
        if _THEIRS.search(text[max(0, m.start() - 60) : m.start()].split(".")[-1]):
            continue  # "message me your child's full name, photo and date of birth": the children's, not hers
        if r.near(m.start(), m.end()) and m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


_THEIRS = re.compile(r"\b(?:your|their|child's|childs|children's|childrens|kids'|kid's|pupils'|son's|daughter's)\b")


_FROM_STREET = re.compile(rf"^(?:,?\s*(?:aged\s+)?\d{{1,3}},)?\s+(?:(?i:here)\s+)?(?i:from|of)\s+(?P<street>{_STREET_NAME})")


_NOT_HOME_AFTER = re.compile(r"\s+(?i:primary|school|academy|college|nursery|surgery|library|church|station|clinic|centre|practice)\b")


def _schools_street(street: str, who: Who) -> bool:
    """The street is her school's name ("Ms Rahman from Roman Road" for Roman Road Primary School)."""
    squashed = re.sub(r"[^0-9a-z]", "", fold(street))
    return any(len(squashed) >= 5 and squashed in re.sub(r"[^0-9a-z]", "", fold(org)) for org, _, _ in who.orgs)


def _street_after_name(r: Reading, who: Who) -> str | None:
    """A street right after the name: "Rachel Hill here from Elm Road", "Jo Bell, 41, of Park Lane"."""
    for _, _, start, end in r.name_hits:
        if 0 <= start < len(r.raw):
            m = _FROM_STREET.match(r.raw[end:])
            if m and not _NOT_HOME_AFTER.match(r.raw[end + m.end() :]) and not _schools_street(m.group("street"), who):
                return m.group("street")
    return None


def _home_street(r: Reading, lex: Lexicon, who: Who) -> str | None:
    """A street named as someone's home, without a house number: still enough to find them."""
    for m in _HOME_STREET.finditer(r.raw):
        key = "street" if m.group("street") else "street2"
        if lex.not_home.search(fold(m.group("between") or m.group("between2") or "")) or _schools_street(m.group(key), who):
            continue  # "her school on Aigburth Road": a workplace's street, not a home
        if r.near(m.start(key), m.end(key)):
            return m.group(key)
    for m in (lex.home_street.finditer(r.text[: len(r.raw)]) if lex.home_street else ()):  # "lives on penny lane"
        if r.near(m.start("street"), m.end("street")) and not lex.not_home.search(m.group("street")):
            return m.group("street")
    return None
