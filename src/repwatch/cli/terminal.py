"""Lines for the terminal without rich: the read commands' listings (`mentions`, `show`, `accounts`)
and their one-sentence answers, wrapped at her terminal's width with Python's textwrap and styled
(bold, dim, red, yellow) only on a terminal that takes colour.

rich costs a read command 20-25 ms of imports and about 15 ms more to lay out a table (docs/speed.md),
and its tables read badly on a phone's terminal (40-odd columns: words broken mid-way, the status cut
to "Stat…"). These listings are blocks of wrapped lines instead, which read the same at any width.

Every piece of text from outside (titles, addresses, reasons) goes through ``for_terminal`` here
before it is styled, so no control character of its own reaches the terminal.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence

from repwatch.cli.context import write
from repwatch.text import for_terminal

_SGR = {"bold": "1", "dim": "2", "red": "31", "yellow": "33"}


def width() -> int:
    """Her terminal's width as rich finds it: the first of stdin, stdout and stderr that is a
    terminal, COLUMNS over it, else 80."""
    found = None
    for stream in (0, 1, 2):
        try:
            found = os.get_terminal_size(stream).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit() and int(columns) > 0:
        found = int(columns)
    return found or 80


def _colour() -> bool:
    """Styles only on a terminal, and not where NO_COLOR is set or the terminal says it is dumb
    (``write`` takes them out of anything that is not a terminal anyway)."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
    return terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM", "").lower() not in ("dumb", "unknown")


def styled(text: str, style: str | None) -> str:
    """``text`` (already clean) in ``style``: "bold", "dim", "red" or "yellow"."""
    if not style or not text or not _colour():
        return text
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def wrapped(text: object, *, indent: str = "", hanging: str | None = None, columns: int | None = None) -> list[str]:
    """``text`` made safe for the terminal and wrapped at its width, each line of it on its own:
    ``indent`` before the first line of each, ``hanging`` (default: ``indent``) before the lines it
    wraps onto. A word longer than a line (a web address) is folded."""
    columns = columns or width()
    hanging = indent if hanging is None else hanging
    if len(hanging) > columns // 2:  # a narrow terminal: the indent would leave too little room
        hanging = ""
    lines: list[str] = []
    for line in for_terminal(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, columns, initial_indent=indent, subsequent_indent=hanging,
                                   break_on_hyphens=False) or [indent.rstrip()])
    return lines


def say(text: object = "", style: str | None = None, *, indent: str = "", hanging: str | None = None) -> None:
    """Print ``text`` wrapped at the terminal's width (see ``wrapped``), in ``style``."""
    write("\n".join(styled(line, style) for line in wrapped(text, indent=indent, hanging=hanging)))



def columns(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """Rows of short values under their headers, in aligned columns when they fit her terminal; where
    they do not (a phone), each row as its first value followed by the others, named, on wrapped lines."""
    cells = [tuple(for_terminal(value).replace("\n", " ") for value in row) for row in rows]
    sizes = [max(len(value) for value in column) for column in zip(headers, *cells, strict=True)]
    if sum(sizes) + 2 * (len(sizes) - 1) <= width():
        def line(values: tuple[str, ...]) -> str:
            return "  ".join(value.ljust(size) for value, size in zip(values, sizes, strict=True)).rstrip()

        write(styled(line(headers), "bold"))
        for row in cells:
            write(line(row))
        return
    for row in cells:
        say(row[0] + ": " + "; ".join(f"{header.lower()} {value}" for header, value in zip(headers[1:], row[1:], strict=True)),
            hanging="  ")
