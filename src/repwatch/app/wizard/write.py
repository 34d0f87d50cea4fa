"""The wizard's writing: answers become a commented config file, secrets go where they are kept.

Secrets (the email password, search keys, the Bluesky app password, the Mastodon access token)
never go into the file as text unless the user chose that and was told: they go to the system
keyring (``keyring:NAME``) when a safe one is available, else the file names an environment
variable (``${NAME}``) and the user is told to set it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit

from repwatch.adapters import secrets
from repwatch.adapters.providers import keyless_defaults, provider_table, setups
from repwatch.app.wizard.answers import (
    PRESETS,
    SMTP_SECRET,
    Answers,
    EmailAnswers,
    KeyInfo,
    all_secrets,
    describe_schedule,
    is_secret,
    keys_by_provider,
    provider_keys,
    search_keys,
    secret_info,
    secret_setting,
)
from repwatch.config import parse
from repwatch.errors import UsageError
from repwatch.paths import write_atomically
from repwatch.readconfig import toml_problem


# --- secrets --------------------------------------------------------------------------------
@dataclass
class SecretRef:
    """Where one secret went: the text the config holds, and a sentence for the user.

    Modes: ``keyring`` (the system keyring), ``envfile`` (``${VAR}`` in the config, the value in
    the owner-only secrets.env beside it), ``env`` (``${VAR}``; the user sets the variable) and
    ``file`` (the value in the config file itself)."""

    info: KeyInfo
    mode: str  # keyring | envfile | env | file
    value: str  # the secret itself (in memory only)

    @property
    def reference(self) -> str:
        if self.mode == "keep":
            return self.value
        if self.mode == "keyring":
            return f"keyring:{self.info.keyring_name}"
        if self.mode in ("env", "envfile"):
            return f"${{{self.info.env}}}"
        return self.value

    @property
    def comment(self) -> str:
        if self.mode == "keep":
            return "as it was before `repwatch init` was run again"
        if self.mode == "keyring":
            return "kept in your system keyring, not in this file"
        if self.mode == "envfile":
            return (f"kept in secrets.env beside this file (only you can read it); change it with "
                    f"`repwatch init --set-secret {self.info.keyring_name}`")
        if self.mode == "env":
            return f"set the environment variable {self.info.env} wherever repwatch runs"
        return "WARNING: stored in this file in plain text, as you chose; keep this file private"


def place_secrets(answers: Answers, mode: str, *, store: Any = None, fallback: str = "envfile") -> list[SecretRef]:
    """Put every secret somewhere: the keyring when it is wanted and safe, else ``fallback``
    (the owner-only secrets file, unless the user chose otherwise), or where ``mode`` says."""

    store = store or secrets.store_secret
    wanted: list[tuple[KeyInfo, str]] = []
    if answers.email is not None and answers.email.password:
        wanted.append((SMTP_SECRET, answers.email.password))
    for provider, value in answers.keys.items():
        if value:
            wanted.append((keys_by_provider()[provider], value))
    refs = []
    typed = {info.provider for info, _ in wanted}
    for provider, reference in answers.kept.items():
        if provider not in typed:
            info = SMTP_SECRET if provider == "email" else keys_by_provider()[provider]
            refs.append(SecretRef(info, "keep", reference))
    for info, value in wanted:
        chosen = mode
        if mode in ("auto", "keyring"):
            chosen = "keyring" if store(info.keyring_name, value) else fallback
        refs.append(SecretRef(info, chosen, value))
    return refs


def env_lines(refs: list[SecretRef], *, env_file: Any = None) -> list[str]:
    """The exact lines that set each ``env`` secret's variable for a shell, systemd, cron and
    launchd, with … where the value goes (the values themselves are never printed)."""
    names = [r.info.env for r in refs if r.mode == "env"]
    if not names:
        return []
    plist = "".join(f"<key>{n}</key><string>…</string>" for n in names)
    out = [
        "To set them, put each value where the … is:",
        "  In a terminal (and in ~/.profile, so new terminals have them too):",
        *[f"    export {n}='…'" for n in names],
        "  In the systemd service `repwatch schedule --systemd` prints, under [Service]:",
        *[f"    Environment={n}=…" for n in names],
        "  In your crontab (`crontab -e`), above the repwatch line:",
        *[f"    {n}=…" for n in names],
        "  In the launchd agent `repwatch schedule --launchd` prints, inside its first <dict>:",
        f"    <key>EnvironmentVariables</key><dict>{plist}</dict>",
    ]
    if env_file is not None:
        first = next(r.info.keyring_name for r in refs if r.mode == "env")
        out.append(f"Or let repwatch keep them in {env_file}, readable only by you, which repwatch and "
                   f"its timers read: `repwatch init --set-secret {first}` (and so on for each).")
    return out


# --- the config text ------------------------------------------------------------------------
def toml_str(value: str) -> str:
    """A TOML basic string, escaped by a TOML library: JSON's escapes are not enough (JSON leaves
    U+007F DELETE bare, which TOML forbids, so a name typed with it made a file tomllib rejects)."""
    return tomlkit.string(value).as_string()


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_str(v) for v in values) + "]"


def render_config(answers: Answers, refs: list[SecretRef], *, plain_secrets: bool = False) -> str:
    """The config file's text, every setting with a comment. ``plain_secrets`` puts each secret's
    value in place of its reference: only for checking the file in memory, never for writing."""
    by_field = {(r.info.provider, r.info.field): r for r in refs}

    def secret(provider: str, name: str) -> tuple[str, str] | None:
        ref = by_field.get((provider, name))
        if ref is None:
            return None
        if plain_secrets and ref.mode == "keep":
            return "kept-secret", ref.comment  # checked for shape only; the real one is not read
        return (ref.value if plain_secrets else ref.reference), ref.comment

    out = _profile_lines(answers) + _provider_lines(answers, secret)
    out += _email_lines(answers.email, secret("email", "password"))
    out += [
        "",
        "[evidence]",
        "# Save a copy of pages that need attention when they are found: flagged | all | none.",
        "capture = \"flagged\"",
        "# chromium_path = \"/usr/bin/chromium\"   # for screenshots; default: Chromium found on this computer",
        "",
    ]
    return "\n".join(out)


def _profile_lines(answers: Answers) -> list[str]:
    """The file's head, [repwatch] and the person's [[profile]]."""
    return [
        f"# repwatch configuration, written by `repwatch init` on {date.today().isoformat()}.",
        "# Change anything here with a text editor, then run `repwatch doctor` to check it.",
        "# Text may use ${ENV_VAR} (read from the environment) or keyring:NAME (read from your",
        "# system's keyring), so that passwords never need to sit in this file.",
        "",
        "[repwatch]",
        "# database = \"~/.local/share/repwatch/repwatch.db\"   # where results are kept; default: your user data folder",
        "# timezone = \"Europe/London\"                          # for the schedule; default: this computer's",
        "",
        "# The person to watch. Add another [[profile]] block to watch someone else too.",
        "[[profile]]",
        "# Your name as other people would write it.",
        f"name = {toml_str(answers.name)}",
        "# Other names you have used: maiden name, former name.",
        f"variants = {toml_list(answers.variants)}",
        "# Nicknames people use for you.",
        f"nicknames = {toml_list(answers.nicknames)}",
        "# Also try common nicknames of your first name (Jo for Joanna)?",
        "auto_nicknames = false",
        "# How pupils and parents write your name: \"Ms Whitfield\".",
        f"honorifics = {toml_list(answers.honorifics)}",
        "# Towns searched together with your name, as the guide advises.",
        f"locations = {toml_list(answers.locations)}",
        "# Your school or workplace, searched together with your name.",
        f"organisations = {toml_list(answers.organisations)}",
        "# Your own public accounts: never reported as someone pretending to be you.",
        f"handles = {toml_list(answers.handles)}",
        "# Sites where you have accounts: the digest reminds you of their privacy settings.",
        f"platforms = {toml_list(answers.platforms)}",
        "# Results containing these words are about someone else (e.g. \"realtor\").",
        "exclude = []",
        "# Websites that are about someone else with your name.",
        "exclude_domains = []",
        f"# When to search: {describe_schedule(answers.schedule)}. A 5-field cron line, or \"every 6h\".",
        f"schedule = {toml_str(answers.schedule)}",
        "# The most searches one run sends.",
        "max_queries = 40",
        "",
    ]


def _provider_lines(answers: Answers, secret: Callable[[str, str], tuple[str, str] | None]) -> list[str]:
    """The [providers.*] sections, each from its class: the keyless ones, each search key, then the
    providers with questions of their own (an address, a login) as the answers left them."""
    table, own = provider_table(), setups()
    keyless = [table[code].name for code in keyless_defaults()]
    out = [
        f"# Search providers. These need no key: {', '.join(keyless[:-1])} and {keyless[-1]}.",
        "# Only providers with a section here are used; set enabled = false to pause one.",
        "# Each also takes: kinds, rate_per_second, max_results, timeout_s, monthly_quota.",
        "",
    ]
    for code in keyless_defaults():
        if code not in own:
            out += [f"[providers.{code}]", ""]
    for info in search_keys():
        value = secret(info.provider, info.field)
        out.append(f"# {info.label}: get one at {info.where}; {info.quota}.")
        if value is None:
            out += [f"# [providers.{info.provider}]", f"# api_key = \"${{{info.env}}}\"", ""]
            continue
        out += [f"[providers.{info.provider}]", f"# {value[1]}", f"api_key = {toml_str(value[0])}"]
        if info.cap is not None:
            out.append(f"monthly_quota = {info.cap:<24}# never more calls than this in a month")
        out.append("")
    for code, setup in own.items():
        given = answers.settings.get(code, {})
        lines = []
        for ask in setup.asks:
            if is_secret(code, ask):
                value = secret(code, ask.setting)
                if value is not None:
                    lines += [f"# {value[1]}", f"{ask.setting} = {toml_str(value[0])}"]
                    continue
                key = table[code].key
                example = f"${{{key.env}}}" if key is not None else ""
            elif given.get(ask.setting):
                lines.append(f"{ask.setting} = {toml_str(given[ask.setting])}")
                continue
            else:
                example = ask.example
            lines.append(f"# {ask.setting} = {toml_str(example)}" + (f"   # {ask.note}" if ask.note else ""))
        used = table[code].keyless or any(not line.startswith("#") for line in lines)
        out += [f"# {setup.comment}", f"{'' if used else '# '}[providers.{code}]", *lines, ""]
    return out


def _email_lines(email: EmailAnswers | None, password: tuple[str, str] | None) -> list[str]:
    if email is None:
        return [
            "# No [email] section: digests are saved in the outbox folder beside the database.",
            "# Run `repwatch init` again, or fill this in, to have them emailed.",
            "# [email]",
            "# to = [\"you@example.org\"]",
            "# from = \"repwatch <you@example.org>\"",
            "# smtp_host = \"smtp.example.org\"",
            "# smtp_port = 587",
            "# security = \"starttls\"                 # starttls | ssl | none",
            "# username = \"you@example.org\"",
            "# password = \"${REPWATCH_SMTP_PASSWORD}\"",
        ]
    preset = PRESETS.get(email.preset)
    label = preset.label if preset and email.preset != "custom" else "your email service"
    lines = [
        f"# Digests are emailed through {label}.",
        "[email]",
        f"to = {toml_list(email.to)}",
        f"from = {toml_str(email.sender)}",
        f"smtp_host = {toml_str(email.host)}",
        f"smtp_port = {email.port}",
        f"security = {toml_str(email.security)}                 # starttls | ssl | none",
    ]
    if email.username:
        lines.append(f"username = {toml_str(email.username)}")
    if password:
        lines += [f"# {password[1]}", f"password = {toml_str(password[0])}"]
    lines += [
        "# An all-clear email when nothing is new, so silence never hides a stopped monitor.",
        "send_when_nothing_new = true",
    ]
    if email.imap_host:
        lines += [
            "",
            "# Answer a digest by replying to it (\"not me 12\"): repwatch reads your replies from this mailbox.",
            "[email.replies]",
            "enabled = true",
            f"imap_host = {toml_str(email.imap_host)}",
            "# It logs in as above, with the same app password; another one: repwatch init --set-secret imap-password",
        ]
        if email.imap_password:
            lines.append(f"password = {toml_str(email.imap_password)}")
    return lines


def check_config(answers: Answers, refs: list[SecretRef]) -> Any:
    """The config the file will give, validated in memory with the real secrets (never written)."""

    text = render_config(answers, refs, plain_secrets=True)
    return parse(tomllib.loads(text), Path("config.toml"))


# --- changing one secret ------------------------------------------------------------------------
def set_secret(config_path: Any, name: str, value: str) -> str:
    """Keep a new value for one secret where the config says it lives, and say where in one sentence.

    ``keyring:NAME`` → the keyring (or, when this computer has none now, the owner-only secrets
    file, the config then pointing at it); ``${VAR}`` → the secrets file; plain text → the config
    file itself; not set yet → the keyring if there is one, else the secrets file. Everything else in
    the config file, comments included, stays as it was.
    """

    info = secret_info(name)
    if info is None:
        names = ", ".join(i.keyring_name for i in all_secrets())
        raise UsageError(f"--set-secret {name!r}: choose one of {names}.")
    setup = setups().get(info.provider)
    check = next((a.check for a in setup.asks if a.setting == info.field), None) if setup is not None else None
    if check is not None:  # as its question reads it (only a Bluesky app password, never the main one)
        try:
            value = check(value)
        except ValueError as exc:
            raise UsageError(f"--set-secret {info.keyring_name}: {exc}") from None
    value = value.strip()
    if not value:
        raise UsageError(f"--set-secret {info.keyring_name}: nothing was typed, so nothing was changed.")
    file = Path(config_path).expanduser()
    try:
        doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"There is no config file at {file}: run `repwatch init` first.") from None
    except Exception as exc:
        raise UsageError(f"Your config file {file} cannot be read: {toml_problem(str(exc))}. Correct that line, "
                         "then try again.") from None
    path = secret_setting(info).split(".")
    table: Any = doc
    for part in path[:-1]:
        if part not in table:
            section = ".".join(path[:-1])
            raise UsageError(f"{file} has no [{section}] section, so there is nothing to keep a "
                             f"{info.label} for: run `repwatch init --force` to set that up.")
        table = table[part]
    key = path[-1]
    current = str(table[key]) if key in table else None
    env_file = secrets.env_file_for(file)
    rewrite = False
    if current is not None and current.startswith("keyring:") and secrets.store_secret(
            current.removeprefix("keyring:"), value):
        where = "the system keyring"
    elif current is not None and not current.startswith("keyring:") and not _ENV_REF.search(current):
        table[key] = value
        rewrite = True
        where = f"{file} (in plain text, as before)"
    elif current is None and secrets.store_secret(info.keyring_name, value):
        table[key] = f"keyring:{info.keyring_name}"
        rewrite = True
        where = "the system keyring"
    else:
        match = _ENV_REF.search(current or "")
        var = match.group(1) if match else info.env
        if current is None or not match:
            table[key] = f"${{{var}}}"  # the keyring it named is gone, or there was nothing yet
            rewrite = True
        secrets.write_env_file(env_file, {var: value})
        where = f"{env_file}, a file only you can read"
    if rewrite:
        write_atomically(file, tomlkit.dumps(doc), mode=None)
    label = "Your email password" if info.provider == "email" else info.label[0].upper() + info.label[1:]
    return f"{label} is now kept in {where}."


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


# what the questions decide; every other setting of the config being changed is kept as it was
_ASKED = {
    ("profile", "name"), ("profile", "variants"), ("profile", "nicknames"), ("profile", "honorifics"),
    ("profile", "locations"), ("profile", "organisations"), ("profile", "handles"), ("profile", "platforms"),
    ("profile", "schedule"),
    ("email", "to"), ("email", "from"), ("email", "smtp_host"), ("email", "smtp_port"), ("email", "security"),
    ("email", "username"), ("email", "password"),
}


def keep_unasked(old_text: str, new_text: str) -> str:
    """``new_text`` (the wizard's file) with every setting the wizard does not ask about copied from
    ``old_text``: max_queries, exclude lists, rate limits, [evidence], [notify], further profiles…
    A section the answers removed (no email now, no SearXNG) stays removed."""

    old = tomlkit.parse(old_text)
    new = tomlkit.parse(new_text)
    asked = {info.field for info in provider_keys()} | {a.setting for s in setups().values() for a in s.asks}
    answerable = {info.provider for info in provider_keys()} | set(setups())
    for key, value in old.items():
        if key == "profile":
            old_profiles, new_profiles = value, new.get("profile")
            if not new_profiles:
                continue
            for name, item in old_profiles[0].items():
                if ("profile", name) not in _ASKED:
                    new_profiles[0][name] = item
            for extra in old_profiles[1:]:
                new_profiles.append(extra)
        elif key == "email":
            if "email" in new:
                for name, item in value.items():
                    if ("email", name) not in _ASKED:
                        new["email"][name] = item
        elif key == "providers":
            for provider, section in value.items():
                if provider not in new.get("providers", {}):
                    if provider in answerable:
                        continue  # answered "no" (or gave no key) this time
                    new.setdefault("providers", tomlkit.table())[provider] = section
                    continue
                for name, item in section.items():
                    if name not in asked:
                        new["providers"][provider][name] = item
        elif key not in new:
            new[key] = value
        elif hasattr(value, "items"):
            for name, item in value.items():
                new[key][name] = item
    return tomlkit.dumps(new)
