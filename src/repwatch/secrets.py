"""Secrets kept in the operating system's keyring, referenced from the config as ``keyring:NAME``."""

from __future__ import annotations

from repwatch.errors import ConfigError

SERVICE = "repwatch"


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
    if value is None:
        raise ConfigError(f"{where} refers to keyring:{name}, but the keyring holds no secret by that name.")
    return value
