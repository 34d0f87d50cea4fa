"""Commands: see COMMANDS."""

from __future__ import annotations

COMMANDS: list = []
