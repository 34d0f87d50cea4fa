"""Each provider's settings as the config file writes them; the config loader builds on these."""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

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
