"""`repwatch accounts` plans the next checks from the accounts she said are hers alone: the same plan
as from her whole person (which read every page she dismissed, each address made canonical)."""

from __future__ import annotations

from pathlib import Path

import pytest

from repwatch.adapters.store import Store
from repwatch.app.accounts import accounts_config
from repwatch.pipeline.accounts.watch import accounts_rows, plan_accounts
from repwatch.pipeline.person import person_of
from tests.web_support import seed


def test_the_plan_from_her_own_accounts_is_the_plan_from_her_whole_person(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPWATCH_ACCOUNTS_TABLE")  # the built-in table: planned and listed, never checked here
    db = tmp_path / "repwatch.db"
    ids = seed(db)
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'[repwatch]\ndatabase = "{db}"\n\n[[profile]]\nname = "Joanna Whitfield"\n'
                           'locations = ["Liverpool"]\nhandles = ["jowhitfield"]\n', encoding="utf-8")
    config = accounts_config(config_file)
    assert config is not None
    profile = config.profile[0]
    store = Store(db)
    store.add_own_account(profile.name, {"platform": "instagram", "handle": "joanna.whitfield"}, mention_id=None,
                          note=None, restore={})
    store.set_status(ids["plain"], "dismissed")

    alone = plan_accounts(config, profile, store)  # type: ignore[arg-type]  # the keys, shaped as Config's
    whole = plan_accounts(config, profile, store, person=person_of(profile, store))  # type: ignore[arg-type]
    assert alone == whole
    assert any("instagram" in c.own_on for c in alone.candidates)  # hers: not looked for there
    rows = accounts_rows(config, profile, store)  # type: ignore[arg-type]
    assert rows and {r["username"] for r in rows if r["username"]} == {p.username for p in alone.chosen + alone.waiting}
