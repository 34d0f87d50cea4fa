"""Is a found account the person's own, someone pretending to be them, or just an account in their name?

The contract's three outcomes for an account in the person's name:
1. one of theirs (``handles``): no flag (such accounts are never checked in the first place);
2. signs of pretending to be them (it claims their school, role or town, offers contact or pupils'
   photos, or is their handle in look-alike letters): ``impersonation``;
3. otherwise ``unconfirmed_account``: "an account in your name; is it yours?", in calm words, also when it
   is only named much like one of their handles or is a second account on a site where they have one:
   neither claims anything of them.

Under a username many people share (``Candidate.weak``: "jwhitfield", "jowhitfield") a found account is
mostly a stranger's. It is judged as above only when its page points at the person (their name as its
display name, their school, town, work, honorific or handle); otherwise it is not about them: kept as
checked, never asked about (``NO_SIGN``), and judged again at its next check.

Everything else triage says about the page (safeguarding, negative words, personal details) comes
from ``triage.assess`` reading the account's display name and bio as a result's title and snippet.
"""

from __future__ import annotations

import difflib
import re

from repwatch.config import Profile
from repwatch.handles import Account, disguised, normal, site_of
from repwatch.models import RELEVANT, Flag, Result
from repwatch.pipeline.accounts.candidates import own_handles, school_word
from repwatch.pipeline.accounts.check import FoundAccount
from repwatch.pipeline.accounts.pairs import UNCONFIRMED
from repwatch.pipeline.person import Person
from repwatch.pipeline.triage import LOOKALIKE, Accounts, Assessment, assess, fold, lexicon, person, squash
from repwatch.pipeline.urls import canonical_url, registered_domain, shape_of

FOUND_SCORE = round(RELEVANT + 0.1, 2)  # an account under a form of the name is about the person until told not
UNLINKED_SCORE = round(RELEVANT - 0.2, 2)  # under a shared form, with nothing on its page that points at the person


def account_result(found: FoundAccount) -> Result:
    """The found account as a search result of kind ``account``: display name as title, bio as snippet."""
    title = found.display_name or f"{found.username} on {found.site.name}"
    result = Result(
        url=found.url, title=title, snippet=found.bio, provider=found.site.name, kind="account",
        query=found.username, rank=1, platform=found.site.platform,
    )
    result.canonical_url = canonical_url(found.url)
    result.domain = registered_domain(found.url)
    result.photo_match = found.photo_match  # its avatar looks like her photo (pipeline/photos.py)
    if found.avatar:
        result.thumbnail = found.avatar
    return result


def _role(text: str) -> re.Match[str] | None:
    """A claim to be a teacher: the role words triage reads, where "yoga teacher" is another trade."""
    lex = lexicon()
    return lex.role.search(lex.other_teaching.sub(" ", text))


def impersonation_sign(found: FoundAccount, profile: Profile) -> str | None:
    """The reason this account looks like someone pretending to be the person, or None."""
    lex = lexicon()
    site = found.site.name
    text = fold(f"{found.display_name} | {found.bio}")
    squashed = squash(text)
    for org in profile.organisations:
        short = school_word(org)
        if fold(org) in text or (len(short) >= 5 and short in squashed):
            return f"The {site} account {found.username} names your school, {org}, in its profile."
    for place in profile.locations:
        if place.strip() and squash(place) and fold(place) in text:
            return f"The {site} account {found.username} names your town, {place}, in its profile."
    role = _role(text)
    if role:
        return f"The {site} account {found.username} says it is a teacher ('{role.group(0)}') in its profile."
    children = lex.children.search(text)
    offer = lex.contact.search(text) or (children if children and lex.photographed.search(text) else None)
    if offer:
        words = offer.group(0)
        return f"The {site} account {found.username} offers contact or pupils' pictures ('{words}')."
    own = own_handles(profile)
    copied = next((h for h in own if disguised(found.username, h.handle)), None)
    if copied is not None:
        return (f"The {site} account {found.username} is your handle {copied.handle} spelled with look-alike letters, "
                "but is not it.")
    # Named much like one of her handles, or a second account where she has one: neither claims anything
    # of her (people's names are alike, and a namesake may have an account anywhere), so with no claim
    # above it is "is it yours?", not an alarm.
    return None


