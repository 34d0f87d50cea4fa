"""Where repwatch keeps things by default: the platform's user config and data dirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP = "repwatch"


def default_config_path() -> Path:
    env = os.environ.get("REPWATCH_CONFIG")
    if env:
        return Path(env).expanduser()

    return user_config_path(APP) / "config.toml"


def data_dir() -> Path:
    return user_data_path(APP)


def default_database_path() -> Path:
    return data_dir() / "repwatch.db"


def outbox_dir(database: Path) -> Path:
    """Digests that could not be emailed (no [email] section) are written here, beside the database."""
    return database.parent / "outbox"
