"""The wizard's questions: plain words in a terminal (``click.prompt``), for what the flags left open.

Each question checks its answer as it is typed (``checks.py``), says in one sentence what is wrong,
and asks again; Enter skips an optional question or keeps what the config being changed has.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from repwatch.adapters.providers import keyless_defaults, provider_table, setups
from repwatch.adapters.providers.settings import Ask, Setup
from repwatch.app.wizard.answers import (
    IMAP_HOSTS,
    PRESETS,
    Answers,
    EmailAnswers,
    is_secret,
    preset_for,
    search_keys,
)
from repwatch.app.wizard.checks import (
    FREQUENCIES,
    HONORIFICS,
    email_address,
    imap_server,
    normalise_honorific,
    normalise_platform,
    parse_time,
    person_name,
    schedule_for,
    smtp_server,
    split_list,
    unique,
)
from repwatch.handles import parse_handle


# --- the questions --------------------------------------------------------------------------
def say(text: str = "") -> None:
    click.echo(text, err=True)


def _ask_list(question: str, example: str, current: list[str] | None = None) -> list[str]:
    """A comma-separated answer; with ``current`` (from the config being changed) Enter keeps it."""
    say(question)
    if current:
        raw = click.prompt(f"  ({example}; separate with commas; Enter keeps these, - for none)",
                           default=", ".join(current), err=True)
        return [] if raw.strip() == "-" else split_list(raw)
    return split_list(click.prompt(f"  ({example}; separate with commas, Enter for none)", default="",
                                   show_default=False, err=True))


def ask(answers: Answers, given: set[str]) -> Answers:
    """Ask, in plain words, every question the command-line flags left open (``given`` names them)."""
    if answers.kept or answers.name:
        say("Let's change your settings. Each question shows what you have now: Enter keeps it.\n")
    else:
        say("Let's set up repwatch. Press Enter to skip any question you'd rather not answer.\n")
    if "name" not in given:
        say("Your name, as other people would write it online (not your username).")
        answers.name = _ask_required("  Name (e.g. Joanna Whitfield)", person_name, default=answers.name)
    if "variants" not in given:
        answers.variants = _ask_list("\nAny former names, such as a maiden name?", "e.g. Joanna Brown", answers.variants)
    if "nicknames" not in given:
        answers.nicknames = _ask_list("\nNicknames people use for you?", "e.g. Jo, Jojo", answers.nicknames)
    if "honorifics" not in given:
        say("\nHow do pupils and parents address you? Choose from " + ", ".join(HONORIFICS) + ".")
        while True:
            current = ", ".join(answers.honorifics)
            raw = click.prompt("  (e.g. Ms, Mrs; separate with commas, " + ("Enter keeps these, - for none)"
                               if current else "Enter for none)"), default=current, show_default=bool(current),
                               err=True)
            picked = [normalise_honorific(h) for h in ([] if raw.strip() == "-" else split_list(raw))]
            if all(picked):
                answers.honorifics = unique([p for p in picked if p])
                break
            say("  Please use only " + ", ".join(HONORIFICS) + ".")
    if "locations" not in given:
        answers.locations = _ask_list("\nThe town or city where you live or work.", "e.g. Liverpool", answers.locations)
    if "organisations" not in given:
        answers.organisations = _ask_list("\nYour school (or schools).", "e.g. St Aidan's Primary School", answers.organisations)
    if "handles" not in given:
        answers.handles = _ask_handles(answers.handles)
    if "platforms" not in given:
        answers.platforms = [normalise_platform(p) for p in _ask_list(
            "\nWhich sites do you have accounts on? (for privacy-settings reminders)",
            "e.g. facebook, instagram, x, tiktok, linkedin", answers.platforms,
        )]
    if "frequency" not in given:
        say("\nHow often should repwatch search for you?")
        if answers.frequency in FREQUENCIES:
            answers.frequency = click.prompt(
                "  daily, twice-daily or weekly", type=click.Choice(FREQUENCIES), default=answers.frequency, err=True
            )
        else:  # a schedule of their own, from the config being changed: Enter keeps it
            answers.frequency = _ask_required("  daily, twice-daily, weekly, or a schedule like \"0 7 * * *\"",
                                              _frequency, default=answers.frequency)
    if "frequency" not in given and answers.frequency in FREQUENCIES:
        while True:
            at = click.prompt("  At what time? (24-hour clock, e.g. 07:00)", default=answers.at, err=True)
            try:
                parse_time(at)
            except ValueError as exc:
                say(f"  {exc}.")
                continue
            answers.at = at
            break
    if "email" not in given:
        answers.email = ask_email(answers.email, kept_password="email" in answers.kept)
        if answers.email is None or answers.email.password:
            answers.kept.pop("email", None)
    elif answers.email is not None and not answers.email.password and "email" not in answers.kept:
        # the flags set the email up; its password is never a flag, so it is asked here
        say(f"\nThe password {answers.email.username or answers.email.to[0]} signs in with.")
        answers.email.password = click.prompt("  Its app password (hidden as you type; Enter for none)", default="",
                                              show_default=False, hide_input=True, err=True) or None
    if "keys" not in given:
        ask_keys(answers)
    for code, setup in sorted(setups().items(), key=lambda item: item[1].advanced):  # the advanced ones last
        if code not in given:
            ask_provider(answers, code, setup)
    return answers


def _ask_handles(current: list[str]) -> list[str]:
    """The user's own accounts, each read as the config will read it; a wrong one is named and the
    list asked again with what was typed (Enter keeps it), so one slip loses nothing."""
    question = ("\nYour own public accounts, so they are never reported as someone pretending to be you.\n"
                "  A handle you use everywhere counts on every site, in that site's own form (x.com/MsWhitfieldTeach,\n"
                "  mswhitfieldteach.bsky.social, @MsWhitfieldTeach@your.server). For an account on one site only,\n"
                "  write site:handle (instagram:jo.whitfield) or paste the address of its profile page.")
    while True:
        typed = _ask_list(question, "e.g. @MsWhitfieldTeach, instagram:jo.whitfield", current)
        problems = []
        for item in typed:
            try:
                parse_handle(item)
            except ValueError as exc:
                problems.append(f"  {item!r} {exc}.")
        if not problems:
            return typed
        say("\n".join(problems))
        current, question = typed, "\nPlease correct your accounts (Enter keeps them as typed):"


def _frequency(text: str) -> str:
    word = text.strip().lower()
    if word in FREQUENCIES:
        return word
    schedule_for(text)  # a ValueError says why it is not a schedule
    return " ".join(text.split())


def ask_email(current: EmailAnswers | None = None, *, kept_password: bool = False) -> EmailAnswers | None:
    say("\nWhere should the digests go? Type your email address (e.g. jo.whitfield@gmail.com),")
    if current is not None:
        to = _ask_checked("  or type - to keep them in a folder on this computer instead", _or_dash(email_address),
                          default=current.to[0])
    else:
        to = _ask_checked("  or press Enter to keep them in a folder on this computer instead", email_address)
    if not to or to == "-":
        return None
    keys = list(PRESETS)
    say("\nWhich email account will send them? (It can be the same address.)")
    for number, key in enumerate(keys, 1):
        say(f"  {number}. {PRESETS[key].label}")
    default = keys.index(current.preset if current is not None and current.preset in keys else preset_for(to)) + 1
    number = click.prompt("  Number", type=click.IntRange(1, len(keys)), default=default, err=True)
    preset = PRESETS[keys[number - 1]]
    say(f"\n{preset.help}")
    if preset.key == "none":
        return None
    host, port, security = preset.host, preset.port, preset.security
    if preset.key == "custom":
        same = current is not None and current.preset == "custom"
        host = _ask_required("  SMTP server (e.g. smtp.example.org)", smtp_server,
                             default=current.host if same and current else "")
        security = click.prompt("  Security", type=click.Choice(["starttls", "ssl", "none"]),
                                default=current.security if same and current else "starttls", err=True)
        port = click.prompt("  Port", type=click.IntRange(1, 65535),
                            default=current.port if same and current and current.security == security
                            else {"starttls": 587, "ssl": 465, "none": 25}[security], err=True)
    login = current.username if current is not None and current.username else to
    username = click.prompt("  The address you sign in with at that service", default=login, err=True).strip()
    keep = "Enter keeps the one you have" if kept_password else "Enter for none"
    password = click.prompt(f"  Its app password (hidden as you type; {keep})", default="",
                            show_default=False, hide_input=True, err=True)
    assert host is not None and port is not None
    imap_host = ask_replies(preset.key, current)
    return EmailAnswers([to], preset.key, host, port, security, username or None, password or None, imap_host,
                        current.imap_password if current is not None and imap_host else None)


def ask_replies(preset: str, current: EmailAnswers | None) -> str | None:
    """Answering by replying: repwatch reads the replies to its digests from her mailbox (IMAP)."""
    say("\nYou can answer a digest from your phone by replying to it (\"not me 12\"). For that, repwatch")
    say("reads your replies from your mailbox with the same login (it looks only at replies to its digests).")
    had = current.imap_host if current is not None else None
    if not click.confirm("  Read your replies?", default=bool(had) if current is not None else True, err=True):
        return None
    known = IMAP_HOSTS.get(preset)
    if known and (not had or had == known):
        return known
    return _ask_required("  Its IMAP server (e.g. imap.example.org)", imap_server, default=had or known or "")


def ask_keys(answers: Answers) -> None:
    keyless = [provider_table()[name].name for name in keyless_defaults()]
    say(f"\nrepwatch can already search {', '.join(keyless[:-1])} and {keyless[-1]} with no keys:")
    say("that is enough to start. A search key adds Google or Brave results. Add one now? (You can")
    say("run `repwatch init` again later.)")
    have = [i for i in search_keys() if i.provider in answers.kept]
    if have:
        say("You have: " + ", ".join(i.label for i in have) + ". Enter keeps each.")
    if not click.confirm("  Add or change a search key now?" if have else "  Add a search key now?",
                         default=False, err=True):
        return
    for info in search_keys():
        say(f"\n{info.label}: get one at {info.where}; {info.quota}.")
        skip = "Enter keeps the one you have" if info.provider in answers.kept else "Enter to skip"
        value = click.prompt(f"  Paste it here (hidden; {skip})", default="", show_default=False,
                             hide_input=True, err=True).strip()
        if value:
            answers.keys[info.provider] = value


def _or_dash(check: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "-" if text.strip() == "-" else check(text)


def _ask_checked(prompt: str, check: Callable[[str], str], *, default: str = "") -> str | None:
    """Ask until ``check`` accepts the answer, saying in one sentence what was wrong; None on Enter,
    because skipping is always allowed."""
    while True:
        raw = click.prompt(prompt, default=default, show_default=bool(default), err=True).strip()
        if not raw:
            return None
        try:
            return check(raw)
        except ValueError as exc:
            say(f"  {exc}")


def _ask_required(prompt: str, check: Callable[[str], str], *, default: str = "") -> str:
    """Ask until ``check`` accepts the answer (Enter keeps ``default`` when there is one)."""
    while True:
        raw = click.prompt(prompt, default=default or "", show_default=bool(default), err=True)
        try:
            return check(raw)
        except ValueError as exc:
            say(f"  {exc}")


def _ask_secret(prompt: str) -> str | None:
    """A password or token, hidden as it is typed; None on Enter."""
    value = click.prompt(prompt, default="", show_default=False, hide_input=True, err=True).strip()
    return value or None


def ask_provider(answers: Answers, code: str, setup: Setup) -> None:
    """A provider's own questions, as its class declares them (``Provider.setup``): what it adds, a
    yes or no (No is the default for someone who has not set it up), then each setting, checked as it
    is typed. Leaving a needed one empty skips the provider, saying so; what was kept stays kept."""
    say("\n" + setup.intro)
    current = answers.settings.get(code, {})
    if not click.confirm(f"  {setup.confirm}", default=bool(current) or code in answers.kept, err=True):
        answers.settings.pop(code, None)
        answers.kept.pop(code, None)
        return
    got: dict[str, str] = {}
    secret: str | None = None
    for ask in setup.asks:
        if ask.before:
            say("  " + ask.before.replace("\n", "\n  "))
        if is_secret(code, ask):
            secret = _ask_hidden(ask, kept=code in answers.kept)
            value = secret or ("kept" if code in answers.kept else None)
        else:
            default = current.get(ask.setting) or (ask.guess(answers.handles) if ask.guess else "")
            prompt = f"  {ask.prompt}" + (f" {ask.hint}" if ask.hint and not default else "")
            value = _ask_checked(prompt, ask.check or str.strip, default=default)
            if value:
                got[ask.setting] = value
        if value is None and ask.needed:
            if ask.skipped:
                say(f"  {ask.skipped}")
            answers.settings.pop(code, None)
            answers.kept.pop(code, None)
            return
        if value and ask.after:
            say(f"  {ask.after}")
    answers.settings[code] = got
    if secret is not None:
        answers.keys[code] = secret


def _ask_hidden(ask: Ask, *, kept: bool) -> str | None:
    """A password or token, hidden as it is typed and checked; None on Enter (which keeps a kept one)."""
    keep = "Enter keeps the one you have" if kept else "Enter to skip"
    while True:
        value = _ask_secret(f"  {ask.prompt} (hidden as you type; {keep})")
        if value is None or ask.check is None:
            return value
        try:
            return ask.check(value)
        except ValueError as exc:
            say(f"  {exc}")
