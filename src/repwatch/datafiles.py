"""The packaged data files (``repwatch/data/``), each read once and checked against its model.

The tables that drive repwatch (platforms, search services, word lists, the guide, UK places) are
data, so a misspelt key must not be quietly read as "not set": every model forbids keys it does not
know, and a file that does not fit is refused with one sentence naming the file and the key. Where a
user may replace a file (the guide, the exposure table), the same model checks theirs.

The read commands (`show`, `mentions`, `blocked` …) need three of them (the guide's words, the
platform and service names), and importing pydantic to check them cost those commands more than
the rest of their work. So those files are checked at build time too: ``data/checked.crc32`` holds
the CRC-32 and length of each as its model last passed it (``python -m tests.commands_doc --write``
writes it, ``tests/test_commands_doc.py`` fails when it is stale). A file that is the one checked
is read as it is; one that differs (edited after installing, or a stale stamp) is checked against
its model when it is loaded, as every other file always is. CRC-32, as zip files use to notice a
changed member, and not SHA-256: hashlib loads OpenSSL, 5 ms of a read command's start; this is no
security check (whoever can edit the installed data files can edit the code), only a way to notice
an edited file. ``data/checked.twins``, written with it, holds the stamped TOML files as parsed, with
their stamps: Python's TOML reader is pure Python, and reading the guide with it cost `show` about
10 ms; a file whose stamp matches is read from there as JSON, the same values.
"""

from __future__ import annotations

import json
import os
import tomllib
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from repwatch.errors import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
CHECKED = "checked.crc32"  # in data/: one "CRC-32 length  name" line a file
TWINS = "checked.twins"  # in data/: JSON, each stamped TOML file as parsed, with its stamp (see ``twin``)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
STAMPED = ("guide.toml", "platforms.toml", "search_services.toml",  # the files the read commands read
           "accounts_sites.json", "names.toml", "nicknames.toml")


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
    from pydantic import ValidationError  # lazy: the read commands load no pydantic (see above)

    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise ConfigError(f"{file}: {problem(exc, data)}.") from None


def source(name: str) -> str:
    """A packaged data file's text: from the package's folder (importlib.resources, which loads zipfile
    and the compressors it reads, about 5 ms, only for a package installed in a zip)."""
    try:
        with open(os.path.join(DATA, *name.split("/")), encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        from importlib import resources  # lazy: see above

        return resources.files("repwatch").joinpath(f"data/{name}").read_text(encoding="utf-8")


def read(name: str) -> Any:
    """A packaged data file's contents (TOML or JSON), unchecked: for :func:`packaged` and tests."""
    return parsed(name, source(name))


def parsed(name: str, text: str) -> Any:
    return json.loads(text) if name.endswith(".json") else tomllib.loads(text)


def digest(text: str) -> str:
    """A file's CRC-32 and length, as ``data/checked.crc32`` writes them."""
    data = text.encode("utf-8")
    return f"{zlib.crc32(data):08x} {len(data)}"


@lru_cache(maxsize=1)
def stamps() -> dict[str, str]:
    """``data/checked.crc32``: each stamped file's CRC-32 and length as its model last passed it."""
    try:
        text = source(CHECKED)
    except (OSError, UnicodeDecodeError):
        return {}
    return {name.strip(): sha for sha, _, name in (line.partition("  ") for line in text.splitlines()) if name}


def stamp_text() -> str:
    """What ``data/checked.crc32`` should hold now (each stamped file is checked by its model by the tests)."""
    return "".join(f"{digest(source(name))}  {name}\n" for name in STAMPED)


def twins_text() -> str:
    """What ``data/checked.twins`` should hold now: each stamped TOML file's stamp and contents."""
    twins = {name: {"stamp": digest(text), "data": tomllib.loads(text)}
             for name in STAMPED if name.endswith(".toml") for text in [source(name)]}
    return json.dumps(twins, ensure_ascii=False, separators=(",", ":")) + "\n"


def twin(name: str, stamp: str) -> Any:
    """A stamped TOML file's contents from ``data/checked.twins``, when it holds them for the text whose
    stamp is ``stamp``; else None. The same values: TOML's are JSON's here (the files hold no dates),
    and Python's TOML reader takes several times as long as its JSON reader (the guide: about 10 ms)."""
    if not name.endswith(".toml"):
        return None
    try:
        entry = json.loads(source(TWINS)).get(name)
    except (OSError, ValueError, AttributeError):
        return None
    return entry.get("data") if isinstance(entry, dict) and entry.get("stamp") == stamp else None


def packaged(name: str, model: type[M]) -> M:
    """The packaged file ``data/NAME`` checked against ``model``; a file that does not fit is a
    packaging mistake, named by file and key."""
    return checked(model, read(name), f"repwatch's data file data/{name}")


def packaged_data(name: str, model: type[BaseModel] | Callable[[], type[BaseModel]]) -> dict[str, Any]:
    """The packaged file ``data/NAME`` as read, once it is checked against ``model`` (or the model
    ``model()`` returns, so that a light reader imports it only when the file must be checked): for
    readers that lay a user's own file over it (the guide) or read it without pydantic (the
    platforms). A file stamped in ``data/checked.crc32`` and unchanged since is not checked again."""
    return packaged_stamped(name, model)[0]


def packaged_stamped(name: str, model: type[BaseModel] | Callable[[], type[BaseModel]]) -> tuple[dict[str, Any], bool]:
    """``packaged_data``, and whether the file is the one stamped (every check made at build passed)."""
    if name in STAMPED:
        text = source(name)
        stamp = digest(text)
        if stamps().get(name) == stamp:
            same = twin(name, stamp)
            return (same if isinstance(same, dict) else parsed(name, text)), True
        data: dict[str, Any] = parsed(name, text)
    else:
        data = read(name)
    checked(model if isinstance(model, type) else model(), data, f"repwatch's data file data/{name}")
    return data, False
