"""Signed one-click links (``<public_url>/a/<token>``) and the review page's secret key.

A token names one action on one mention, is signed with a key kept beside the database
(``web.key``, readable only by its owner), expires after 30 days, and works once: the store keeps
the nonce of every token that was used. Mail scanners open links, so a token only ever leads to a
page with a confirm button; only that button's POST acts (see repwatch.web).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repwatch.errors import StoreError

if TYPE_CHECKING:
    from itsdangerous import URLSafeTimedSerializer

KEY_FILE = "web.key"
PAGE_KEY_FILE = "page.key"  # opens the review page when it has no password (see repwatch.web)
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
    """What a signed link on the review page or in the digest asks: one action on one mention."""

    mention_id: int
    action: str
    nonce: str


def key_path(database: Path) -> Path:
    return Path(database).parent / KEY_FILE


MIN_KEY_CHARS = 32  # a key shorter than this (an empty file after a crash, say) is refused, never used


def secret_key(database: Path) -> str:
    """The key beside the database, made on first use (mode 0600): it signs links and sessions.

    It is written to a temporary file, flushed to the disk, then linked into place, so a crash or a
    full disk never leaves a half-written key that another process would read. Every load checks its
    length: an empty or short key is refused in one sentence, because anything signed with it could
    be forged.
    """
    return _secret(key_path(database), "(one-click links in earlier emails then stop working)")


def page_key_path(database: Path) -> Path:
    return Path(database).parent / PAGE_KEY_FILE


def page_key(database: Path) -> str:
    """The key that opens the review page when it has no password, beside the database (mode 0600, in a
    folder only its owner can open): other people's accounts on the computer cannot read it, so they
    cannot open the page. Made, checked and refused like the signing key; a new one is made by
    deleting the file (the old address then stops working)."""
    return _secret(page_key_path(database), "(the address with the old key then stops working)")


def _secret(path: Path, after_delete: str) -> str:
    key = _load(path, after_delete)
    if key is None:
        _create(path)
        key = _load(path, after_delete)
    if key is None:
        raise StoreError(f"The review page's key {path} could not be made; check that its folder can be written.")
    return key


def _load(path: Path, after_delete: str = "") -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"The review page's key {path} could not be read ({exc.strerror}); make it readable "
                         "for your user.") from None
    key = raw.decode("ascii", "replace").strip()
    if len(key) < MIN_KEY_CHARS or not all(c.isascii() and c.isalnum() for c in key):
        raise StoreError(
            f"The review page's key {path} is empty or damaged, so repwatch will not use it: delete that file "
            f"and start repwatch again to make a new one {after_delete}."
        )
    return key


def _create(path: Path) -> None:
    """A new key, written whole and flushed before it appears under its name; never replacing one
    another process made meanwhile."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            with contextlib.suppress(FileExistsError):  # a file system without hard links
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                os.close(fd)
                os.replace(tmp, path)
        fsync_folder(path.parent)
    except OSError as exc:
        raise StoreError(_cannot_write(path, exc)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _cannot_write(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"The review page's key could not be written in {path.parent}: the disk is full. Free some "
                "space, then start repwatch again; nothing stored was lost.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"The review page's key could not be written in {path.parent}: the folder is read-only for "
                "your user. Make it writable, then start repwatch again.")
    return f"The review page's key could not be written in {path.parent} ({exc.strerror or exc})."


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or link into it) to the disk, where the system allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def seal(key: str, parts: list[str]) -> str:
    """A keyed fingerprint (HMAC-SHA256) of what one evidence capture kept: files, their rows, their
    record and their timeline event can all be rewritten, but not this without the key."""
    message = "\n".join(["repwatch evidence seal 1", *parts]).encode("utf-8")
    return hmac.new(key.encode("ascii"), message, hashlib.sha256).hexdigest()


def _serializer(key: str) -> URLSafeTimedSerializer:
    from itsdangerous import URLSafeTimedSerializer  # lazy: checking evidence seals needs the key, not this

    return URLSafeTimedSerializer(key, salt=_SALT)


def sign(key: str, mention_id: int, action: str) -> str:
    if action not in ONE_CLICK:
        raise ValueError(action)
    return _serializer(key).dumps({"m": int(mention_id), "a": action, "n": secrets.token_urlsafe(12)})


def read(key: str, token: str, *, max_age_s: int = MAX_AGE_S) -> Token:
    """The action a token names; TokenError('forged') or TokenError('expired') otherwise."""
    from itsdangerous import BadSignature, SignatureExpired  # lazy: see _serializer

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
