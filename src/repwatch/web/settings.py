"""Writing `[serve] password_hash` into the config file, its comments and layout kept (tomlkit)."""

from __future__ import annotations

import contextlib
import os
import tomllib
from pathlib import Path

import tomlkit

from repwatch.config import parse


def write_password_hash(path: Path, password_hash: str) -> None:
    """Set [serve] password_hash (adding the section if needed); the file is checked before it is replaced."""
    path = Path(path)
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    section = doc.get("serve")
    if section is None:
        section = tomlkit.table()
        doc["serve"] = section
    section["password_hash"] = password_hash
    text = tomlkit.dumps(doc)
    parse(tomllib.loads(text), path)  # the loader's own checks, before anything is written
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    with contextlib.suppress(OSError):
        os.chmod(tmp, path.stat().st_mode & 0o777)
    os.replace(tmp, path)
