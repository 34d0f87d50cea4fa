"""The read commands answered without click: `mentions`, `show`, `blocked`, `photos`, `evidence --verify`,
`status`, `namesakes`, `exposure`, `accounts`.

Loading click (with the `inspect`, `uuid` and `gettext` it loads) and every command's definition
is about 20 ms of CPU, as much as such a command's own work. So ``repwatch.cli.start`` asks here
first: a command line made only of words this module knows, in the plain ways of writing them
(`--limit 20` or `--limit=20`, a number in digits, a value not starting with a dash, each option
once), is read here, where click would read it the same, and handed to the same function the click
command calls (``repwatch.cli.reads`` and ``lists``). Anything else (help, a mistake, another
command, an option it does not know, a path click would refuse) goes to click unchanged, which
reads it as always and says what is wrong. tests/test_quick.py holds the two ways to the same output and exit code.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without loading typing (about 5 ms of `--help`)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    # Each command: its options that take a value (option -> (parameter, check)), its flags (option ->
    # parameter), and the parameter its one argument fills, if it takes one.
    Check = Callable[[str], Any]  # the value as the command takes it, or None when click is to read it

# `--help` as click prints it, stored by `python -m tests.commands_doc --write` (data/help.txt) for
# each name repwatch is started by and a terminal at least this wide: click's help is as wide as the
# terminal, up to 80 columns less 2 (tests/test_quick.py holds the stored text to click's).
HELP_PROGRAMS = ("repwatch", "python -m repwatch")
HELP_COLUMNS = 80
HELP_WIDTH = HELP_COLUMNS - 2
HELP_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "help.txt")


def _text(value: str) -> str:
    return value


def _count(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


def _status(value: str) -> str | None:
    from repwatch.cli.reads import STATUSES

    return value if value in STATUSES else None


def _path(value: str) -> Path | None:
    """click.Path(dir_okay=False) as the global options use it: an existing folder or a file that
    cannot be read is click's to refuse."""
    from pathlib import Path

    if not value:
        return None
    try:
        info = os.stat(value)
    except OSError:
        return Path(value)
    if stat.S_ISDIR(info.st_mode) or not os.access(value, os.R_OK):
        return None
    return Path(value)


GLOBAL_VALUES: dict[str, tuple[str, Check]] = {"--config": ("config_path", _path), "--db": ("db_path", _path)}
GLOBAL_FLAGS = {"-q": "quiet", "--quiet": "quiet"}  # --verbose sets up logging: click's

COMMANDS: dict[str, tuple[dict[str, tuple[str, Check]], dict[str, str], tuple[str, Check] | None]] = {
    "mentions": ({"--status": ("status", _status), "--search": ("text", _text), "--limit": ("limit", _count)},
                 {"--flagged": "flagged", "--all": "include_all", "--json": "as_json"}, None),
    "show": ({}, {"--json": "as_json"}, ("mention_id", _count)),
    "blocked": ({}, {"--json": "as_json"}, None),
    "photos": ({"--profile": ("profile_name", _text)}, {"--json": "as_json"}, None),
    "evidence": ({}, {"--verify": "verify"}, None),
    "status": ({}, {"--json": "as_json"}, None),
    "namesakes": ({}, {"--json": "as_json"}, None),
    "exposure": ({"--profile": ("profile_name", _text)}, {"--json": "as_json"}, None),  # --self-check: click's
    "accounts": ({"--profile": ("profile_name", _text)}, {"--json": "as_json"}, None),
}
# The function each answers with (module in repwatch.cli, function), the one its click command calls.
RUNS = {"mentions": ("reads", "mentions"), "show": ("reads", "show"), "blocked": ("reads", "blocked"),
        "photos": ("reads", "photos"), "evidence": ("reads", "verify_evidence"), "status": ("lists", "status"),
        "namesakes": ("lists", "namesakes"), "exposure": ("lists", "exposure"), "accounts": ("lists", "accounts")}


def _options(words: list[str], values: dict[str, tuple[str, Check]], flags: dict[str, str],
             argument: tuple[str, Check] | None, *, stop_at_word: bool) -> tuple[dict[str, Any], int] | None:
    """The options (and the one argument) in ``words``, read as click reads them, and how many words
    were read; None for anything click is to read. ``stop_at_word``: the group's options end at the
    first word that is not one (the command's name)."""
    found: dict[str, Any] = {}
    at = 0
    while at < len(words):
        word = words[at]
        if not word.startswith("-") or word == "-":
            if stop_at_word:
                break
            if argument is None or argument[0] in found:
                return None
            value = argument[1](word)
            if value is None:
                return None
            found[argument[0]] = value
            at += 1
            continue
        name, equals, value = word.partition("=")
        if name in values and (equals or at + 1 < len(words)):
            if not equals:
                at += 1
                value = words[at]
            parameter, check = values[name]
            checked = check(value) if not value.startswith("-") else None
            if checked is None or parameter in found:
                return None
            found[parameter] = checked
        elif word in flags and flags[word] not in found:
            found[flags[word]] = True
        else:
            return None  # --help, --, an option it does not know or one given twice: click's
        at += 1
    if argument is not None and argument[0] not in found:
        return None
    return found, at


