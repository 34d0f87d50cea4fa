"""The provider table: a provider is one class, and everything that names providers asks the table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from repwatch.adapters.providers import REGISTRY, keyless_defaults, provider_table, registry
from repwatch.adapters.providers.base import KeyedProvider, Provider
from repwatch.adapters.providers.settings import Ask, Setup
from repwatch.models import Query, Result
from repwatch.platform_models import Service, ServiceKey
from repwatch.platforms import services
from tests.conftest import cli

ORDER = ["brave", "serper", "serpapi", "searxng", "duckduckgo", "google_news", "bluesky", "mastodon"]


def test_every_module_registers_the_provider_it_is_named_for():
    table = registry()
    assert list(table) == ORDER  # the order of data/search_services.toml, which runs and lists use
    assert all(cls.name == name for name, cls in table.items())


def test_every_module_of_the_package_is_a_provider_in_the_table():
    """A module dropped into adapters/providers/ without its entry (or an entry without its module) is found."""
    import repwatch.adapters.providers as package

    modules = {p.stem for p in Path(package.__file__).parent.glob("*.py")} - {"__init__", "base", "settings"}
    assert modules == set(provider_table()) == set(registry())


def test_keyless_defaults_are_the_classes_that_need_no_key():
    assert keyless_defaults() == [name for name, cls in registry().items() if cls.keyless]
    assert set(keyless_defaults()) == {"duckduckgo", "google_news", "bluesky", "mastodon"}


def test_every_provider_has_its_facts_in_the_one_data_file():
    """Names, keys and free quotas live in data/search_services.toml, read through the classes by the
    wizard, doctor and the docs (the wizard once wrote SerpApi's cap as 250, config.example.toml 100)."""
    from repwatch.app.wizard import Answers, provider_keys, render_config

    table = services()
    for name, cls in registry().items():
        assert cls.service == table[name] and cls.keyless == table[name].keyless
        key = table[name].key
        assert (key is not None) == (name in {"brave", "serper", "serpapi", "bluesky", "mastodon"}), name
    assert [k.provider for k in provider_keys()] == ["brave", "serper", "serpapi", "bluesky", "mastodon"]
    serpapi = table["serpapi"].key
    assert serpapi is not None and serpapi.quota == 100
    written = render_config(Answers(name="Sam Patel"), [])
    assert f"{serpapi.free}." in written
    example = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    quota = example.split("[providers.serpapi]", 1)[1].split("monthly_quota = ", 1)[1].split()[0]
    assert int(quota) == serpapi.quota  # config.example.toml's cap is the one the wizard writes
    assert f"{quota} " in serpapi.free


def test_asking_for_some_providers_imports_only_those():
    assert list(registry(["searxng", "nope"])) == ["searxng"]


def test_loading_the_config_imports_no_provider_module():
    """The table is read at every start; the provider classes (and their HTTP library) load only for a search."""
    import subprocess
    import sys

    code = ("import sys, repwatch.config as c; c.Config(); "
            "print(sorted(m for m in sys.modules if m.startswith('repwatch.adapters.providers.') or m == 'httpx'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['repwatch.adapters.providers.settings']"


# --- a new provider is one class ------------------------------------------------------------------
TOY_SERVICE = Service(name="Toy Search", key=ServiceKey(
    setting="api_key", label="Toy Search API key", where="https://toy.example/keys",
    how="make one at https://toy.example/keys.", free="100 free searches a month", env="TOY_API_KEY",
    short="toy-api-key", quota=100))


@pytest.fixture
def toy() -> Any:
    """A search service declared here, as a new one is in adapters/providers/: one class, nothing else."""

    class Toy(KeyedProvider):
        """`GET /find?q=…`, with the key in the Toy-Key header."""

        name = "toy"
        service = TOY_SERVICE  # in the package, its entry in data/search_services.toml
        kinds = ("web",)
        origin = "https://toy.example"
        default_rate = 4.0

        async def search(self, query: Query, kind: str) -> list[Result]:
            response = await self.fetch("GET", self.url("/find"), params={"q": self.render_query(query)},
                                        headers={"Toy-Key": self.api_key})
            hits = self.json(response).get("hits", [])
            return [self.result(query, kind, rank, url=hit["url"], title=hit["title"], snippet="")
                    for rank, hit in enumerate(hits, 1)]

    yield Toy
    REGISTRY.pop("toy")


def test_a_new_provider_class_is_registered_with_its_settings(toy, tmp_path):
    from repwatch.config import KeyedSettings, load
    from repwatch.errors import ConfigError

    assert list(registry()) == [*ORDER, "toy"] and registry(["toy"]) == {"toy": toy}
    assert "toy" not in keyless_defaults()
    config = tmp_path / "config.toml"
    config.write_text('[[profile]]\nname = "Sam Patel"\n[providers.toy]\napi_key = "k"\n', encoding="utf-8")
    settings = load(config).active_providers()
    assert list(settings) == ["toy"] and isinstance(settings["toy"], KeyedSettings)
    config.write_text('[[profile]]\nname = "Sam Patel"\n[providers.toyy]\napi_key = "k"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"did you mean toy\?"):
        load(config)


def test_a_new_provider_is_in_init_help(toy):
    out = re.sub(r"-\s+", "-", " ".join(cli("init", "--help").stdout.split()))  # as wrapped for 80 columns
    assert "serpapi-api-key, toy-api-key, bluesky-app-password or mastodon-access-token." in out
    assert "(REPWATCH_SMTP_PASSWORD, BRAVE_API_KEY, SERPER_API_KEY, SERPAPI_API_KEY, TOY_API_KEY, " in out


def test_the_wizard_asks_for_a_new_providers_key_and_writes_its_section(toy):
    from repwatch.app import wizard

    answers = wizard.Answers(name="Sam Patel")
    with CliRunner().isolation(input="y\n\n\n\nTOY-KEY\n") as (_out, err, _both):
        wizard.ask_keys(answers)  # yes, then Enter for Brave, Serper and SerpApi, then the toy's key
        asked = err.getvalue().decode()
    assert "Toy Search API key: get one at https://toy.example/keys; 100 free searches a month." in asked
    assert answers.keys == {"toy": "TOY-KEY"}
    refs = wizard.place_secrets(answers, "env")
    text = wizard.render_config(answers, refs)
    assert '[providers.toy]\n# set the environment variable TOY_API_KEY wherever repwatch runs\n' \
           'api_key = "${TOY_API_KEY}"\nmonthly_quota = 100 ' in text
    assert wizard.check_config(answers, refs).active_providers()["toy"].monthly_quota == 100
    assert wizard.secret_info("toy-api-key") == wizard.keys_by_provider()["toy"]


def test_doctor_checks_a_new_provider(toy, tmp_path, httpserver):
    from repwatch.app.doctor import check_providers
    from repwatch.config import load

    httpserver.expect_request("/find", headers={"Toy-Key": "good"}).respond_with_data(
        json.dumps({"hits": [{"url": "https://example.org/a", "title": "A"}]}), content_type="application/json")
    httpserver.expect_request("/find").respond_with_data('{"error": "bad key"}', status=401,
                                                         content_type="application/json")
    config = tmp_path / "config.toml"
    for key, status, said in (("good", "ok", "works (web search answered)"),
                              ("bad", "fail", "rejected the key or login")):
        config.write_text(f'[[profile]]\nname = "Sam Patel"\n[providers.toy]\napi_key = "{key}"\n'
                          f'base_url = "{httpserver.url_for("/").rstrip("/")}"\n', encoding="utf-8")
        [check] = check_providers(load(config))
        assert (check.name, check.status) == ("provider toy", status) and said in check.detail
    assert check.fix == ("Put in the right key with `repwatch init --set-secret toy-api-key` (copy it again, with "
                         "no spaces); to get a new one, make one at https://toy.example/keys.")


def test_a_new_provider_is_in_the_docs_tables(toy):
    from tests import commands_doc

    assert ("| `toy` | Toy Search | web | `api_key` | 4/s | `GET /find?q=…`, with the key in the Toy-Key header. |"
            in commands_doc.provider_rows())
    assert ("| Toy Search | web results | https://toy.example/keys | 100 free searches a month | `TOY_API_KEY` "
            "| `toy-api-key` |" in commands_doc.key_table())


# --- a new provider with a question of its own (an address, as SearXNG's) -------------------------------
def _engine_address(text: str) -> str:
    if not text.strip().startswith("http"):
        raise ValueError("An engine's address starts with http://, like http://engine.example.")
    return text.strip().rstrip("/")


@pytest.fixture
def engine() -> Any:
    """A self-hosted engine declared here with its own question: its flag, its question, how the file
    shows it and how `init` reads it back all come from the class."""

    class Engine(Provider):
        """`GET /q?s=…` on your own engine (`base_url`)."""

        name = "engine"
        service = Service(name="Toy Engine")
        origin = "http://engine.example"
        setup = Setup(
            intro="If you run a Toy Engine, repwatch can search it too.",
            confirm="Do you run a Toy Engine?",
            asks=(Ask("base_url", "Its address", hint="(e.g. http://engine.example)", check=_engine_address,
                      flag="engine-url", flag_help="Your Toy Engine, e.g. http://engine.example.",
                      what="its address", needed=True, example="http://engine.example",
                      after="It answers only on your own network."),),
            comment="Your own Toy Engine, if you run one.",
        )

    yield Engine
    REGISTRY.pop("engine")


def test_a_new_providers_own_question_is_asked_and_written(engine):
    from repwatch.app import wizard

    answers = wizard.Answers(name="Sam Patel")
    with CliRunner().isolation(input="y\nengine.example\nhttp://engine.example/\n") as (_out, err, _both):
        wizard.ask_provider(answers, "engine", engine.setup)
        asked = err.getvalue().decode()
    assert "If you run a Toy Engine, repwatch can search it too." in asked
    assert "Do you run a Toy Engine? [y/N]" in asked and "Its address (e.g. http://engine.example):" in asked
    assert "An engine's address starts with http://, like http://engine.example." in asked  # asked again
    assert "It answers only on your own network." in asked
    assert answers.settings["engine"] == {"base_url": "http://engine.example"}
    text = wizard.render_config(answers, [])
    assert "# Your own Toy Engine, if you run one.\n[providers.engine]\nbase_url = \"http://engine.example\"\n" in text
    assert wizard.check_config(answers, []).active_providers()["engine"].base_url == "http://engine.example"
    # running `init` again: the question starts from what the file has, and an answer of No removes it
    import tomllib

    again = wizard.answers_from_config(tomllib.loads(text))
    assert again.settings["engine"] == {"base_url": "http://engine.example"}
    with CliRunner().isolation(input="n\n"):
        wizard.ask_provider(again, "engine", engine.setup)
    unset = wizard.render_config(again, [])
    assert "# Your own Toy Engine, if you run one.\n# [providers.engine]\n# base_url = \"http://engine.example\"\n" \
        in unset
    assert "engine" not in tomllib.loads(wizard.keep_unasked(text, unset))["providers"]


def test_a_new_providers_flag_is_in_init_and_its_help(engine, tmp_path):
    import tomllib

    out = " ".join(cli("init", "--help").stdout.split())
    assert "--engine-url TEXT Your Toy Engine, e.g. http://engine.example." in out
    config = tmp_path / "config.toml"
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel", "--engine-url", "ftp://x")
    assert result.returncode == 2 and result.stderr.strip().endswith(
        "--engine-url: An engine's address starts with http://, like http://engine.example.")
    result = cli("--config", str(config), "init", "--yes", "--name", "Sam Patel",
                 "--engine-url", "http://engine.example/")
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(config.read_text())["providers"]["engine"] == {"base_url": "http://engine.example"}
