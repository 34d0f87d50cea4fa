"""What every command shares: the global options, how to open the config and the store, and the
one way out to the terminal.

Titles, snippets, addresses and servers' error sentences are written by strangers. Everything a
command prints goes through ``echo``, ``console()`` or ``print_json`` here, and each of them passes
the text through ``repwatch.text.for_terminal``: no ESC (screen clears, OSC window titles, OSC 52
clipboard writes), no other control or direction-override character ever reaches the terminal.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterable
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
        """The store, reading from the config only where the database is (see ``database_named_in``)."""
        from repwatch.adapters.store import Store
        from repwatch.paths import database_named_in, default_config_path

        if self.db_path is not None:
            return Store(self.db_path)
        named = database_named_in(Path(self.config_path).expanduser() if self.config_path else default_config_path())
        if named is not None:
            return Store(named)
        return self.store(self.config(required=False, secrets=False))

    def timezone(self) -> Any:
        """The zone her times are shown in, read without validating the whole config (see ``open_store``);
        the computer's own when none is set or it is not one Python knows."""
        from zoneinfo import ZoneInfo

        from repwatch.paths import default_config_path, timezone_named_in

        name = timezone_named_in(Path(self.config_path).expanduser() if self.config_path else default_config_path())
        try:
            return ZoneInfo(name) if name else None
        except (ValueError, KeyError):
            return None

    def interactive(self) -> bool:
        return sys.stdout.isatty() and not self.quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            echo(text, err=True)


pass_app = click.make_pass_decorator(AppContext)


def echo(text: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo, with the text made safe for a terminal."""
    from repwatch.text import for_terminal  # lazy: its patterns cost `--help` 10 ms

    click.echo(for_terminal(text), err=err, nl=nl)


# JSON escapes C0 controls itself; these it would print raw with ensure_ascii=False.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
                          "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if ord(char) > 0xFFFF:  # a tag character: JSON spells it as a surrogate pair
        code = ord(char) - 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{ord(char):04x}"


def print_json(data: Any) -> None:
    """JSON as documented: the same values, with every invisible or control character escaped."""
    click.echo(_JSON_UNSAFE.sub(_json_escape, json.dumps(data, indent=2, ensure_ascii=False)))


def stream_json(items: Iterable[Any]) -> None:
    """A JSON array printed an item at a time, exactly as ``print_json`` prints the whole list: the
    first items come at once and memory stays flat, however many there are."""
    first = True
    for item in items:
        text = _JSON_UNSAFE.sub(_json_escape, json.dumps(item, indent=2, ensure_ascii=False))
        click.echo(("[\n" if first else ",\n") + textwrap.indent(text, "  "), nl=False)
        first = False
    click.echo("[]" if first else "\n]")


def console() -> Any:
    """A rich Console whose text (never its own styling) is cleaned for the terminal."""
    from rich.console import Console
    from rich.segment import Segment

    from repwatch.text import for_terminal

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Any) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(for_terminal(segment.text), segment.style, None)
                for segment in buffer
            )

    return SafeConsole(soft_wrap=False)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON, as documented in docs/commands.md.")
