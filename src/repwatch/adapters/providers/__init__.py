"""The provider table: every provider module registers its class here by being imported.

Each module is named for its provider, so a run imports only the providers it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from repwatch.platforms import services

MODULES = ("brave", "serper", "serpapi", "searxng", "duckduckgo", "google_news", "bluesky", "mastodon")


def registry(names: Iterable[str] | None = None) -> dict[str, type]:
    """Provider classes by name: all of them, or only ``names`` (unknown names are left out)."""
    from repwatch.adapters.providers.base import (
        REGISTRY,  # lazy: the table fills as provider modules are imported by name
    )

    wanted = MODULES if names is None else [n for n in names if n in MODULES]
    for module in wanted:
        import_module(f"repwatch.adapters.providers.{module}")
    return {name: REGISTRY[name] for name in wanted}


def keyless_defaults() -> list[str]:
    """The providers used when the config names none: those data/search_services.toml calls keyless."""
    table = services()
    return [name for name in MODULES if table[name].keyless]
