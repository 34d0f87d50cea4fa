"""The provider table: every provider module registers its class here by being imported."""

from __future__ import annotations

from importlib import import_module

MODULES = ("brave", "serper", "serpapi", "searxng", "duckduckgo", "google_news", "bluesky", "mastodon")


def registry() -> dict[str, type]:
    from repwatch.providers.base import REGISTRY

    for module in MODULES:
        import_module(f"repwatch.providers.{module}")
    return dict(REGISTRY)


def keyless_defaults() -> list[str]:
    return [name for name, cls in registry().items() if cls.keyless]
