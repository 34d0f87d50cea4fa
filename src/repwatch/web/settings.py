"""Writing the config file from the review page: `[serve] password_hash`, and the profile form's
lists (web/profile.py), with comments and layout kept (tomlkit).

Every save goes through :func:`replace_config`: one save at a time in this process, a temporary file
with a name of its own in the same folder, flushed, given the file's mode, then renamed over the
file. A config that is a symbolic link (kept in a dotfiles folder, say) stays a link: the file it
points to is the one replaced. A full or read-only disk is one sentence, and no temporary file is left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
import tomllib
from pathlib import Path

import tomlkit

from repwatch.config import parse
from repwatch.errors import ConfigError

SAVING = threading.Lock()  # one read-change-write of the config file at a time


def replace_config(path: Path, text: str) -> None:
    """Put ``text`` in place of the config file at ``path`` (or the file its link points to), whole."""
    target = Path(os.path.realpath(path))
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ConfigError(_cannot_save(target, exc)) from None


def _cannot_save(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The config file {path} could not be saved: the disk is full. Free some space and save again; nothing was changed."
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"The config file {path} could not be saved: it or its folder is read-only for your user. "
                "Nothing was changed.")
    return f"The config file {path} could not be saved ({exc.strerror or exc}); nothing was changed."


def write_password_hash(path: Path, password_hash: str) -> None:
    """Set [serve] password_hash (adding the section if needed); the file is checked before it is replaced."""
    path = Path(path)
    with SAVING:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        section = doc.get("serve")
        if section is None:
            section = tomlkit.table()
            doc["serve"] = section
        section["password_hash"] = password_hash
        text = tomlkit.dumps(doc)
        parse(tomllib.loads(text), path)  # the loader's own checks, before anything is written
        replace_config(path, text)