def link_to_person(found: FoundAccount, profile: Profile) -> str | None:
    """What on the account's page points at the person, or None: a stranger's account that shares a
    common form of their name. A display name that only repeats the username says nothing."""
    who = person(profile)
    repeated = fold(found.display_name).strip().lstrip("@") == fold(found.username)  # many sites' default
    display = "" if repeated else found.display_name
    text = fold(f"{display} | {found.bio}")
    squashed_display = squash(display)
    for name in who.names:
        if name.strength in ("full", "nickname", "honorific") and (
            name.pattern.search(text) or (squashed_display and squash(name.text) in squashed_display)
        ):
            return f"its profile gives your name, {name.text}"
    for org in profile.organisations:
        short = school_word(org)
        if fold(org) in text or (len(short) >= 5 and short in squash(text)):
            return f"it names your school, {org}"
    for place in profile.locations:
        if place.strip() and fold(place) in text:
            return f"it names your town, {place}"
    role = _role(text)
    if role:
        return f"it says it is a teacher ('{role.group(0)}')"
    words = {w.lstrip("@").rstrip(".,;:!?") for w in fold(found.bio).split()}
    username = squash(found.username)
    for handle in own_handles(profile):
        core = squash(handle.handle)
        if fold(handle.handle) in words:
            return f"it mentions your handle {handle.handle}"
        if len(core) >= 6 and username != core and difflib.SequenceMatcher(None, username, core).ratio() >= LOOKALIKE:
            return f"it is named much like your handle {handle.handle}"
    return None


def judge(
    found: FoundAccount,
    who: Profile | Person,
    *,
    dismissed_domains: tuple[str, ...] | list[str] = (),
    dismissed_urls: tuple[str, ...] | list[str] = (),
    accounts: Accounts | None = None,
) -> tuple[Result, Assessment]:
    """The account as a result, and triage's verdict on it with the three-way account outcome.

    Triage reads the account from its address where it knows the platform's addresses, with the
    display name and bio as the result's title and snippet, and its answer stands. Where it cannot
    (a site it has no address shapes for, or an account it could not score), the account is judged
    here, by the site's platform and the username checked, on the same signs.
    """
    me = who if isinstance(who, Person) else Person.of(who)
    profile = me.profile
    result = account_result(found)
    verdict: Assessment = assess(result, me, dismissed_domains=dismissed_domains, dismissed_urls=dismissed_urls,
                                 accounts=accounts)
    if shape_of(found.url, "account").platform in ("web", "news"):
        # a site triage has no address shapes for: whether its account is hers is judged here, in the
        # site's own name and on the watch's signs (triage names such an account by its host)
        said = f"{site_of(found.url)} account"
        verdict.flags = [f for f in verdict.flags if not (f.code in ("impersonation", UNCONFIRMED) and said in f.reason)]
    if verdict.drop or verdict.own:  # hidden, or one of the user's own accounts (handles or `mine`)
        return result, verdict
    book = accounts or Accounts(own=me.own_accounts, blocked=me.blocked_accounts)
    account = Account(found.site.platform, normal(found.username, found.site.platform, strict=True), site_of(found.url))
    copied = any(f.code == "impersonation" for f in verdict.flags)  # her handle, on a page that says it is not her
    if not copied and any(h.matches(account) for h in (*person(profile).handles, *book.own)):
        return result, Assessment(verdict.score, [f"It is your own {found.site.name} account ({found.username})."],
                                  own=True, about="you", about_reasons=["it is one of your own accounts"])
    if any(h.matches(account) for h in book.blocked):
        return result, Assessment(0.0, [f"You hid every page of the {found.site.name} account {found.username}."],
                                  drop=True, about="someone_else")
    found_reason = f"An account named {found.username} exists on {found.site.name}: {found.candidate.reason}."
    if found.candidate.weak:
        link = link_to_person(found, profile)
        if link is None:  # a stranger's, as far as anything on the page says: not asked about
            return result, Assessment(min(verdict.score, UNLINKED_SCORE), [
                found_reason,
                f"Many people have usernames like {found.username}, and nothing on this account's page points to "
                "you (your name, school, town, work or handle), so it is not asked about.",
            ], about="someone_else", about_reasons=[f"many people have usernames like {found.username}"])
        found_reason += f" Its page points to you: {link}."
    named = verdict.about_reasons[:1] != ["your name is not on it"]  # the username is a form of her name
    if verdict.about == "someone_else" and named and not any(f.code == "impersonation" for f in verdict.flags):
        return result, verdict  # a stranger's own account, under their own name and their own life
    score = max(verdict.score, FOUND_SCORE)
    about = verdict.about if named else "unsure"
    about_reasons = verdict.about_reasons if named else [f"an account named {found.username}, a form of your name"]
    if any(f.code in ("impersonation", UNCONFIRMED) for f in verdict.flags):
        return result, Assessment(score, [found_reason, *verdict.reasons], verdict.flags, about=about,
                                  about_reasons=about_reasons)
    flags = list(verdict.flags)
    sign = impersonation_sign(found, profile)
    if sign:
        flags.append(Flag("impersonation", sign))
        about, about_reasons = "you", [sign.rstrip("."), *verdict.about_reasons]
    else:
        shown = f" ({found.display_name})" if found.display_name and found.display_name != found.username else ""
        flags.append(Flag(
            UNCONFIRMED,
            f"An account in your name on {found.site.name}: {found.username}{shown}. Is it yours?",
        ))
    if about != "you":  # an account in her name is about her whoever runs it: "is it yours?"
        about, about_reasons = "you", ["an account in your name", *about_reasons[1:]]
    return result, Assessment(score, [found_reason, *verdict.reasons], flags, about=about, about_reasons=about_reasons)
