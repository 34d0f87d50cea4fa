"""The config file: TOML, ``${ENV}`` interpolation, strict validation with one-sentence errors."""

from __future__ import annotations

import difflib
import errno
import functools
import os
import re
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)

from repwatch.adapters.images import photo_file_problem
from repwatch.adapters.providers import keyless_defaults, provider_table, providers_model, settings_models
from repwatch.adapters.providers.settings import (  # noqa: F401 - re-exported for config users
    BlueskySettings,
    KeyedSettings,
    MastodonSettings,
    Providers,
    ProviderSettings,
    Strict,
)
from repwatch.adapters.secrets import env_file_for, from_keyring, read_env_file
from repwatch.errors import ConfigError
from repwatch.handles import parse_handle
from repwatch.paths import default_database_path, write_atomically
from repwatch.readconfig import (
    _ordinal,
    key_path,
    no_profile,
    pick_profiles,
    read_file,
    toml_problem,
    where_in_file,
)
from repwatch.schedule import parse_schedule
from repwatch.text import register_secret

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class MissingSecret:
    """A secret the config refers to but this computer does not hold (yet): where and which."""

    where: str  # the setting, like "email.password"
    var: str | None  # the environment variable, or None for a keyring:NAME reference
    ref: str  # what the file says: "${REPWATCH_SMTP_PASSWORD}" or "keyring:smtp-password"
    problem: str | None = None  # why a keyring secret could not be read (only when it was tried)


class General(Strict):
    database: str | None = None
    timezone: str | None = None
    max_in_flight: int = Field(32, ge=1, le=256)
    max_run_minutes: float = Field(20.0, gt=0, le=1440)  # searching stops after this; the rest waits for next run
    guide: str | None = None  # a school's own wording of the guide's steps and links (TOML)
    log_file: bool | str = False  # true: repwatch.log beside the database; or a path

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is None:
            return value

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (try one like 'Europe/London')") from None
        return value


class Profile(Strict):
    name: str = Field(min_length=1)
    variants: list[str] = []
    nicknames: list[str] = []
    auto_nicknames: bool = False
    exclude_nicknames: list[str] = []
    honorifics: list[str] = []
    handles: list[str] = []
    locations: list[str] = []
    organisations: list[str] = []
    platforms: list[str] = []
    exclude: list[str] = []
    exclude_domains: list[str] = []
    schedule: str = "0 7 * * *"
    max_queries: int = Field(40, ge=1, le=1000)
    photos: list[str] = []  # her own photos, relative to the config file; only their hashes are kept

    def photo_paths(self, relative_to: Path | None) -> list[Path]:
        """Each of ``photos`` as a path (``~`` expanded, relative ones beside the config file)."""
        out = []
        for item in self.photos:
            path = Path(item).expanduser()
            if not path.is_absolute() and relative_to is not None:
                path = relative_to / path
            out.append(path)
        return out

    @field_validator("name")
    @classmethod
    def _real_name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the name is empty")
        return value

    @field_validator("handles", mode="before")
    @classmethod
    def _valid_handles(cls, value: Any) -> Any:
        """Each handle must say which account it is; a bad one names its position in the list."""

        if not isinstance(value, list):
            return value
        for index, item in enumerate(value):
            if not isinstance(item, str):
                continue  # pydantic's own message: should be text in quotes
            try:
                parse_handle(item)
            except ValueError as exc:
                raise ValueError(f"(the {_ordinal(index + 1)} one) {exc}") from None
        return value

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, value: str) -> str:
        parse_schedule(value)  # raises ValueError with a plain reason
        return value


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Replies(Strict):
    """[email.replies]: answering a digest by replying to it; repwatch reads the mailbox over IMAP."""

    enabled: bool = False
    imap_host: str | None = None
    imap_port: int | None = Field(None, ge=1, le=65535)
    username: str | None = None  # default: [email] username
    password: SecretStr | None = None  # default: [email] password (one app password often serves both)
    folder: str = "INBOX"
    security: Literal["tls", "starttls", "none"] = "tls"
    timeout_s: float = Field(30.0, gt=0, le=300)

    @field_validator("security")
    @classmethod
    def _secure_off_loopback(cls, value: str, info: Any) -> str:
        host = (info.data.get("imap_host") or "").strip().lower()
        if value == "none" and host and host not in _LOOPBACK:
            raise ValueError(f'"none" sends your password unprotected, so it is refused for {host}: use "tls" '
                             '(port 993) or "starttls" (port 143)')
        return value

    @field_validator("folder")
    @classmethod
    def _one_line_folder(cls, value: str) -> str:
        if not value.strip() or any(c in value for c in "\r\n\x00"):
            raise ValueError("should be the name of a mail folder, like INBOX")
        return value.strip()

    @property
    def port(self) -> int:
        return self.imap_port or {"tls": 993, "starttls": 143, "none": 143}[self.security]


