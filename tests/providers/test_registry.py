"""The provider table."""

from repwatch.adapters.providers import MODULES, keyless_defaults, registry
from repwatch.platforms import services


def test_every_module_registers_the_provider_it_is_named_for():
    table = registry()
    assert list(table) == list(MODULES)
    assert all(cls.name == name for name, cls in table.items())


def test_keyless_defaults_are_the_classes_that_need_no_key():
    assert keyless_defaults() == [name for name, cls in registry().items() if cls.keyless]
    assert set(keyless_defaults()) == {"duckduckgo", "google_news", "bluesky", "mastodon"}


def test_every_provider_has_its_facts_in_the_one_data_file():
    """Names, keys and free quotas live in data/search_services.toml, read by the classes, the wizard,
    doctor and the docs (the wizard once said SerpApi's free plan was 250 searches, config.example.toml 100)."""
    from pathlib import Path

    from repwatch.app.wizard import KEYS, Answers, render_config

    table = services()
    for name, cls in registry().items():
        assert name in table and cls.keyless == table[name].keyless
        key = table[name].key
        assert (key is not None) == (name in {"brave", "serper", "serpapi", "bluesky", "mastodon"}), name
    assert [k.provider for k in KEYS] == ["brave", "serper", "serpapi", "bluesky", "mastodon"]
    written = render_config(Answers(name="Sam Patel"), [])
    serpapi = table["serpapi"].key
    assert serpapi is not None and f"{serpapi.free}." in written
    example = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    quota = example.split("[providers.serpapi]", 1)[1].split("monthly_quota = ", 1)[1].split()[0]
    assert f"{quota} " in serpapi.free  # config.example.toml's figure is one the data file gives


def test_asking_for_some_providers_imports_only_those():
    assert list(registry(["searxng", "nope"])) == ["searxng"]


def test_a_provider_is_its_module_its_settings_and_its_line_in_the_services_file():
    """What a new provider needs, and nothing else: its module (the class registers itself), its
    settings under [providers.NAME], and its entry in data/search_services.toml (name, key, quota),
    from which the wizard, doctor and docs/setup.md's table take what they say about it."""
    from repwatch.adapters.providers.settings import SETTINGS

    table = registry()
    assert set(table) == set(MODULES) == set(SETTINGS)
    assert set(table) <= set(services())
    for name, cls in table.items():
        key = services()[name].key
        fields = SETTINGS[name].model_fields
        if key is not None:
            assert key.setting in fields, name  # the secret the data file names is a setting it takes
        assert cls.keyless == services()[name].keyless
