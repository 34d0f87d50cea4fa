"""Where repwatch keeps things by default: the platform's user config and data dirs."""

from __future__ import annotations

import os
from pathlib import Path

APP = "repwatch"


def default_config_path() -> Path:
    env = os.environ.get("REPWATCH_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP) / "config.toml"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP)


def default_database_path() -> Path:
    return data_dir() / "repwatch.db"


def outbox_dir(database: Path) -> Path:
    """Digests that could not be emailed (no [email] section) are written here, beside the database."""
    return database.parent / "outbox"
