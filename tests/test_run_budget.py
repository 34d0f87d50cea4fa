"""A run sends only what the budget allows, and the rest take their turn in later runs."""

from __future__ import annotations

import json

from tests.conftest import cli
from tests.test_backbone import providers, write_config  # noqa: F401  (fixture)


def _sent(server) -> list[str]:
    """The distinct queries the loopback providers were asked, in the order first asked."""
    seen: dict[str, None] = {}
    for request, _response in server.log:
        query = request.args.get("q") or request.form.get("q")
        if query:
            seen.setdefault(query, None)
    return list(seen)


def test_runs_rotate_through_the_plan_within_max_queries(home, providers, smtp):  # noqa: F811
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                          extra="")
    text = config.read_text().replace('max_queries = 3', 'max_queries = 3\nnicknames = ["Jo"]')
    config.write_text(text)
    plan = json.loads(cli("--config", str(config), "plan", "--json").stdout)
    everything = list(dict.fromkeys(r["query"] for r in plan if r["provider"]))
    assert len(everything) > 3

    first = json.loads(cli("--config", str(config), "run", "--json").stdout)
    assert first["queries"] == 3
    asked_first = _sent(providers)
    top = '"Joanna Whitfield" Liverpool'
    assert len(asked_first) == 3 and top in asked_first
    providers.clear_log()

    second = json.loads(cli("--config", str(config), "run", "--json").stdout)
    asked_second = _sent(providers)
    assert second["queries"] == 3
    assert top in asked_second  # the top of the plan runs every time
    assert (set(asked_second) - {top}).isdisjoint(set(asked_first) - {top})  # the others take turns

    now_plan = json.loads(cli("--config", str(config), "plan", "--json").stdout)
    next_up = {r["query"] for r in now_plan if r["next_run"]}
    assert '"Joanna Whitfield" Liverpool' in next_up and len(next_up) == 3