class Email(Strict):
    to: list[str] = Field(min_length=1)
    from_: str = Field(alias="from")
    smtp_host: str
    smtp_port: int | None = Field(None, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    send_when_nothing_new: bool = True
    timeout_s: float = Field(30.0, gt=0)
    replies: Replies = Replies()

    @field_validator("replies")
    @classmethod
    def _replies_need_a_host(cls, value: Replies) -> Replies:
        if value.enabled and not (value.imap_host or "").strip():
            raise ValueError("has enabled = true but no imap_host: name your email service's IMAP server, "
                             "like imap.gmail.com")
        return value

    def imap_login(self) -> tuple[str, str]:
        """The mailbox login: [email.replies]'s own username and password, else the sending ones."""
        username = self.replies.username or self.username or (self.to[0] if self.to else "")
        secret = self.replies.password or self.password
        return username, secret.get_secret_value() if secret else ""

    @property
    def port(self) -> int:
        return self.smtp_port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


class Notify(Strict):
    urls: list[SecretStr] = []


class EvidenceSettings(Strict):
    capture: Literal["flagged", "all", "none"] = "flagged"
    chromium_path: str | None = None


class Accounts(Strict):
    """[accounts]: the accounts watch (usernames in the person's name, checked site by site)."""

    enabled: bool = True
    platforms: list[str] | None = None  # None: the whole built-in table; [] with sites_file: only the file's
    sites_file: str | None = None  # WhatsMyName-format JSON, relative to the config file's folder
    max_checks: int = Field(150, ge=0, le=100_000)  # username checks per run, each site's two controls included
    rate_per_second: float = Field(0.5, gt=0, le=50)  # per site
    timeout_s: float = Field(15.0, gt=0, le=300)
    subjects: list[str] = []  # what you teach: "mswhitfieldict"


class Exposure(Strict):
    """[exposure]: where her home is listed (UK people-search and directory sites), and each removal."""

    enabled: bool = True
    sites: list[str] | None = None  # None: the whole built-in table; else keys or names from it
    recheck: Literal["weekly", "fortnightly", "monthly", "quarterly"] = "monthly"
    address: str = ""  # her home address: only compared with what a site shows, and put in her letters
    phones: list[str] = []  # the same, for her phone numbers
    rate_per_second: float = Field(0.5, gt=0, le=50)  # per site
    timeout_s: float = Field(15.0, gt=0, le=300)


class Serve(Strict):
    """`repwatch serve`: where the review page listens, and the address written into emails."""

    host: str = "127.0.0.1"
    port: int = Field(8377, ge=1, le=65535)
    public_url: str | None = None  # default http://127.0.0.1:<port>
    password_hash: str | None = None  # set by `repwatch serve --set-password`; never the password

    @field_validator("host")
    @classmethod
    def _plain_host(cls, value: str) -> str:
        value = value.strip()
        if not value or any(c in value for c in "/?# "):
            raise ValueError(f"should be an address such as 127.0.0.1 or 0.0.0.0 (got {value!r})")
        return value

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is None:
            return value

        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(
                f"should be the web address the page is reached at, like https://repwatch.example.org "
                f"(got {value!r})"
            )
        try:
            parts.port  # noqa: B018 - raises on a non-numeric port
        except ValueError:
            raise ValueError(f"has a port that is not a number (got {value!r})") from None
        return value.strip().rstrip("/")

    @field_validator("password_hash")
    @classmethod
    def _hash_shape(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith("scrypt$") or value.count("$") != 5:
            raise ValueError("is not a password hash made by `repwatch serve --set-password`; run it again")
        return value

    def url(self) -> str:
        """The address written into emails: public_url, else this computer's own."""
        if self.public_url:
            return self.public_url
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


def _every_provider(value: Any, handler: ValidatorFunctionWrapHandler) -> Providers:
    """[providers] as the provider table has it now: a section for each provider there is."""
    return providers_model().model_validate(value if value is not None else {})


class Config(Strict):
    repwatch: General = General()
    profile: list[Profile] = []
    providers: Annotated[Providers, WrapValidator(_every_provider)] = Field(default_factory=lambda: providers_model()())
    email: Email | None = None
    notify: Notify = Notify()
    evidence: EvidenceSettings = EvidenceSettings()
    accounts: Accounts = Accounts()
    exposure: Exposure = Exposure()
    serve: Serve | None = None

    path: Path | None = Field(None, exclude=True)  # where it was read from; not a config key
    _missing: list[MissingSecret] = PrivateAttr(default_factory=list)
    _secret_vars: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def secret_vars(self) -> dict[str, str]:
        """Every environment variable a secret setting refers to (set or not) → that setting."""
        return self._secret_vars

    @property
    def missing_secrets(self) -> list[MissingSecret]:
        """Secrets left out because they are not set (only when loaded with ``secrets=False``)."""
        return self._missing

    @missing_secrets.setter
    def missing_secrets(self, value: list[MissingSecret]) -> None:
        self._missing = list(value)


    @field_validator("profile")
    @classmethod
    def _names_differ(cls, profiles: list[Profile]) -> list[Profile]:
        seen: set[str] = set()
        for profile in profiles:
            key = profile.name.casefold()
            if key in seen:  # mentions, digests and schedules are all keyed by the name
                raise ValueError(f"names must each be different: {profile.name!r} is used twice")
            seen.add(key)
        return profiles

    def database_path(self) -> Path:
        if self.repwatch.database:
            return Path(self.repwatch.database).expanduser()
        return default_database_path()

    def provider_settings(self, name: str) -> ProviderSettings:
        """The configured settings of one provider, or its defaults when it has no section."""
        configured: ProviderSettings | None = getattr(self.providers, name, None)
        if configured is not None:
            return configured
        return settings_models()[name]()

    def active_providers(self) -> dict[str, ProviderSettings]:
        """The providers a run uses: the configured and enabled ones, else every keyless default."""
        models = settings_models()
        configured = {name: s for name in models if (s := getattr(self.providers, name, None)) is not None}
        if not configured:
            return {name: models[name]() for name in keyless_defaults()}
        return {name: s for name, s in configured.items() if s.enabled}

    def require_profiles(self, name: str | None = None) -> list[Profile]:
        """The profiles a command works on (one, by name, or all); a ConfigError when there are none."""
        profiles = self.get_profile(name)
        if not profiles:
            raise ConfigError(no_profile(self.path))
        return profiles

    def get_profile(self, name: str | None) -> list[Profile]:
        return pick_profiles(self.profile, name, self.path)


def did_you_mean(loc: tuple[Any, ...]) -> str:
    """' (did you mean schedule?)' for a misspelt key, from the settings that section has."""
    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return ""
        model = providers_model() if part == "providers" and model is Config else _model_in(field.annotation)
        if model is None:
            return ""
    names = [f.alias or n for n, f in getattr(model, "model_fields", {}).items() if n != "path"]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _model_in(annotation: Any) -> Any:
    """The settings model inside a field's type (Profile in list[Profile], Email in Email | None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


class _Reader:
    """Fills ``${VAR}`` and ``keyring:NAME`` in; with ``secrets=False`` a secret setting whose value is
    not to hand is left out (and remembered) instead of stopping every command that never uses it;
    ``secrets="collect"`` also reads the keyring, remembering each secret it lacks (for doctor)."""

    def __init__(self, file: Path, secrets: bool | str) -> None:
        self.file = file
        self.secrets = secrets
        self.missing: list[MissingSecret] = []
        self.secret_vars: dict[str, str] = {}  # variable → the setting that uses it, set or not
        self._file_values: dict[str, str] | None = None
        self.filled: dict[tuple[Any, ...], str] = {}  # key → the ${VAR} or keyring: text the file holds

    def _filled(self, value: str, written: str, loc: tuple[Any, ...]) -> str:
        """Remember what the file said where a value came from elsewhere: an error quotes that."""
        if value != written:
            self.filled[loc] = written
        return value

    def lookup(self, var: str) -> str | None:
        if var in os.environ:
            return os.environ[var]
        if self._file_values is None:
            self._file_values = read_env_file(env_file_for(self.file))
        return self._file_values.get(var)

    def value(self, value: Any, loc: tuple[Any, ...]) -> Any:
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                got = self.value(v, (*loc, k))
                if got is not _LEFT_OUT:
                    out[k] = got
            return out
        if isinstance(value, list):
            items = [self.value(v, (*loc, i)) for i, v in enumerate(value)]
            return [v for v in items if v is not _LEFT_OUT]
        if not isinstance(value, str):
            return value
        secret = any(isinstance(p, str) and p in _secret_keys() for p in loc)
        if secret:
            for match in _ENV.finditer(value):
                self.secret_vars.setdefault(match.group(1), key_path(loc))
        unset = [m.group(1) for m in _ENV.finditer(value) if self.lookup(m.group(1)) is None]
        if unset:
            if not secret:
                var = unset[0]
                raise ConfigError(f"{self.file}: {where_in_file(loc)} uses ${{{var}}}, but the environment "
                                  f"variable {var} is not set.")
            self.missing += [MissingSecret(key_path(loc), var, f"${{{var}}}") for var in unset]
            return _LEFT_OUT
        written = value
        value = self._filled(_ENV.sub(lambda m: self.lookup(m.group(1)) or "", value), written, loc)
        if value.startswith("keyring:"):
            if self.secrets is False:
                # not read at all: a command that uses no secret need not wake (or wait for) the keyring
                self.missing.append(MissingSecret(key_path(loc), None, value))
                return _LEFT_OUT

            try:
                return self._filled(from_keyring(value.removeprefix("keyring:"),
                                                 where=f"{self.file}: {key_path(loc)}"), written, loc)
            except ConfigError as exc:
                if self.secrets is True:
                    raise
                self.missing.append(MissingSecret(key_path(loc), None, value, exc.message))
                return _LEFT_OUT
        return value


_LEFT_OUT = object()


def missing_env_message(file: Path, missing: list[MissingSecret]) -> str:
    """One sentence naming every unset variable at once, so one fix round is enough."""
    unset = [m for m in missing if m.var]
    names = [m.var for m in unset]
    where = ", ".join(f"{m.where} uses ${{{m.var}}}" for m in unset)
    commands = list(dict.fromkeys(f"`repwatch init --set-secret {secret_short_name(m.where)}`" for m in unset
                                  if secret_short_name(m.where)))
    fix = f" Run {' and '.join(commands)} to keep it where repwatch and its timers find it." if commands else ""
    if len(names) == 1:
        return f"{file}: {where}, but the environment variable {names[0]} is not set.{fix}"
    listed = ", ".join(str(n) for n in names[:-1]) + f" and {names[-1]}"
    return f"{file}: {where}, but the environment variables {listed} are not set.{fix.replace(' it ', ' them ')}"


def secret_short_name(where: str) -> str | None:
    """The name `repwatch init --set-secret` takes for the secret setting ``where`` ("email.password")."""
    if where == "email.password":
        return "smtp-password"
    if where == "email.replies.password":
        return "imap-password"
    parts = where.split(".")
    if len(parts) == 3 and parts[0] == "providers":
        service = provider_table().get(parts[1])
        if service is not None and service.key is not None and service.key.setting == parts[2]:
            return service.key.short
    return None


_PLAIN = {
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "string_type": "should be text in quotes",
    "list_type": 'should be a list in square brackets, like ["one", "two"]',
    "model_type": "should be a table (a [section] of settings)",
    "dict_type": "should be a table (a [section] of settings)",
}


@functools.cache
def _secret_keys() -> frozenset[str]:
    """The keys whose values are secrets: every field typed ``SecretStr`` in the models above."""
    models: list[type[BaseModel]] = [General, Profile, ProviderSettings, *settings_models().values(), Email, Replies, Notify,
                                     EvidenceSettings, Accounts, Exposure, Serve, Config]
    return frozenset(
        name for model in models for name, field in model.model_fields.items() if "SecretStr" in str(field.annotation)
    )


def _describe(error: dict[str, Any], written: str | None = None) -> str:
    """What is wrong with one value, in words; ``written`` is the ``${VAR}`` or ``keyring:`` text the
    file holds there, named instead of the value it stood for (which may be a secret)."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "is not a setting repwatch knows (check the spelling)"
    if kind == "missing":
        return "is required but missing"
    got = error.get("input")
    secret = any(part in _secret_keys() for part in error["loc"] if isinstance(part, str))
    # a wrongly typed value is quoted back so it can be found, unless it is a key, password or URL with
    # one, or it came from the environment or the keyring
    if written is not None:
        shown = f" (got the value of {written})"
    else:
        shown = "" if secret or isinstance(got, dict | list) else f" (got {got!r})"
    if kind in _PLAIN:
        return _PLAIN[kind] + shown
    msg: str = error["msg"].removeprefix("Value error, ")
    msg = msg[0].lower() + msg[1:]
    if written is not None and isinstance(got, str) and got:
        msg = msg.replace(repr(got), written).replace(got, written)  # validators quote the value
    if kind == "literal_error" or kind.startswith(("greater", "less", "too_")):
        msg = msg.replace("input should be", "should be") + shown
    return msg


def parse(data: dict[str, Any], file: Path, *, secrets: bool | str = True) -> Config:
    """Validate a config's data. ``secrets=False`` is for commands that use no secret (status, plan,
    mentions …): a secret that is not set is left out and listed in ``config.missing_secrets``."""
    reader = _Reader(file, secrets)
    data = reader.value(data, ())
    if secrets is True and reader.missing:
        raise ConfigError(missing_env_message(file, reader.missing))
    filled = reader.filled
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # a misspelt key explains the "missing" one it was meant to be: name it first
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # pydantic adds the union member's name for Optional models; users never wrote that
        loc = tuple(p for p in loc if p not in ("KeyedSettings", "ProviderSettings"))
        # ``from None``: pydantic's own text quotes every input value, secrets included, and
        # --verbose prints the chain
        said = _describe(dict(first), filled.get(loc))
        hint = did_you_mean(loc) if first["type"] == "extra_forbidden" else ""
        if hint:
            said = said.replace(" (check the spelling)", hint)
        raise ConfigError(f"{file}: {where_in_file(loc, data)} {said}.") from None
    config.path = file
    _check_photos(config, file)
    config.missing_secrets = reader.missing
    config._secret_vars = reader.secret_vars
    _remember_secrets(config)
    return config


def _check_photos(config: Config, file: Path) -> None:
    """Each profile's ``photos``: a file that is there and is a photo, or a ConfigError naming both."""
    for number, profile in enumerate(config.profile):
        for path in profile.photo_paths(file.parent):
            why = photo_file_problem(path)
            if why:
                where = where_in_file(("profile", number, "photos"), {"profile": [{"name": p.name} for p in config.profile]})
                raise ConfigError(f"{file}: {where}: {why}.")


def _remember_secrets(config: Config) -> None:
    """Hand every secret the config holds to ``text.redact``, so no log line or message shows one."""

    def walk(value: Any) -> None:
        if isinstance(value, SecretStr):
            register_secret(value.get_secret_value())
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name, None))

    walk(config)
    for name in settings_models():
        settings = getattr(config.providers, name, None)
        if settings is not None and settings.base_url:
            register_secret(urlsplit(settings.base_url).password)


