"""docs/commands.md is the commands' own --help, and every command and option explains itself (as
sqlite-utils checks its docs with cog): a new option or a changed help text fails here until
`python -m tests.commands_doc --write` is run."""

from __future__ import annotations

import click
import pytest

from repwatch.cli import main
from tests import commands_doc


def test_commands_md_is_the_help_of_every_command():
    current = commands_doc.DOC.read_text(encoding="utf-8")
    assert commands_doc.written(current) == current, (
        "docs/commands.md differs from the commands' --help: run `python -m tests.commands_doc --write`")
    for name in main.commands:
        assert f"### repwatch {name}\n" in current


def test_setup_md_lists_every_key_from_the_services_file():
    current = commands_doc.SETUP.read_text(encoding="utf-8")
    assert commands_doc.written(current, commands_doc.KEYS_BEGIN, commands_doc.key_table, commands_doc.SETUP) == \
        current, "docs/setup.md's table of keys differs from data/search_services.toml: run " \
                 "`python -m tests.commands_doc --write`"


def test_providers_md_lists_every_provider_class():
    current = commands_doc.PROVIDERS.read_text(encoding="utf-8")
    assert commands_doc.written(current, commands_doc.PROVIDERS_BEGIN, commands_doc.provider_rows,
                                commands_doc.PROVIDERS) == current, \
        "docs/providers.md's table differs from the provider classes: run `python -m tests.commands_doc --write`"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_explained(name):
    command = main.commands[name]
    assert command.help and "Example" in command.help, f"`repwatch {name}` needs a help text with an Example"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"`repwatch {name} {param.opts[0]}` has no help text"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_usage_shows_optional_arguments_in_brackets(name):
    """`evidence --verify` needs no ID: its usage line must not show the ID as required."""
    for param in main.commands[name].params:
        if isinstance(param, click.Argument) and param.metavar:  # click brackets its own metavars itself
            bracketed = param.metavar.startswith("[") and param.metavar.endswith("]")
            assert bracketed == (not param.required), f"`repwatch {name}` shows {param.metavar}"


def test_reopen_names_everything_it_undoes():
    help_text = main.commands["reopen"].help or ""
    for undone in ("dismiss", "concern", "resolve", "mine"):
        assert undone in help_text
