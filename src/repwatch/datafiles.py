"""The packaged data files (``repwatch/data/``), each read once and checked against its model.

The tables that drive repwatch (platforms, search services, word lists, the guide, UK places) are
data, so a misspelt key must not be quietly read as "not set": every model forbids keys it does not
know, and a file that does not fit is refused with one sentence naming the file and the key. Where a
user may replace a file (the guide, the exposure table), the same model checks theirs.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from repwatch.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def where(loc: tuple[int | str, ...], data: Any = None) -> str:
    """A pydantic location as it is written in the file: ``flags.photo.steps[2]``, and an entry of a
    list by its name where it has one: ``sites[3] ('Instagram').lowercase``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                out += f" ({data['name'][:60]!r})"
        else:
            data = data.get(part) if isinstance(data, dict) else None
            text = part if part.replace("_", "").replace("-", "").isalnum() else f'"{part}"'
            out += f".{text}" if out else text
    return out or "the top level"


def problem(exc: ValidationError, data: Any = None) -> str:
    """The first thing wrong, as a sentence's end: ``platform.x.lable is not a key it takes``."""
    error = exc.errors()[0]
    at, kind = where(tuple(error["loc"]), data), error["type"]
    if kind == "extra_forbidden":
        return f"{at} is not a key it takes (misspelt?)"
    if kind == "missing":
        return f"{at} is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    shown = repr(error["input"])
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{at}: {message[:1].lower()}{message[1:]} (it is {shown})"


def checked(model: type[M], data: Any, file: str) -> M:
    """``data`` as ``model``, or a ConfigError naming ``file`` and the key that does not fit."""
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise ConfigError(f"{file}: {problem(exc, data)}.") from None


def read(name: str) -> Any:
    """A packaged data file's contents (TOML or JSON), unchecked: for :func:`packaged` and tests."""
    text = resources.files("repwatch").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else tomllib.loads(text)


def packaged(name: str, model: type[M]) -> M:
    """The packaged file ``data/NAME`` checked against ``model``; a file that does not fit is a
    packaging mistake, named by file and key."""
    return checked(model, read(name), f"repwatch's data file data/{name}")


def packaged_data(name: str, model: type[BaseModel]) -> dict[str, Any]:
    """The packaged file ``data/NAME`` as read, once it is checked against ``model``: for readers
    that lay a user's own file over it before reading (the guide)."""
    data: dict[str, Any] = read(name)
    checked(model, data, f"repwatch's data file data/{name}")
    return data
