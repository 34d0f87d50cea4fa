"""Secrets kept in the operating system's keyring, referenced from the config as ``keyring:NAME``.

Only a keyring that keeps secrets safe counts as available. keyring's "fail" and "null" backends
keep nothing, and keyrings.alt's file backends (chosen automatically on a computer with no real
keyring) write secrets into an ordinary file; those count only when the user chose them on purpose:
by naming the backend in ``PYTHON_KEYRING_BACKEND`` or keyring's own config file, or by setting
``REPWATCH_ALLOW_PLAINTEXT_KEYRING=1``.
"""

from __future__ import annotations

import os
from typing import Any

from repwatch.errors import ConfigError

SERVICE = "repwatch"
OPT_IN_ENV = "REPWATCH_ALLOW_PLAINTEXT_KEYRING"
_NO_STORAGE = ("keyring.backends.fail", "keyring.backends.null")
_PLAIN_FILES = ("keyrings.alt",)


def from_keyring(name: str, *, where: str) -> str:
    try:
        import keyring
        from keyring.errors import KeyringError
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
        from keyring import core

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
        import keyring

        return _name(keyring.get_keyring())
    except Exception:
        return "none"


def keyring_available() -> bool:
    """True when ``store_secret`` would keep a secret somewhere safe."""
    try:
        import keyring

        return _safe(keyring.get_keyring())
    except Exception:
        return False


def store_secret(name: str, value: str) -> bool:
    """Keep ``value`` in the keyring as ``name``; False (never an exception) when it cannot be kept."""
    if not value or not keyring_available():
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, name, value)
        return keyring.get_password(SERVICE, name) == value
    except Exception:
        return False
