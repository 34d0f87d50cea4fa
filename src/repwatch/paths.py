"""Where repwatch keeps things by default (the platform's user config and data dirs), and how it writes
a file safely."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

APP = "repwatch"


def default_config_path() -> Path:
    env = os.environ.get("REPWATCH_CONFIG")
    if env:
        return Path(env).expanduser()
    known = _user_folder("XDG_CONFIG_HOME", "~/.config")
    if known is not None:
        return known / "config.toml"
    from platformdirs import user_config_path  # lazy: 6 ms (with tempfile), for the cases _user_folder leaves

    return user_config_path(APP) / "config.toml"


def data_dir() -> Path:
    known = _user_folder("XDG_DATA_HOME", "~/.local/share")
    if known is not None:
        return known
    from platformdirs import user_data_path  # lazy: see default_config_path

    return user_data_path(APP)


def _user_folder(variable: str, default: str) -> Path | None:
    """platformdirs' user folder for repwatch on Linux in the usual case, without loading it (6 ms
    of every command's start, with the tempfile it loads): ``$VARIABLE`` when it is an absolute path,
    else ``default`` under an absolute HOME. None for the rest (another system, Android, no usable
    HOME), which platformdirs answers. tests/test_read_config.py holds the two equal."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or os.environ.get("ANDROID_DATA"):
        return None
    folder = os.environ.get(variable, "")
    if os.path.isabs(folder):
        return Path(folder) / APP
    if os.path.isabs(os.environ.get("HOME", "")):
        return Path(os.path.expanduser(default)) / APP
    return None


def private_folder(folder: Path) -> None:
    """Make the folder that holds the database, readable by this user only (0700): it holds the
    teacher's evidence, notes and the review page's key, and other accounts on a shared computer
    must not read them. A folder repwatch did not make (the user chose to keep the database in her
    Documents, say) is created if missing but never has its mode changed, unless it is repwatch's
    own data folder."""
    folder = Path(folder)
    existed = folder.is_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "posix":
        return
    if existed:
        with contextlib.suppress(OSError):
            info = folder.stat()
            if info.st_mode & 0o777 == 0o700 or info.st_uid != os.getuid():
                return  # private already, or not this user's to change: no need to ask where the data folder is
    if not existed or folder.resolve() == data_dir().resolve():
        with contextlib.suppress(OSError):
            if folder.stat().st_uid == os.getuid():
                os.chmod(folder, 0o700)


def private_file(path: Path) -> None:
    """A file of this user's only (group and others lose their access; a read-only file stays
    read-only), if it exists and is this user's: the database and its journal."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = os.stat(path, follow_symlinks=False)
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(path, info.st_mode & 0o700, follow_symlinks=False)


def default_database_path() -> Path:
    return data_dir() / "repwatch.db"


KNOWN_DATABASES = ".repwatch-databases"  # beside the config file: the databases its runs have used


def known_databases(config_file: Path | None) -> list[Path]:
    if config_file is None:
        return []
    try:
        text = (Path(config_file).parent / KNOWN_DATABASES).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line) for line in text.splitlines() if line.strip()][-20:]


def remember_database(config_file: Path | None, database: Path) -> None:
    """Note, beside the config file, the database a run of it used, so a later run that looks
    elsewhere (another HOME) can say where the old one is. A note that cannot be written is skipped."""
    if config_file is None:
        return
    path = str(_resolved(database))
    if path in {str(p) for p in known_databases(config_file)}:
        return
    with contextlib.suppress(OSError), (Path(config_file).parent / KNOWN_DATABASES).open("a", encoding="utf-8") as out:
        out.write(path + "\n")


def other_databases(database: Path, named: Path | None = None, config_file: Path | None = None) -> list[Path]:
    """Databases repwatch made before somewhere other than ``database``: those runs of this config
    used, the one the config names, the default one, and the default one under the account's own
    home folder (a timer or a service can run with another HOME or XDG_DATA_HOME, and then the
    default moves). Only files that exist."""
    candidates: list[Path | None] = [*reversed(known_databases(config_file)), named, default_database_path()]
    try:
        import pwd  # lazy: POSIX only

        home = Path(pwd.getpwuid(os.getuid()).pw_dir)
        default = default_database_path()
        if default.is_relative_to(Path.home()):
            candidates.append(home / default.relative_to(Path.home()))
        candidates.append(home / ".local" / "share" / APP / "repwatch.db")
    except (ImportError, KeyError, OSError):
        pass
    here = _resolved(database)
    out: list[Path] = []
    for candidate in candidates:
        if candidate is None:
            continue
        path = _resolved(candidate)
        if path != here and path not in out and path.is_file() and path.stat().st_size > 0:
            out.append(path)
    return out


def _resolved(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path).expanduser().absolute()


def outbox_dir(database: Path) -> Path:
    """Digests that could not be emailed (no [email] section) are written here, beside the database."""
    return database.parent / "outbox"


def write_atomically(path: Path, data: str | bytes, *, mode: int | None = 0o600) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, flushed to the disk, renamed over it.

    A crash, a full disk or a second writer never leaves half a config file, key or evidence file,
    nor a temporary file; a config kept as a symbolic link (in a dotfiles folder) stays a link.
    ``mode`` None keeps the permissions of the file being replaced (0600 for a new one): a config
    the user opened up stays as they set it, and a new one holding secrets starts private.
    """
    path = Path(os.path.realpath(path))  # a symbolic link stays one: the file it points to is replaced
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o600
    import tempfile  # lazy: 3 ms (shutil, random) that a read command does not need

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # made 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode != 0o600:
            with contextlib.suppress(OSError):  # Windows keeps only the read-only bit
                os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
