"""What every command shares: the global options, and how to open the config and the store."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click


@dataclass
class AppContext:
    config_path: Path | None = None
    db_path: Path | None = None
    verbose: bool = False
    quiet: bool = False

    def config(self, *, required: bool = True, secrets: bool = True) -> Any:
        """The config. ``secrets=False`` for commands that use no password or key: a secret that is
        not set then stops only the commands that need it, which name its variable."""
        from repwatch.config import load

        return load(self.config_path, required=required, secrets=secrets)

    def store(self, config: Any) -> Any:
        from repwatch.adapters.store import Store

        return Store(self.db_path or config.database_path())

    def open_store(self) -> Any:
        """The store, reading the config only when --db does not already say where it is."""
        if self.db_path is not None:
            from repwatch.adapters.store import Store

            return Store(self.db_path)
        return self.store(self.config(required=False, secrets=False))

    def interactive(self) -> bool:
        return sys.stdout.isatty() and not self.quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=True)


pass_app = click.make_pass_decorator(AppContext)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON, as documented in the README.")
