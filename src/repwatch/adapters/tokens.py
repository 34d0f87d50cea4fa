"""Signed one-click links (``<public_url>/a/<token>``) and the review page's secret key.

A token names one action on one mention, is signed with a key kept beside the database
(``web.key``, readable only by its owner), expires after 30 days, and works once: the store keeps
the nonce of every token that was used. Mail scanners open links, so a token only ever leads to a
page with a confirm button; only that button's POST acts (see repwatch.web).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

KEY_FILE = "web.key"
MAX_AGE_S = 30 * 24 * 3600
ONE_CLICK = ("dismiss", "mine", "concern", "confirm")  # the answers a digest offers: not me, mine, worried, it's me
_SALT = "repwatch.one-click"


class TokenError(Exception):
    """A link that cannot be used; ``reason`` is forged | expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Token:
    mention_id: int
    action: str
    nonce: str


def key_path(database: Path) -> Path:
    return Path(database).parent / KEY_FILE


def secret_key(database: Path) -> str:
    """The key beside the database, made on first use (mode 0600): it signs links and sessions."""
    path = key_path(database)
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    try:
        os.link(tmp, path)  # never replace a key another process made meanwhile
    except FileExistsError:
        pass
    except OSError:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def _serializer(key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt=_SALT)


def sign(key: str, mention_id: int, action: str) -> str:
    if action not in ONE_CLICK:
        raise ValueError(action)
    return _serializer(key).dumps({"m": int(mention_id), "a": action, "n": secrets.token_urlsafe(12)})


def read(key: str, token: str, *, max_age_s: int = MAX_AGE_S) -> Token:
    """The action a token names; TokenError('forged') or TokenError('expired') otherwise."""
    try:
        data = _serializer(key).loads(token, max_age=max_age_s)
    except SignatureExpired:
        raise TokenError("expired") from None
    except BadSignature:
        raise TokenError("forged") from None
    if (not isinstance(data, dict) or not isinstance(data.get("m"), int) or data.get("a") not in ONE_CLICK
            or not isinstance(data.get("n"), str)):
        raise TokenError("forged")
    return Token(data["m"], data["a"], data["n"])
