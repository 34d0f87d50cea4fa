"""The packaged data files are read through pydantic models, so a misspelt key is an error when the
file is loaded rather than a setting silently ignored (issue 28); each file loads as shipped."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest
from pydantic import ValidationError

from repwatch import platform_models, platforms
from repwatch.errors import ConfigError
from repwatch.pipeline import names
from repwatch.pipeline.triage import who


def _toml(name: str) -> dict:
    return tomllib.loads(resources.files("repwatch.data").joinpath(name).read_text("utf-8"))


def test_each_packaged_file_loads_through_its_model():
    assert "facebook" in platforms.table() and "medium.com" in platforms._shared_hosts()
    assert platforms.services()["brave"].key is not None
    assert names._data("names.toml")["titles"] and names._data("nicknames.toml")["nicknames"]["joanna"]
    assert who.places().far_km > 0 and "Liverpool" in who.places().names


@pytest.mark.parametrize(("model", "file", "where", "typo"), [
    (platform_models.PlatformsFile, "platforms.toml", ("platform", "facebook"), "lable"),
    (platform_models.PlatformsFile, "platforms.toml", (), "shared_host"),
    (platform_models.ServicesFile, "search_services.toml", ("services", "brave"), "keyles"),
    (names.names_models()["names.toml"], "names.toml", (), "titels"),
    (names.names_models()["nicknames.toml"], "nicknames.toml", (), "nickname"),
    (who._PlacesFile, "uk_places.toml", ("settings",), "far_kms"),
])
def test_a_misspelt_key_is_an_error(model, file, where, typo):
    data = _toml(file)
    table = data
    for key in where:
        table = table[key]
    table[typo] = table.get(typo.rstrip("s"), True) if isinstance(table, dict) else True
    with pytest.raises(ValidationError, match=typo):
        model.model_validate(data)


@pytest.mark.parametrize(("line", "says"), [
    ("Nowhere\t53.4", "line 2 is not a name, a latitude and a longitude"),
    ("Paris\t48.86\t2.35", "line 2 ('Paris') is not a place in the UK or Ireland"),
    ("Bow\t51.5\t-0.02\tbecause", "line 2 ('Bow') is not a place in the UK or Ireland, or says why"),
])
def test_a_town_row_that_does_not_fit_is_refused_naming_its_line(line, says):
    with pytest.raises(ConfigError, match=re.escape(says)):
        who.towns("# a comment\n" + line + "\n")
    assert who.towns("Ballycastle\t55.204\t-6.243\n") == [("Ballycastle", 55.204, -6.243, "")]


def test_a_place_needs_two_or_three_numbers():
    data = _toml("uk_places.toml")
    data["places"]["Nowhere"] = [53.4]
    with pytest.raises(ValidationError, match="Nowhere"):
        who._PlacesFile.model_validate(data)
