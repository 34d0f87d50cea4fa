"""The command line. Thin: parse, call one function, print.

``repwatch`` starts in ``start``. The read commands ``repwatch.cli.quick`` knows (`mentions`, `show`,
`blocked`, `photos`, `evidence --verify`), written in the plain ways it reads, are answered without
loading click (about 20 ms of every start); every other command line, and any of theirs it is not
sure of, goes to the click group (``repwatch.cli.main``, in ``cli.group``), which reads it as always.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without loading typing (see cli/quick.py)
if TYPE_CHECKING:
    from typing import Any

    from repwatch.cli.group import main as main


def start() -> None:
    """The ``repwatch`` command."""
    from repwatch.cli.quick import answer

    answer(sys.argv[1:])  # returns only when the command line is not one it answers
    from repwatch.cli.group import main

    main()


def __getattr__(name: str) -> Any:
    """``repwatch.cli.main``, the click group, loaded when it is first asked for."""
    if name == "main":
        from repwatch.cli.group import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
