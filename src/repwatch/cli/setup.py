"""Commands: init (the set-up wizard), doctor (is everything working?), test-email (a sample digest)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from repwatch.cli.context import AppContext, echo, json_option, pass_app, print_json

PRESET_CHOICES = ("gmail", "outlook", "microsoft365", "icloud", "yahoo", "custom", "none")


def _say(text: str = "") -> None:
    echo(text, err=True)


# The flags that once took a password or key as their value → the secret's short name (--set-secret).
SECRET_FLAGS = {
    "smtp-password": "smtp-password",
    "brave-key": "brave-api-key",
    "serper-key": "serper-api-key",
    "serpapi-key": "serpapi-api-key",
    "bluesky-app-password": "bluesky-app-password",
    "mastodon-token": "mastodon-access-token",
}


def _refuse_secret_flag(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A secret on the command line is seen by `ps` and kept in shell history: refuse it, saying the way."""
    if value is None:
        return
    from repwatch.app import wizard
    from repwatch.errors import UsageError

    flag = (param.name or "").replace("_", "-")
    info = wizard.secret_info(SECRET_FLAGS[flag])
    assert info is not None
    raise UsageError(
        f"--{flag} is not taken, because other people on this computer and your "
        f"shell history would see the {info.label.split(' (')[0]}: run `repwatch init --set-secret "
        f"{info.keyring_name}` (it asks, hidden, or reads one line from standard input), or set the "
        f"environment variable {info.env} before `repwatch init`."
    )


def secret_flags_refused(command: Any) -> Any:
    """The old secret flags, hidden from --help, each refusing with the way to give that secret."""
    for flag in SECRET_FLAGS:
        command = click.option(f"--{flag}", hidden=True, expose_value=False, is_eager=True,
                               callback=_refuse_secret_flag)(command)
    return command


def secrets_from_environment(interactive: bool) -> dict[str, str]:
    """For each secret `init --yes` can keep, its value from its environment variable (BRAVE_API_KEY, …),
    by what it is for ("email", or the provider); in a terminal the wizard asks instead, so a variable
    left over from elsewhere is never taken unasked."""
    import os

    from repwatch.app import wizard

    if interactive:
        return {}
    found = {info.provider: os.environ.get(info.env, "") for info in (wizard.SMTP_SECRET, *wizard.provider_keys())}
    return {provider: value for provider, value in found.items() if value}


class _SecretsHelp(click.Option):
    """An option whose help names every secret there is, asked of the provider table when shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else (record[0], _fill_secrets(record[1]))


class _SecretsCommand(click.Command):
    """`init`: its help names every secret's environment variable, and its options include each
    provider's own (--searxng-url …), both asked of the provider classes when the command is used."""

    _made: dict[tuple[str, ...], list[click.Parameter]] = {}

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        from repwatch.app import wizard

        asks = wizard.provider_flags()
        flags = tuple(ask.flag for ask in asks)
        if flags not in self._made:  # the same objects each time click asks, while the classes stay the same
            self._made[flags] = [click.Option([f"--{ask.flag}"], help=ask.flag_help) for ask in asks]
        params = super().get_params(ctx)
        at = next(i for i, param in enumerate(params) if param.name == "secrets_mode")
        return [*params[:at], *self._made[flags], *params[at:]]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        help_text = self.help
        self.help = _fill_secrets(help_text or "")
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = help_text


def _fill_secrets(text: str) -> str:
    """``text`` with SECRET_NAMES and SECRET_VARIABLES written out (the providers' own, from their classes)."""
    if "SECRET_" not in text:
        return text
    from repwatch.app import wizard

    keys = wizard.provider_keys()
    names = ", ".join(info.keyring_name for info in keys[:-1]) + f" or {keys[-1].keyring_name}"
    variables = ", ".join(info.env for info in (wizard.SMTP_SECRET, *keys))
    return text.replace("SECRET_NAMES", names).replace("SECRET_VARIABLES", variables)


