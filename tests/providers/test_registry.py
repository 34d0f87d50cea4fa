"""The provider table."""

from repwatch.adapters.providers import KEYLESS, MODULES, keyless_defaults, registry


def test_every_module_registers_the_provider_it_is_named_for():
    table = registry()
    assert list(table) == list(MODULES)
    assert all(cls.name == name for name, cls in table.items())


def test_keyless_defaults_are_the_classes_that_need_no_key():
    assert keyless_defaults() == [name for name, cls in registry().items() if cls.keyless]
    assert set(KEYLESS) == {"duckduckgo", "google_news", "bluesky", "mastodon"}


def test_asking_for_some_providers_imports_only_those():
    assert list(registry(["searxng", "nope"])) == ["searxng"]
