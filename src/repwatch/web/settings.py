"""Writing `[serve] password_hash` into the config file, its comments and layout kept (tomlkit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit

from repwatch.config import edit_file


def write_password_hash(path: Path, password_hash: str) -> None:
    """Set [serve] password_hash (adding the section if needed); the file is checked before it is replaced."""

    def change(doc: Any) -> None:
        section = doc.get("serve")
        if section is None:
            section = tomlkit.table()
            doc["serve"] = section
        section["password_hash"] = password_hash

    edit_file(Path(path), change)
