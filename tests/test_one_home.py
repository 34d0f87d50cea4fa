"""One home for each fact: a sentence, a helper or a table written once, and every user of it reading it
from there (issue 28: the same facts, written in several places, had begun to disagree)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import repwatch
from repwatch.cli import main
from repwatch.paths import write_atomically

SRC = Path(repwatch.__file__).parent


def _sources() -> dict[str, str]:
    return {p.relative_to(SRC).as_posix(): p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}


def test_files_are_replaced_in_one_place():
    """Nine hand-made temp-file-and-rename writes became paths.write_atomically (tokens.py links its key
    into place instead, so that two processes making the first key at once never replace each other's)."""
    users = sorted(name for name, text in _sources().items() if "os.replace(" in text)
    assert users == ["adapters/tokens.py", "paths.py"]


def test_the_no_profile_sentence_is_written_once():
    texts = _sources()
    assert [name for name, text in texts.items() if "has no [[profile]] section" in text] == ["readconfig.py"]
    assert not [name for name, text in texts.items() if re.search(r"^KEYLESS\s*=", text, re.MULTILINE)]


def test_commands_and_doctor_say_the_same_when_there_is_no_profile(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[repwatch]\ndatabase = "{tmp_path / "r.db"}"\n', encoding="utf-8")
    sentence = f"{config} has no [[profile]] section: add one with at least your name, or run `repwatch init`."
    for command in (["plan"], ["run", "--dry-run"], ["digest", "--preview"], ["schedule", "--cron"], ["accounts"],
                    ["photos"]):
        result = CliRunner().invoke(main, ["--config", str(config), *command])
        assert result.exit_code == 2, (command, result.output)
        assert result.output == f"repwatch: {sentence}\n", command
    doctor = CliRunner().invoke(main, ["--config", str(config), "doctor"])
    assert (f"✖ config: {config} has no [[profile]] section — Add one with at least your name, or run "
            "`repwatch init`.") in doctor.output


def test_write_atomically_replaces_whole_and_keeps_permissions(tmp_path):
    target = tmp_path / "config.toml"
    write_atomically(target, "first = 1\n")
    assert target.read_text() == "first = 1\n"
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a new file may hold secrets
        target.chmod(0o640)
        write_atomically(target, b"second = 2\n", mode=None)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the user's own choice is kept
    assert target.read_bytes() == b"second = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "config.toml"
    target.write_text("kept = true\n")
    with pytest.raises(TypeError):  # fails after the temporary file is made, as a full disk would
        write_atomically(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "kept = true\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_the_error_tree_drawn_in_errors_py_is_the_classes():
    """The drawing once left CertificateError out and put NetworkUnreachable beside TransientError."""
    import inspect

    from repwatch import errors

    drawn: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        match = re.match(r"^(\s*(?:[│ ]\s*)*(?:[├└]── )?)([A-Z]\w+)\s", line + " ")
        if not match or not match.group(2).endswith(("Error", "Done", "Held", "Refused", "Unconfirmed",
                                                     "Exceeded", "Limited", "Unreachable", "Response")):
            continue
        depth = len(match.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        drawn[match.group(2)] = stack[-1][1] if stack else "Exception"
        stack.append((depth, match.group(2)))
    classes = {name: cls.__bases__[0].__name__ for name, cls in inspect.getmembers(errors, inspect.isclass)
               if issubclass(cls, errors.RepwatchError)}
    assert drawn == classes