@click.command(cls=_SecretsCommand)
@click.option("--name", help="Your name as others write it, e.g. \"Joanna Whitfield\".")
@click.option("--variant", "variants", multiple=True, help="A former name (maiden name); repeatable.")
@click.option("--nickname", "nicknames", multiple=True, help="A nickname, e.g. Jo; repeatable.")
@click.option("--honorific", "honorifics", multiple=True, help="How pupils address you: Ms, Mr, Mrs, Miss, Mx, Dr; repeatable.")
@click.option("--location", "locations", multiple=True, help="Your town, e.g. Liverpool; repeatable.")
@click.option("--org", "organisations", multiple=True, help="Your school; repeatable.")
@click.option("--handle", "handles", multiple=True, help="One of your own public accounts, e.g. @MsWhitfieldTeach; repeatable.")
@click.option("--platform", "platforms", multiple=True, help="A site you have an account on (facebook, instagram, x …); repeatable.")
@click.option("--schedule", "frequency", help="daily, twice-daily, weekly, or a cron line like \"0 7 * * *\". Default: daily.")
@click.option("--at", "at", help="The time of day for daily/twice-daily/weekly, e.g. 07:00 (the default).")
@click.option("--email-to", "email_to", multiple=True, help="The address digests go to; repeatable. Without it: the outbox folder.")
@click.option("--email-preset", type=click.Choice(PRESET_CHOICES), help="The email service that sends the digests.")
@click.option("--smtp-host", help="SMTP server (for --email-preset custom).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="SMTP port (default: the preset's).")
@click.option("--smtp-security", type=click.Choice(["starttls", "ssl", "none"]), help="SMTP security (default: the preset's).")
@click.option("--smtp-username", help="The login at the email service (default: the first --email-to).")
@click.option("--secrets", "secrets_mode", type=click.Choice(["auto", "keyring", "envfile", "env", "file"]),
              default="auto", show_default=True,
              help="Where passwords and keys go: the system keyring; envfile: secrets.env beside the config, "
                   "readable only by you; env: nowhere (you set the environment variables); file: the config "
                   "file itself. auto: the keyring if a safe one exists, else envfile.")
@click.option("--test-email/--no-test-email", "test_email", default=None,
              help="Send a sample digest once the file is written (asked when interactive).")
@click.option("--set-secret", "set_secret", metavar="NAME", cls=_SecretsHelp,
              help="Change one password or key and nothing else: smtp-password, imap-password (the mailbox "
                   "replies are read from, when not the same), SECRET_NAMES. Asks for the value (hidden), "
                   "or reads one line from standard input.")
@click.option("--yes", "-y", is_flag=True,
              help="Ask nothing: use the flags, the passwords and keys in the environment, and defaults (for scripts).")
@click.option("--force", is_flag=True, help="Replace an existing config file (the old one is kept as .bak).")
@secret_flags_refused
@pass_app
def init(app: AppContext, /, **opts: Any) -> None:
    """Set up repwatch: a few plain questions, then a commented config file.

    Every question has a flag too, so it also runs with no terminal (--yes). Passwords and keys are
    never flags, where other people on the computer and your shell history could see them: it asks
    for them, or takes them from the environment (SECRET_VARIABLES) with --yes, or
    change one later with --set-secret.

    \b
    Examples:
        repwatch init
        read -rs REPWATCH_SMTP_PASSWORD && export REPWATCH_SMTP_PASSWORD
        repwatch init --yes --name "Joanna Whitfield" --location Liverpool \\
            --org "St Aidan's Primary School" --honorific Ms --email-to jo@gmail.com \\
            --email-preset gmail
        repwatch init --set-secret brave-api-key < brave-key.txt
    """
    from repwatch.adapters.secrets import env_file_for, write_env_file
    from repwatch.app import wizard
    from repwatch.errors import UsageError
    from repwatch.paths import default_config_path

    target = Path(app.config_path or default_config_path()).expanduser()
    interactive = not opts["yes"] and sys.stdin.isatty()
    if opts["set_secret"]:
        set_one_secret(target, opts["set_secret"], interactive)
        return
    backup = target.with_name(target.name + ".bak")
    if not may_replace(target, backup, interactive=interactive, force=opts["force"]):
        _say("Nothing was changed.")
        return

    old_text = read_existing(target) if interactive else None  # --yes --force replaces the file outright
    env = secrets_from_environment(interactive)
    opts["smtp_password"] = env.pop("email", None)
    answers, given = answers_from_flags(opts, env, start=wizard.answers_from_config(_toml(old_text)) if old_text else None)
    if interactive:
        wizard.ask(answers, given)
    if not answers.name.strip():
        raise UsageError("Your name is needed: pass --name \"Your Name\" (or run `repwatch init` in a terminal).")
    wizard.check_complete(answers)

    env_file = env_file_for(target)
    config, refs = checked_answers(answers, given, opts["secrets_mode"], env_file, interactive=interactive)
    text = wizard.render_config(answers, refs)
    if old_text:
        text = wizard.keep_unasked(old_text, text)
    kept = {r.info.env: r.value for r in refs if r.mode == "envfile"}
    if kept:
        try:
            write_env_file(env_file, kept)
        except OSError as exc:
            raise UsageError(f"The secrets file {env_file} could not be written ({exc.strerror or exc}).") from exc
    write_config(target, text, backup)

    echo(f"Wrote your settings to {target}")
    say_where_secrets_went(refs, env_file, kept=bool(kept))
    echo(f"  Searches {wizard.describe_schedule(answers.schedule)}; digests "
               + (f"go to {', '.join(answers.email.to)}." if answers.email else "are saved in the outbox folder."))
    failed = not send_first_email(config, app.database_for(config), opts["test_email"], interactive)
    echo(NEXT_STEPS)
    if failed:
        click.get_current_context().exit(1)


NEXT_STEPS = (
    "\nNext:\n"
    "  repwatch doctor      check that searching, email and the database all work\n"
    "  repwatch plan        see the searches repwatch will make for you\n"
    "  repwatch run         search once, now\n"
    "  repwatch serve       your review page, with the searches on their schedule while it runs:\n"
    "                       the answer links in each digest open it on this computer\n"
    "To search even when the page is not open, have your computer start the searches on a timer:\n"
    "  repwatch schedule --systemd   (Linux)   --launchd   (Mac)   --cron   (any Unix)   --windows"
)


def may_replace(target: Path, backup: Path, *, interactive: bool, force: bool) -> bool:
    """Whether `init` may write over ``target``: there is none, --force, or she said yes in a terminal."""
    from repwatch.errors import UsageError

    if not target.exists() or force:
        return True
    if not interactive:
        raise UsageError(
            f"A config file already exists at {target}, and `repwatch init --yes` does not replace one "
            f"without being told: add --force to replace it (the old one is kept as {backup.name}), "
            "or pass --config with another path."
        )
    return click.confirm(f"There is already a config file at {target}. Change it? Each question will "
                         f"show what it has now; Enter keeps it. (The old file is kept as {backup.name}.)",
                         default=False, err=True)


def checked_answers(answers: Any, given: set[str], mode: str, env_file: Path, *,
                    interactive: bool) -> tuple[Any, list[Any]]:
    """The config the answers give and where each secret goes, checked before anything is written; in a
    terminal a wrong answer is named and the questions come again, with what was typed kept."""
    from repwatch.adapters.secrets import backend_description, keyring_available
    from repwatch.app import wizard
    from repwatch.errors import ConfigError, UsageError

    has_secrets = bool(answers.keys) or bool(answers.email and answers.email.password)
    if mode == "keyring" and has_secrets and not keyring_available():
        raise UsageError(
            "--secrets keyring: this computer has no safe system keyring "
            f"(it found {backend_description()}); use --secrets envfile (a file only you can read), "
            "--secrets env, or --secrets file."
        )
    fallback = "envfile"
    if mode == "auto" and has_secrets and interactive and not keyring_available():
        fallback = ask_secret_place(env_file)
    refs = wizard.place_secrets(answers, mode, fallback=fallback)
    while True:
        try:
            return wizard.check_config(answers, refs), refs  # names the setting, before anything is written
        except ConfigError as exc:
            if not interactive:
                raise
            _say(f"\n{exc}\nNothing is lost: the questions come again with your answers, so Enter keeps "
                 "each one; change the one that is wrong.\n")
            wizard.ask(answers, given)
            refs = wizard.place_secrets(answers, mode, fallback=fallback)


def say_where_secrets_went(refs: list[Any], env_file: Path, *, kept: bool) -> None:
    """One line for each password or key: where it is kept now, in words (never its value)."""
    from repwatch.app import wizard

    for ref in refs:
        what = ref.info.label if ref.info.provider != "email" else "Your email password"
        what = what[0].upper() + what[1:]
        if ref.mode == "keyring":
            echo(f"  {what}: kept in the system keyring (not in the file).")
        elif ref.mode == "envfile":
            echo(f"  {what}: kept in {env_file}, a file only you can read.")
        elif ref.mode == "env":
            echo(f"  {what}: not saved anywhere, as you chose. Set the environment variable "
                       f"{ref.info.env} to it wherever repwatch runs (the file refers to it).")
        else:
            echo(f"  {what}: written in the file in plain text, as you chose; the file is readable "
                       "only by you.")
    if kept:
        echo("  repwatch reads that file itself, and the timers `repwatch schedule` prints load it too.")
        echo("  To change one later: repwatch init --set-secret NAME (for example smtp-password).")
    for line in wizard.env_lines(refs, env_file=env_file):
        echo(f"  {line}")


def send_first_email(config: Any, database: Path, send: bool | None, interactive: bool) -> bool:
    """The sample digest, when --test-email asks for it or she says yes; False when it failed."""
    from repwatch.errors import DeliveryError

    if send is None and interactive and config.email is not None:
        send = click.confirm("\nSend a test email now?", default=True, err=True)
    if not send:
        return True
    from repwatch.app.doctor import send_test_email

    try:
        delivery = send_test_email(config, database)
    except DeliveryError as exc:
        echo(f"The test email failed: {exc.message} Fix it, then run `repwatch test-email`.", err=True)
        return False
    echo(describe_delivery(delivery, config))
    return True


def set_one_secret(target: Path, name: str, interactive: bool) -> None:
    """`repwatch init --set-secret NAME`: one hidden question, one change, then a check that it loads."""
    from repwatch.app import wizard
    from repwatch.config import load
    from repwatch.errors import ConfigError, UsageError

    info = wizard.secret_info(name)
    if info is None:
        raise UsageError(f"--set-secret {name!r}: choose one of "
                         f"{', '.join(i.keyring_name for i in wizard.all_secrets())}.")
    if not target.exists():
        raise UsageError(f"There is no config file at {target}: run `repwatch init` first.")
    label = "your email (app) password" if info.provider == "email" else f"the {info.label}"
    if interactive:
        value = click.prompt(f"Type or paste {label} (hidden as you type)", hide_input=True, default="",
                             show_default=False, err=True)
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    echo(wizard.set_secret(target, name, value))
    try:
        load(target)
    except ConfigError as exc:
        echo(f"The config still has a problem: {exc.message} Run `repwatch doctor` to see everything "
                   "that needs fixing.", err=True)
        return
    echo("Run `repwatch doctor` to check it works.")


def ask_secret_place(env_file: Path) -> str:
    """On a computer with no keyring: say plainly what will happen, recommend the owner-only file."""
    _say("\nThis computer has no keyring (the safe place for passwords that a desktop provides).")
    _say("Where should repwatch keep your email password and keys?")
    _say(f"  1. In a file only you can read: {env_file}")
    _say("     Recommended if only you use this computer. repwatch and its timers read it.")
    _say("  2. Nowhere: I will set environment variables myself (repwatch shows the exact lines).")
    _say("  3. In the config file itself (also readable only by you).")
    choice = click.prompt("  Number", type=click.IntRange(1, 3), default=1, err=True)
    return {1: "envfile", 2: "env", 3: "file"}[choice]


def read_existing(target: Path) -> str | None:
    """The config `init` is about to change, as text (None when there is none or it cannot be read)."""
    try:
        return target.read_text(encoding="utf-8") if target.exists() else None
    except (OSError, UnicodeDecodeError):
        return None


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def answers_from_flags(opts: dict[str, Any], keys: dict[str, str], start: Any = None) -> tuple[Any, set[str]]:
    """The answers the flags give, and which questions they answered (the wizard asks the rest);
    ``keys`` are the providers' secrets from the environment, and ``start`` holds the answers of the
    config being changed, which the flags then override."""
    from repwatch.app import wizard
    from repwatch.errors import UsageError

    answers = start if start is not None else wizard.Answers()
    given: set[str] = set()
    if opts["name"] is not None:
        answers.name = _checked_flag(opts, "name", wizard.person_name, keep_blank=True) or ""
        given.add("name")
    for key in ("variants", "nicknames", "locations", "organisations", "handles"):
        if opts[key]:
            setattr(answers, key, wizard.unique([" ".join(v.split()) for v in opts[key] if v.strip()]))
            given.add(key)
    if opts["honorifics"]:
        picked = []
        for raw in opts["honorifics"]:
            honorific = wizard.normalise_honorific(raw)
            if honorific is None:
                raise UsageError(f"--honorific {raw!r}: choose from {', '.join(wizard.HONORIFICS)}.")
            picked.append(honorific)
        answers.honorifics = wizard.unique(picked)
        given.add("honorifics")
    if opts["platforms"]:
        answers.platforms = wizard.unique([wizard.normalise_platform(p) for p in opts["platforms"]])
        given.add("platforms")
    if opts["frequency"] or opts["at"]:
        answers.frequency = opts["frequency"] or "daily"
        answers.at = opts["at"] or "07:00"
        given.add("frequency")
    try:
        answers.schedule  # noqa: B018 - validates the frequency and the time
    except ValueError as exc:
        raise UsageError(f"--schedule/--at: {exc}.") from None

    email_flags = ("email_to", "email_preset", "smtp_host", "smtp_port", "smtp_security", "smtp_username")
    if any(opts[k] for k in email_flags):
        given.add("email")
        answers.email = email_from_flags(opts)

    answers.keys.update({provider: value.strip() for provider, value in keys.items() if value.strip()})
    flags = {ask.flag: opts.get(ask.flag.replace("-", "_")) for ask in wizard.provider_flags()}
    given |= wizard.answers_from_provider_flags(answers, flags)  # each answers only its own question
    if any(info.provider in keys for info in wizard.search_keys()):
        given.add("keys")
    return answers, given


def _checked_flag(opts: dict[str, Any], key: str, check: Any, *, keep_blank: bool = False) -> str | None:
    """A flag's value in the form the config takes, read as leniently as the wizard's question."""
    from repwatch.errors import UsageError

    if opts[key] is None or (not opts[key] and not keep_blank):
        return None
    try:
        return str(check(opts[key]))
    except ValueError as exc:
        raise UsageError(f"--{key.replace('_', '-')}: {exc}") from None


def email_from_flags(opts: dict[str, Any]) -> Any:
    from repwatch.app import wizard
    from repwatch.errors import UsageError

    if opts["email_preset"] == "none":
        return None
    to = []
    for raw in opts["email_to"]:
        try:
            to.append(wizard.email_address(raw))
        except ValueError as exc:
            raise UsageError(f"--email-to: {exc}") from None
    to = wizard.unique(to)
    if not to:
        raise UsageError("--email-to is needed to send digests by email (or use --email-preset none).")
    preset_key = opts["email_preset"] or ("custom" if opts["smtp_host"] else wizard.preset_for(to[0]))
    preset = wizard.PRESETS[preset_key]
    host = _checked_flag(opts, "smtp_host", wizard.smtp_server) or preset.host
    if not host:
        raise UsageError(f"--smtp-host is needed: repwatch has no preset for {to[0].rpartition('@')[2]} "
                         "(or choose one with --email-preset gmail|outlook|microsoft365|icloud|yahoo).")
    security = opts["smtp_security"] or preset.security
    if preset_key == "custom" and not opts["smtp_security"]:
        security = "starttls"
    port = opts["smtp_port"] or (preset.port if not opts["smtp_security"] or opts["smtp_security"] == preset.security
                                 else None) or {"starttls": 587, "ssl": 465, "none": 25}[security]
    username = opts["smtp_username"] or (to[0] if preset_key != "custom" or opts["smtp_password"] else None)
    return wizard.EmailAnswers(to, preset_key, host, port, security, username, opts["smtp_password"] or None)


def write_config(target: Path, text: str, backup: Path) -> None:
    """Write the file readable only by its owner; keep any file it replaces as ``backup``."""
    from repwatch.errors import UsageError
    from repwatch.paths import write_atomically

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            write_atomically(backup, target.read_bytes())
        write_atomically(target, text)
    except OSError as exc:
        raise UsageError(f"The config file {target} could not be written ({exc.strerror or exc}).") from exc


def describe_delivery(delivery: Any, config: Any) -> str:
    if delivery.status == "sent":
        email = config.email
        return (f"Sent a sample digest to {', '.join(email.to)} through {email.smtp_host}:{email.port}. "
                "If it has not arrived in a few minutes, look in your spam or junk folder.")
    return (f"There is no [email] section, so the sample digest was saved as {delivery.path}: "
            "open it in a web browser.")


@click.command()
@json_option
@pass_app
def doctor(app: AppContext, as_json: bool) -> None:
    """Check the config, each search provider, the email login, the database, the schedule and more.

    Exits 0 when everything repwatch needs works, 1 when something needs fixing.

    \b
    Example:
        repwatch doctor
    """
    from repwatch.app.doctor import render, run_checks

    report = run_checks(app.config_path, app.db_path)
    if as_json:
        print_json(report.to_json())
    else:
        encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
        echo(render(report, ascii="utf" not in encoding))
    if not report.ok:
        click.get_current_context().exit(1)


@click.command("test-email")
@pass_app
def test_email(app: AppContext) -> None:
    """Send a sample digest (subject starting "[SAMPLE]") the way real digests are sent.

    \b
    Example:
        repwatch test-email
    """
    from repwatch.app.doctor import send_test_email

    config = app.config()
    delivery = send_test_email(config, app.database_for(config))
    echo(describe_delivery(delivery, config))


COMMANDS = [init, doctor, test_email]
