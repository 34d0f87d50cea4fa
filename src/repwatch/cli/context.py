"""What every command shares: the global options, how to open the config and the store, and the
one way out to the terminal.

Titles, snippets, addresses and servers' error sentences are written by strangers. Everything a
command prints goes through ``echo``, ``console()`` or ``print_json`` here, and each of them passes
the text through ``repwatch.text.for_terminal``: no ESC (screen clears, OSC window titles, OSC 52
clipboard writes), no other control or direction-override character ever reaches the terminal.

Nothing here loads click when imported: a read command answered by ``repwatch.cli.quick`` runs
without it (see ``write``), and so does the one sentence a failure becomes (``failure``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from repwatch.adapters.store import Store

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    """What every command is given: the global options (--config, --db, --verbose, --quiet) and the config keys read once."""

    config_path: Path | None = None
    db_path: Path | None = None
    verbose: bool = False
    quiet: bool = False
    _keys: Any = field(default=None, repr=False)

    def config(self, *, required: bool = True, secrets: bool = True) -> Any:
        """The config. ``secrets=False`` for commands that use no password or key: a secret that is
        not set then stops only the commands that need it, which name its variable."""
        from repwatch.config import load

        return load(self.config_path, required=required, secrets=secrets)

    def database_for(self, config: Any) -> Path:
        """Where the store is: --db, else the loaded config's `database`."""
        return self.db_path or config.database_path()

    def store(self, config: Any) -> Any:
        from repwatch.adapters.store import Store

        return Store(self.database_for(config))

    def existing_store(self, config: Any) -> Any:
        """The store when there is one, else None: a command that only reads it never makes an empty one."""
        return self.store(config) if self.database_for(config).exists() else None

    def keys(self, *, profiles: bool = False, photos: bool = False, required: bool = False) -> Any:
        """The config keys a read command uses (the database, her time zone; with ``profiles`` her
        profiles' names, with ``photos`` their photos too), read without validating the rest of the
        file (see ``repwatch.readconfig``)."""
        from repwatch.readconfig import Keys, ProfileKeys, read_keys

        if self._keys is None or profiles or photos or required:
            keys = read_keys(self.config_path, profiles=profiles, photos=photos, required=required)
            if keys is None:  # one of them uses ${VAR}: the full load fills it in
                config = self.config(required=required, secrets=False)
                keys = Keys(config.path, config.repwatch.database, config.repwatch.timezone,
                            tuple(ProfileKeys(p.name, tuple(p.photos)) for p in config.profile))
            self._keys = keys
        return self._keys

    def database_path(self) -> Path:
        """Where the store is: --db, else the config's keys alone (see ``keys``)."""
        return self.db_path or self.keys().database_path()

    def open_store(self) -> Store:
        """The store, its place read from the config's keys alone (see ``keys``)."""
        from repwatch.adapters.store import Store

        return Store(self.database_path())

    def read_store(self) -> Store | None:
        """The store for a command that only reads it, or None when there is none yet where the config
        (or --db) says: reading never makes one (only `run` and the commands that write do)."""
        database = self.database_path()
        if not database.exists():
            return None
        from repwatch.adapters.store import Store

        return Store(database)

    def no_database(self, nothing: str) -> Exception:
        """The one sentence (exit 2) for a command that needs the store when there is none yet:
        ``nothing`` says what there is not ("no evidence to check")."""
        from repwatch.errors import UsageError

        database = self.database_path()
        return UsageError(f"There is no database yet at {database}, so there is {nothing}: repwatch makes it on "
                          "its first run (`repwatch run`). If yours is elsewhere, name it with --db or with database "
                          "under [repwatch] in your config file.")

    def timezone(self) -> Any:
        """The zone her times are shown in (None: the computer's own), read as ``open_store`` reads:
        a wrong one stops only the commands that show a time."""
        return self.keys().zone()

    def interactive(self) -> bool:
        return sys.stdout.isatty() and not self.quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            echo(text, err=True)


def pass_app(command: F) -> F:
    """click's pass decorator for the AppContext (click is loaded by the command modules, not here)."""
    import click  # lazy: a command answered without click imports this module too

    return cast(F, click.make_pass_decorator(AppContext)(command))


def json_option(command: F) -> F:
    import click  # lazy: see pass_app

    return click.option("--json", "as_json", is_flag=True, help="Print JSON, as documented in docs/commands.md.")(command)


PLAIN = False  # True when repwatch.cli.quick answers: it has checked that click.echo would write as `write` does
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # click's own pattern for what it strips from a non-terminal


def write(text: str, *, err: bool = False, nl: bool = True) -> None:
    """click.echo of a string. Without click (PLAIN), the same: the line, its ANSI sequences taken
    out when the stream is not a terminal, flushed at once."""
    if not PLAIN:
        import click  # lazy: loaded already by every command click runs

        click.echo(text, err=err, nl=nl)
        return
    stream = sys.stderr if err else sys.stdout
    out = text + "\n" if nl else text
    if not out:
        stream.flush()
        return
    try:
        terminal = stream.isatty()
    except Exception:
        terminal = False
    stream.write(out if terminal else _ANSI.sub("", out))
    stream.flush()


def echo(text: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo, with the text made safe for a terminal."""
    from repwatch.text import for_terminal  # lazy: its patterns cost `--help` 10 ms

    write(for_terminal(text), err=err, nl=nl)


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
    write(_JSON_UNSAFE.sub(_json_escape, json.dumps(data, indent=2, ensure_ascii=False)))


def _indented(text: str) -> str:
    """textwrap.indent(text, "  ") (without loading textwrap and its patterns): each line that is not
    only whitespace, two spaces in."""
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))


def stream_json(items: Iterable[Any]) -> None:
    """A JSON array printed an item at a time, exactly as ``print_json`` prints the whole list: the
    first items come at once and memory stays flat, however many there are."""
    first = True
    for item in items:
        text = _JSON_UNSAFE.sub(_json_escape, json.dumps(item, indent=2, ensure_ascii=False))
        write(("[\n" if first else ",\n") + _indented(text), nl=False)
        first = False
    write("[]" if first else "\n]")


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



def failure(exc: Exception | KeyboardInterrupt, app: AppContext | None) -> int:
    """What a command that raised ``exc`` says (one sentence on stderr; the traceback only with
    --verbose), and its exit code. Called while ``exc`` is being handled."""
    from repwatch.errors import RepwatchError

    verbose = app is not None and app.verbose
    if isinstance(exc, BrokenPipeError):  # `repwatch mentions | head`: the reader had enough
        import os

        # Nothing more can reach the reader, and Python's own flush at exit would complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command that SIGPIPE stopped
    if isinstance(exc, RepwatchError):
        if verbose:
            _traceback()
        echo(f"repwatch: {exc.message}", err=True)
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        echo("repwatch: stopped.", err=True)
        return 130
    if type(exc).__module__ == "sqlite3":  # a full disk, a read-only or damaged database
        from repwatch.errors import StoreError

        if verbose:
            _traceback()
        problem = StoreError.from_sqlite(exc, app.db_path if app is not None else None)
        echo(f"repwatch: {problem.message}", err=True)
        return problem.exit_code
    if verbose:
        _traceback()
    echo(
        f"repwatch: something went wrong that repwatch did not expect ({exc.__class__.__name__}); "
        "what was already stored is safe. Run it again with --verbose to see the details.",
        err=True,
    )
    return 1


def _traceback() -> None:
    """The traceback --verbose asks for, with passwords, keys and known secrets taken out."""
    import traceback

    from repwatch.text import redact

    echo(redact(traceback.format_exc()), err=True, nl=False)
