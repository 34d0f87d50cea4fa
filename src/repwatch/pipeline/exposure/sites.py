"""The table of UK people-search and directory sites, validated when it is loaded.

The built-in table is ``data/exposure_sites.toml``; ``$REPWATCH_EXPOSURE_TABLE`` names another file
in the same shape (the test suite points it at loopback fakes, so no test reaches a real site). A
broken table is one sentence naming the file, the site and the key, never a crash mid-run.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from repwatch.datafiles import packaged
from repwatch.errors import ConfigError

TABLE_ENV = "REPWATCH_EXPOSURE_TABLE"
Mark = Literal["V", "C", "U"]
_DATE = r"^\d{4}-\d{2}-\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _http(value: str | None) -> str | None:
    if value is not None and not re.match(r"^https?://[^/\s]+", value, re.IGNORECASE):
        raise ValueError(f"should be an http:// or https:// address (got {value!r})")
    return value


class ExposureSite(_Strict):
    """One site: how to look her up there, what a listing of a person looks like, how to ask for removal."""

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    domain: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")  # as search results name it: 192.com
    kind: Literal["people_search", "directory", "register", "register_archive"]
    directory: bool = False  # PECR regulation 18 applies
    site_query: bool = True
    search_url: str | None = None
    listing_url: str
    no_results: list[str] = []
    gone_text: list[str] = []  # words of the site's own "this listing was removed" page
    login_text: list[str] = []
    captcha_text: list[str] = []
    shows: str = ""
    removal_how: Literal["form", "email", "letter", "provider", "companies_house"]
    removal_url: str | None = None
    removal_email: str | None = None
    removal_proof: str = ""
    removal_takes: str = ""
    action_required: bool = False  # the site needs her own form, account or ID
    search_status: Mark
    removal_status: Mark
    checked: str = Field(pattern=_DATE)
    source: str = Field(min_length=1)
    note: str = ""

    _url_ok = field_validator("search_url", "removal_url")(_http)

    @field_validator("listing_url")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"is not a valid regular expression ({exc})") from None
        return value

    @field_validator("no_results", "gone_text", "login_text", "captcha_text")
    @classmethod
    def _folded(cls, value: list[str]) -> list[str]:
        return [" ".join(v.split()).casefold() for v in value if v.strip()]

    def is_listing(self, url: str) -> bool:
        """Is this the address of one person's listing (not the home page or a search form)?"""
        return bool(re.search(self.listing_url, url or "", re.IGNORECASE))

    def search_for(self, name: str, town: str = "") -> str | None:
        """The site's own search address for a name (and town), or None where there is none."""
        if not self.search_url:
            return None
        parts = name.split()
        values = {"{name}": name, "{forename}": parts[0] if parts else "", "{surname}": parts[-1] if parts else "",
                  "{town}": town}
        url = self.search_url
        for slot, value in values.items():
            url = url.replace(slot, quote(value))
        return url

    @property
    def takes_letter(self) -> bool:
        """An erasure letter is the way to ask (not a public register's own application, or a phone company)."""
        return self.removal_how in ("form", "email", "letter")

    @property
    def removal_verified(self) -> bool:
        return self.removal_status in ("V", "C")


class Ico(_Strict):
    complaint_url: str
    complaint_status: Mark
    erasure_url: str
    erasure_status: Mark
    source: str
    phone: str = ""
    phone_status: Mark = "U"


class Register(_Strict):
    how: str
    url: str
    takes: str
    old_editions: str
    checked: str = Field(pattern=_DATE)
    status: Mark
    source: str


class Table(_Strict):
    checked: str = Field(pattern=_DATE)
    ico: Ico
    open_register: Register = Field(alias="register")
    site: list[ExposureSite] = []

    @field_validator("site")
    @classmethod
    def _unique(cls, sites: list[ExposureSite]) -> list[ExposureSite]:
        seen: set[str] = set()
        for site in sites:
            if site.key in seen:
                raise ValueError(f"two sites have the key {site.key!r}")
            seen.add(site.key)
        return sites

    def by_key(self) -> dict[str, ExposureSite]:
        return {s.key: s for s in self.site}

    def for_domain(self, domain: str) -> ExposureSite | None:
        domain = (domain or "").lower()
        return next((s for s in self.site if domain == s.domain or domain.endswith("." + s.domain)), None)


def _where(error: dict[str, Any], data: dict[str, Any]) -> str:
    loc = list(error["loc"])
    if loc[:1] == ["site"] and len(loc) > 1 and isinstance(loc[1], int):
        sites = data.get("site") or []
        raw = sites[loc[1]] if loc[1] < len(sites) else {}
        name = raw.get("name") if isinstance(raw, dict) else None
        named = f" ({name!r})" if isinstance(name, str) else ""
        rest = ".".join(str(p) for p in loc[2:])
        return f"site {loc[1] + 1}{named}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in loc) or "the top level"


def parse_table(text: str, file: str | Path) -> Table:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML ({exc}).") from exc
    try:
        return Table.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{file}: {_where(dict(first), data)}: {first['msg']}.") from exc


@lru_cache(maxsize=4)
def _load(path: str | None) -> Table:
    if path:
        file = Path(path).expanduser()
        try:
            return parse_table(file.read_text(encoding="utf-8"), file)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"The exposure table {file} ({TABLE_ENV}) could not be read "
                              f"({exc.__class__.__name__}).") from exc
    return packaged("exposure_sites.toml", Table)


def table() -> Table:
    """The built-in table, or the file ``$REPWATCH_EXPOSURE_TABLE`` names."""
    return _load(os.environ.get(TABLE_ENV) or None)


def select(keys: list[str] | None) -> list[ExposureSite]:
    """The sites a run looks at: all of the table, or those ``[exposure] sites`` names (by key or name)."""
    sites = list(table().site)
    if keys is None:
        return sites
    wanted = [k.strip().casefold() for k in keys if k.strip()]
    known = {s.key: s for s in sites} | {s.name.casefold(): s for s in sites} | {s.domain: s for s in sites}
    unknown = [k for k in wanted if k not in known]
    if unknown:
        names = ", ".join(s.key for s in sites)
        raise ConfigError(f"exposure.sites names {unknown[0]!r}, which is not in the table (choose from {names}).")
    chosen = {known[k].key for k in wanted}
    return [s for s in sites if s.key in chosen]
