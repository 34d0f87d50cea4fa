"""Secrets kept in the operating system's keyring, referenced from the config as ``keyring:NAME``.

Only a keyring that keeps secrets safe counts as available. keyring's "fail" and "null" backends
keep nothing, and keyrings.alt's file backends (chosen automatically on a computer with no real
keyring) write secrets into an ordinary file; those count only when the user chose them on purpose:
by naming the backend in ``PYTHON_KEYRING_BACKEND`` or keyring's own config file, or by setting
``REPWATCH_ALLOW_PLAINTEXT_KEYRING=1``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from repwatch.errors import ConfigError
from repwatch.paths import write_atomically

SERVICE = "repwatch"
OPT_IN_ENV = "REPWATCH_ALLOW_PLAINTEXT_KEYRING"
_NO_STORAGE = ("keyring.backends.fail", "keyring.backends.null")
_PLAIN_FILES = ("keyrings.alt",)


def from_keyring(name: str, *, where: str) -> str:
    try:
        import keyring  # lazy: the keyring backends take 0.1 s to load, and most commands need no secret
        from keyring.errors import KeyringError  # lazy: as above
    except ImportError as exc:  # pragma: no cover - keyring is a dependency
        raise ConfigError(f"{where} refers to the keyring, but the keyring library is missing.") from exc
    try:
        value = keyring.get_password(SERVICE, name)
    except KeyringError as exc:
        raise ConfigError(f"{where}: the system keyring could not be read ({exc.__class__.__name__}).") from exc
    except Exception as exc:  # a broken backend (D-Bus gone, locked file) must not become a traceback
        raise ConfigError(f"{where}: the system keyring could not be read ({exc.__class__.__name__}).") from exc
    if value is None:
        raise ConfigError(
            f"{where} refers to keyring:{name}, but the keyring holds no secret by that name "
            "(run `repwatch init` again to store it)."
        )
    return value


def _name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _chosen_on_purpose() -> bool:
    """The user picked the backend themselves (environment or keyringrc.cfg), or opted in to files."""
    if os.environ.get(OPT_IN_ENV, "").strip().lower() in ("1", "true", "yes"):
        return True
    try:
        from keyring import core  # lazy: as above

        return core.load_env() is not None or core.load_config() is not None
    except Exception:
        return False


def _safe(backend: Any) -> bool:
    name = _name(backend)
    if name.startswith("keyring.backends.chainer"):
        # the chainer stores into its highest-priority backend: that one decides
        inner = list(getattr(backend, "backends", []))
        return bool(inner) and _safe(inner[0])
    if name.startswith(_NO_STORAGE):
        return False
    if name.startswith(_PLAIN_FILES):
        return _chosen_on_purpose()
    return True


def backend_description() -> str:
    """The keyring in use, as a short phrase for messages ("none" when keyring cannot start)."""
    try:
        import keyring  # lazy: the keyring backends take 0.1 s to load, and most commands need no secret

        return _name(keyring.get_keyring())
    except Exception:
        return "none"


def keyring_available() -> bool:
    """True when ``store_secret`` would keep a secret somewhere safe."""
    try:
        import keyring  # lazy: the keyring backends take 0.1 s to load, and most commands need no secret

        return _safe(keyring.get_keyring())
    except Exception:
        return False


def store_secret(name: str, value: str) -> bool:
    """Keep ``value`` in the keyring as ``name``; False (never an exception) when it cannot be kept."""
    if not value or not keyring_available():
        return False
    try:
        import keyring  # lazy: the keyring backends take 0.1 s to load, and most commands need no secret

        keyring.set_password(SERVICE, name, value)
        return keyring.get_password(SERVICE, name) == value
    except Exception:
        return False


# --- the owner-only secrets file ------------------------------------------------------------
# On a computer with no keyring, secrets can live in ``secrets.env`` beside the config file, readable
# only by its owner. repwatch reads it for any ``${VAR}`` the environment does not set, and the timers
# `repwatch schedule` prints load it too (systemd's EnvironmentFile=, ``. FILE`` for cron and launchd),
# so one file serves a terminal, a timer and the daemon alike. Its lines are ``NAME="value"``, a form
# both systemd and a POSIX shell read the same way.
ENV_FILE_NAME = "secrets.env"
_ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def env_file_for(config_path: Path) -> Path:
    """The secrets file that belongs to a config file: ``secrets.env`` in the same folder."""
    return Path(config_path).expanduser().absolute().with_name(ENV_FILE_NAME)


def read_env_file(path: Path) -> dict[str, str]:
    """NAME → value from a secrets file; an absent or unreadable file gives nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ENV_LINE.fullmatch(line)
        if not match:
            continue
        out[match.group(1)] = _unquote(match.group(2).strip())
    return out


def _unquote(text: str) -> str:
    """A value as sh (and systemd) read it: "double" with \\ \" \\$ \\` escapes, 'single' as is, or bare."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '\\"$`':
                    i += 1
                out.append(text[i])
                i += 1
            i += 1
        elif char == "'":
            end = text.find("'", i + 1)
            end = len(text) if end < 0 else end
            out.append(text[i + 1:end])
            i = end + 1
        elif char.isspace() or char == "#":
            break
        else:
            if char == "\\" and i + 1 < len(text):
                i += 1
            out.append(text[i])
            i += 1
    return "".join(out)


def env_quote(value: str) -> str:
    """A value in double quotes, escaped the way both systemd and sh undo it."""
    if "\n" in value or "\r" in value:
        raise ValueError("a secret cannot contain a line break")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return f'"{escaped}"'


def write_env_file(path: Path, values: dict[str, str]) -> None:
    """Add or replace ``values`` in the secrets file, keeping its other lines; owner-only (0600)."""
    path = Path(path)
    lines: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = ["# repwatch's passwords and keys, read by repwatch and by its timers.",
                 "# Only you can read this file; keep it that way (chmod 600). Change one with",
                 "# `repwatch init --set-secret NAME`."]
    done: set[str] = set()
    out = []
    for line in lines:
        match = _ENV_LINE.fullmatch(line)
        if match and match.group(1) in values:
            if match.group(1) not in done:
                out.append(f"{match.group(1)}={env_quote(values[match.group(1)])}")
                done.add(match.group(1))
            continue
        out.append(line)
    out += [f"{name}={env_quote(value)}" for name, value in values.items() if name not in done]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "\n".join(out) + "\n")  # 0600: only its owner can read it
