"""Every page and email a teacher sees holds none of the words docs/glossary.md rules out."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from repwatch.config import load
from tests.test_digest import full_digest
from tests.web_support import open_page, seed, write_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"


def never() -> list[str]:
    block = re.search(r"```never\n(.*?)```", GLOSSARY.read_text(encoding="utf-8"), re.S)
    assert block, "docs/glossary.md has no ```never block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def words_of(html: str) -> str:
    """What a person reads: the text and the attributes a screen reader says, not the markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    said = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + said


def test_no_page_or_email_says_a_word_the_glossary_rules_out(tmp_path):
    from repwatch.app import status
    from repwatch.app.doctor import sample_digest
    from repwatch.pipeline.digest import render_html, render_text
    from repwatch.web.app import create_app

    db = tmp_path / "data" / "repwatch.db"
    db.parent.mkdir()
    ids = seed(db)
    config_path = write_config(tmp_path / "config.toml", db)
    config_path.write_text(config_path.read_text().replace("[[profile]]", '[repwatch]\ntimezone = "Etc/UTC"\n\n[[profile]]', 1)
                           if "[repwatch]" not in config_path.read_text() else
                           config_path.read_text().replace("[repwatch]\n", '[repwatch]\ntimezone = "Etc/UTC"\n', 1))
    config = load(config_path)
    client = open_page(TestClient(create_app(config, db), base_url="http://127.0.0.1:8377"), db)
    seen: dict[str, str] = {}
    paths = ["/", "/report", "/status", "/profile", "/accounts", "/blocked", "/exposure", "/a/sample", "/a/forged",
             f"/report?id={ids['impersonation']}&id={ids['hostile']}&format=html"]
    paths += [f"/mentions/{i}" for i in ids.values()]
    for path in paths:
        seen[path] = words_of(client.get(path).text)
    digest = full_digest(timezone="Etc/UTC")
    seen["digest text"] = render_text(digest)
    seen["digest html"] = words_of(render_html(digest))
    sample = sample_digest("Joanna Whitfield", "Etc/UTC", config=config, database=db)
    seen["sample text"] = render_text(sample)
    seen["status"] = status.render(status.collect(config, db))
    found = [f"{where}: {word!r}" for where, text in seen.items() for word in never() if word in text]
    assert found == [], "\n".join(found)
    assert "UTC (Greenwich)" in seen["/"] and "UTC (Greenwich)" in seen["digest text"]
