"""Each provider's settings as the config file writes them; the config loader builds on these."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from repwatch.platform_models import Service

Kind = Literal["web", "news", "images", "posts", "accounts"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ProviderSettings(Strict):
    enabled: bool = True
    base_url: str | None = None
    kinds: list[Kind] | None = None
    rate_per_second: float | None = Field(None, gt=0)
    max_results: int = Field(20, ge=1, le=200)
    timeout_s: float = Field(15.0, gt=0, le=300)
    monthly_quota: int | None = Field(None, ge=0)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"{value!r} is not an http:// or https:// address")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ValueError(f"{value!r} has a port that is not a number") from None
        if not parts.hostname:
            raise ValueError(f"{value!r} has no server name after the //")
        if parts.query or parts.fragment:
            raise ValueError(f"{value!r} should be just the server's address, without ? or # parts")
        return value.rstrip("/")


class KeyedSettings(ProviderSettings):
    api_key: SecretStr | None = None


class BlueskySettings(ProviderSettings):
    identifier: str | None = None
    app_password: SecretStr | None = None


class MastodonSettings(ProviderSettings):
    access_token: SecretStr | None = None


class Providers(Strict):
    """The [providers] table: ``providers_model()`` adds one optional section for each provider."""


# the secret a service's key is kept in → the settings its section takes (data/search_services.toml)
_BY_SECRET: dict[str, type[ProviderSettings]] = {
    "api_key": KeyedSettings, "app_password": BlueskySettings, "access_token": MastodonSettings,
}


def settings_for(service: Service) -> type[ProviderSettings]:
    """The settings ``[providers.NAME]`` takes: every provider's, and the key or login it uses."""
    return _BY_SECRET[service.key.setting] if service.key is not None else ProviderSettings


# --- what `repwatch init` asks to fill a provider's settings -------------------------------------
@dataclass(frozen=True)
class Ask:
    """One setting `repwatch init` asks for beyond a search key (an address, a login), with its flag.

    Declared by the provider class (``Provider.setup``), so a new service's question, its flag, how
    the answer is read and how the config file shows it all come with the class. The ask whose
    ``setting`` is the service's key (data/search_services.toml) is its secret: asked hidden, never a
    flag, kept where the other secrets are.
    """

    setting: str  # the key under [providers.CODE] it fills
    prompt: str  # the question, after two spaces
    hint: str = ""  # added to the prompt when there is no answer yet to keep
    check: Callable[[str], str] | None = None  # reads an answer leniently; a ValueError says what is wrong
    flag: str = ""  # its `repwatch init` option (never for the secret)
    flag_help: str = ""
    what: str = ""  # the answer in a few words, for a sentence saying it is missing
    before: str = ""  # said before the question: how to find or make it
    after: str = ""  # said once it is answered
    needed: bool = False  # without it the provider's other answers are no use, so none are kept
    skipped: str = ""  # said when a needed answer is left empty
    guess: Callable[[list[str]], str] | None = None  # a default from the user's own accounts
    example: str = ""  # shown commented out in a new config file while it is not set
    note: str = ""  # a short comment after that example


@dataclass(frozen=True)
class Setup:
    """What `repwatch init` asks about one provider, in plain words, and how its section is written."""

    intro: str  # what it adds, said before the yes/no question
    confirm: str  # the yes/no question; No leaves the provider as a config with no answers has it
    asks: tuple[Ask, ...]
    comment: str  # the line above its section in the config file
    advanced: bool = False  # asked after the others (fine to skip)


def http_address(text: str, example: str) -> SplitResult:
    """An http(s) address with a server name, or a ValueError saying in one sentence what is wrong.

    Stricter than the config loader's check (which only looks at the start), so that a typing slip
    is caught while the user is still at the question rather than when the first search fails.
    """
    value = text.strip()
    if any(char.isspace() for char in value):
        raise ValueError(f"An address has no spaces in it; write it like {example}.")
    if "://" not in value:
        raise ValueError(f"The address must start with http:// or https://, like {example}.")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"The address must start with http:// or https://, not {parts.scheme}://; "
                         f"write it like {example}.")
    if "@" in parts.netloc:
        raise ValueError(f"Leave out any user name or password before an @; write it like {example}.")
    if not parts.hostname:
        raise ValueError(f"The address needs a server name after {parts.scheme}://, like {example}.")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise ValueError(f"The number after the colon must be a port from 1 to 65535, like {example}.") from None
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())