def read(words: list[str]) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """(the global options, the command, its options) for a command line answered here, else None."""
    group = _options(words, GLOBAL_VALUES, GLOBAL_FLAGS, None, stop_at_word=True)
    if group is None or group[1] >= len(words) or words[group[1]] not in COMMANDS:
        return None
    command = words[group[1]]
    values, flags, argument = COMMANDS[command]
    options = _options(words[group[1] + 1:], values, flags, argument, stop_at_word=False)
    if options is None or (command == "evidence" and not options[0].get("verify")):
        return None  # `evidence ID` captures a page: click's
    return group[0], command, options[0]


def _plain_streams() -> bool:
    """click.echo writes a string to stdout or stderr as it is, except where it mends the stream (an
    ASCII one, or Windows' console): there it is click's to write."""
    if sys.platform == "win32":
        return False
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is None or codecs.lookup(stream.encoding or "ascii").name == "ascii":
                return False
        except (AttributeError, LookupError):
            return False
    return True


def _completing() -> bool:
    """A shell asking click to complete a word (``_REPWATCH_COMPLETE`` set): click's to answer."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _columns() -> int:
    """The terminal's width as click finds it (shutil.get_terminal_size, without loading shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]  # None: caught
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def _program() -> str:
    """The name click gives repwatch in its usage line: how it was started (click's _detect_program_name)."""
    package = getattr(sys.modules["__main__"], "__package__", None)
    path = sys.argv[0]
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    return "python -m " + (package if name == "__main__" else f"{package}.{name}").lstrip(".")


def stored_help(words: list[str], program: str | None = None) -> str | None:
    """`repwatch --help` or `repwatch COMMAND --help` (or -h) as click would print it, from data/help.txt;
    None for click to print (another form, a narrow terminal, another program name, no such command)."""
    if not 1 <= len(words) <= 2 or words[-1] not in ("--help", "-h"):
        return None
    command = words[:-1]  # none for the group's help
    if command and command[0].startswith("-"):
        return None
    program = program or _program()
    if program not in HELP_PROGRAMS or _columns() < HELP_COLUMNS:
        return None
    key = " ".join([program, *command])
    try:
        with open(HELP_FILE, encoding="utf-8") as file:
            stored = file.read()
    except OSError:
        return None
    start = stored.find(f"\x1e{key}\n")
    if start < 0:
        return None
    start += len(key) + 2
    end = stored.find("\x1e", start)
    return stored[start:end if end >= 0 else len(stored)].removesuffix("\n")


def answer(words: list[str]) -> None:
    """Answer the command line and exit, if it is one read here; else return, for click to read."""
    if not _plain_streams() or _completing():
        return
    text = stored_help(words)
    if text is not None:
        sys.stdout.write(text + "\n")  # as click.echo writes it: the help has no styling to take out
        sys.stdout.flush()
        sys.exit(0)
    read_here = read(words)
    if read_here is None:
        return
    group, command, options = read_here
    _defer_loading()
    from importlib import import_module

    from repwatch.cli import context

    context.PLAIN = True
    app = context.AppContext(config_path=group.get("config_path"), db_path=group.get("db_path"),
                             quiet=group.get("quiet", False))
    code = 0
    try:
        module, function = RUNS[command]
        options.pop("verify", None)  # `evidence --verify`: the command it names
        getattr(import_module(f"repwatch.cli.{module}"), function)(app, **options)
    except (Exception, KeyboardInterrupt) as exc:
        code = context.failure(exc, app)
    finally:
        import gc

        gc.freeze()  # as the click group does: no collector pass over the imports' objects at exit
    sys.exit(code)


# standard modules other modules import at their top but use only in a function a read command does
# not call: ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis``, ``tokenize`` and ``linecache``,
# about 5 ms, a tenth of a read command's start) for the signature it writes into a class with no
# docstring, and repwatch's records on these commands' paths have one; ``urllib.parse`` imports
# ``ipaddress`` (about 1 ms: its constants are built at import) for an address in square brackets
DEFERRED = ("inspect", "ipaddress")


def _defer_loading() -> None:
    """Let each of ``DEFERRED`` load on its first use, not when another module imports it.

    Each starts as a stand-in that loads the real module when any name is first asked of it
    (pydantic's use of ``inspect``, say) and then holds all its names. The standard library's
    ``LazyLoader`` cannot do this in 3.11: the next ``import inspect`` asks for ``__spec__`` and
    loads it there. A read command runs in one thread.
    """
    from types import ModuleType

    class Deferred(ModuleType):
        def __getattr__(self, name: str) -> object:
            if sys.modules.get(self.__name__) is self:
                from importlib import import_module

                del sys.modules[self.__name__]
                self.__dict__.update(import_module(self.__name__).__dict__)
            try:
                return self.__dict__[name]
            except KeyError:
                raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None

    for name in DEFERRED:
        if name not in sys.modules:
            sys.modules[name] = Deferred(name)
