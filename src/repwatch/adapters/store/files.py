"""Evidence files beside the database, named by their SHA-256.

Files live under ``evidence/<sha256[:2]>/<sha256>.<ext>`` next to the database: the name comes from
the hash and the extension from a fixed table, never from anything on the page. Paths are stored
relative to the database folder, so the folder can move.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from repwatch.paths import write_atomically

# what a file is saved as: from the Content-Type, never from the URL or the page
EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "application/json": "json",
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "video/mp4": "mp4",
}


@dataclass
class Saved:
    """One file in the evidence folder."""

    sha256: str
    path: Path  # absolute
    size: int
    relpath: str  # as stored: relative to the database folder


def evidence_root(database: Path) -> Path:
    """The evidence folder of the database at ``database``."""
    return Path(database).parent / "evidence"


def resolve(database: Path, relpath: str) -> Path:
    """A stored (relative) path as an absolute one, for the database at ``database``."""
    path = Path(relpath)
    return path if path.is_absolute() else Path(database).parent / path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_bytes(database: Path, data: bytes, ext: str) -> Saved:
    """Content-addressed: the same bytes are stored once; written to a temp file, then renamed."""
    sha = hashlib.sha256(data).hexdigest()
    if not re.fullmatch(r"[a-z0-9]{1,5}", ext):
        ext = "bin"
    folder = evidence_root(database) / sha[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha}.{ext}"
    if not (path.exists() and path.stat().st_size == len(data) and sha256_file(path) == sha):
        write_atomically(path, data)
    return Saved(sha, path, len(data), path.relative_to(Path(database).parent).as_posix())


def extension_for(content_type: str | None) -> str:
    base = (content_type or "").split(";")[0].strip().lower()
    if base in EXTENSIONS:
        return EXTENSIONS[base]
    if base.startswith("text/"):
        return "txt"
    return "bin"


def check(database: Path, relpath: str | None, sha256: str | None) -> tuple[str, str | None]:
    """(state, actual hash) of one stored file: none (nothing recorded) | missing | matches | changed."""
    if not relpath or not sha256:
        return "none", None
    path = resolve(database, relpath)
    try:
        if not path.is_file():
            return "missing", None
        actual = sha256_file(path)
    except OSError:
        return "missing", None
    return ("matches" if actual == sha256 else "changed"), actual
