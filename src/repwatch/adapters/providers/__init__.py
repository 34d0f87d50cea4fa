"""The provider table: every search service repwatch can use, and the class that searches it.

A provider is one class (a ``Provider`` subclass in a module of this package named for it, as
urlwatch's job classes are): declaring it registers it. What people are told about it (its name, its
key, where to get one, its free plan) is its entry in data/search_services.toml, read through the class
(``Provider.service``); its settings under ``[providers.NAME]`` follow from the key it takes. The
wizard's questions, `repwatch doctor`'s checks, `init --help` and the docs' tables all come from here,
so nothing else names a provider. How to add one: docs/development.md.

This module stays light (no HTTP library): the config reads the table at every start, and a run
imports only the provider modules it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from pydantic import create_model

from repwatch.adapters.providers.settings import Providers, ProviderSettings, Setup, settings_for
from repwatch.platform_models import Service
from repwatch.platforms import services

# name → class (a Provider subclass), filled as each is declared (Provider.__init_subclass__)
REGISTRY: dict[str, Any] = {}


def provider_table() -> dict[str, Service]:
    """Every search service by its code, in the order runs and lists use: those of
    data/search_services.toml, then any class declared that the file does not describe (one added
    from outside the package, or a test's), which then carries its own ``service``."""
    table = {code: s for code, s in services().items() if s.search}
    for name, cls in REGISTRY.items():
        table.setdefault(name, cls.service)
    return table


def registry(names: Iterable[str] | None = None) -> dict[str, Any]:
    """Provider classes by name: all of them, or only ``names`` (unknown names are left out).

    Only the modules asked for are imported, so a run loads only the providers it uses."""
    known = provider_table()
    wanted = list(known) if names is None else [n for n in names if n in known]
    for name in wanted:
        if name not in REGISTRY and find_spec(f"{__name__}.{name}") is not None:
            import_module(f"{__name__}.{name}")
    return {name: REGISTRY[name] for name in wanted if name in REGISTRY}


def setups() -> dict[str, Setup]:
    """What `repwatch init` asks about each provider beyond a search key (an address, a login), from
    its class's ``setup``, in the table's order."""
    return {name: cls.setup for name, cls in registry().items() if cls.setup is not None}


def keyless_defaults() -> list[str]:
    """The providers used when the config names none: those that need no key and no address."""
    return [name for name, service in provider_table().items() if service.keyless]


def key_services() -> str:
    """"Brave Search, Serper, SerpApi": the services a key opens, as advice names them (the name before
    any bracket), for when a keyless one is turning repwatch away."""
    return ", ".join(service.name.split(" (")[0] for service in provider_table().values()
                     if service.key is not None and service.key.setting == "api_key")


def settings_models() -> dict[str, type[ProviderSettings]]:
    """Each provider's settings model, as ``[providers.NAME]`` takes it."""
    return {name: settings_for(service) for name, service in provider_table().items()}


def providers_model() -> type[Providers]:
    """The ``[providers]`` table's model: one optional section for each provider there is now."""
    return _model(tuple(settings_models().items()))


@cache
def _model(fields: tuple[tuple[str, type[ProviderSettings]], ...]) -> type[Providers]:
    spec: dict[str, Any] = {name: (model | None, None) for name, model in fields}
    return create_model("Providers", __base__=Providers, **spec)