def load(path: Path | None = None, *, required: bool = True, secrets: bool | str = True) -> Config:
    """Read and validate a config file; with ``required=False`` a missing default file gives defaults;
    with ``secrets=False`` secrets that are not to hand are left out (see ``parse``)."""
    file, data = read_file(path, required=required)
    if data is None:
        return Config()
    return parse(data, file, secrets=secrets)


def edit_file(path: Path, change: Callable[[Any], None], *, secrets: bool | str = True) -> Config:
    """Change the config file in place, its comments and layout kept: ``change`` edits the parsed
    document (tomlkit); the result must pass the loader's own checks before it replaces the file
    (atomically, its permissions kept), so a mistake never reaches the file. Returns the new config."""
    import tomlkit  # lazy: only the commands and pages that change the file need it
    import tomlkit.exceptions  # lazy: as above

    path = Path(path)
    with _EDITING:  # two saves at once (two tabs of the review page): each keeps the other's change
        try:
            doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Your config file {path} could not be read ({exc.__class__.__name__}), so nothing "
                              "was saved.") from exc
        except tomlkit.exceptions.TOMLKitError as exc:  # changed by hand since it was read: say where
            raise ConfigError(f"Your config file {path} has been changed and now cannot be read "
                              f"({toml_problem(str(exc))}). Correct that line, then save again.") from exc
        change(doc)
        text = tomlkit.dumps(doc)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:  # tomlkit wrote it, so this would be a bug; say so plainly
            raise ConfigError(f"The new config would not be valid TOML ({exc}); nothing was changed.") from exc
        config = parse(data, path, secrets=secrets)  # ConfigError names the key
        try:
            write_atomically(path, text, mode=None)
        except OSError as exc:
            raise ConfigError(_not_saved(path, exc)) from None
    return config


_EDITING = threading.Lock()


def _not_saved(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The config file {path} could not be saved: the disk is full. Free some space; nothing was changed."
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"The config file {path} could not be saved: it or its folder is read-only. Nothing was changed."
    return f"The config file {path} could not be saved ({exc.strerror or exc}); nothing was changed."
