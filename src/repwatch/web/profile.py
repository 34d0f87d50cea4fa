"""The profile form: who to look for, written back into the config file with its comments kept.

tomlkit edits the file in place (comments, order and other sections stay as they were), and the
result is checked by ``config.parse`` — exactly what every command checks when it loads the file —
before it replaces the old file. A mistake is one sentence on the page and the file is unchanged.
The person's name itself is not edited here: mentions are kept under it.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import tomlkit

from repwatch.config import Config, edit_file
from repwatch.errors import ConfigError
from repwatch.pipeline import photos

FIELDS = (
    ("variants", "Other forms of your name", "One per line, e.g. Jo Whitfield, Joanna M. Whitfield."),
    ("nicknames", "Nicknames", "One per line, e.g. Jo, Jojo."),
    ("handles", "Your accounts and handles", "One per line: MsWhitfieldTeach, instagram:jo.whitfield, or a profile address."),
    ("locations", "Places", "Towns or areas searched with your name, one per line."),
    ("organisations", "Schools and organisations", "One per line."),
    ("exclude", "Words that mean it is someone else", "One per line, e.g. a namesake's job or town."),
)
MAX_ITEMS = 100
MAX_ITEM_CHARS = 200


def fields(config: Config) -> list[dict[str, Any]]:
    """Each profile's editable lists, as the page shows them."""
    return [
        {"index": i, "name": p.name,
         "fields": [{"key": key, "label": label, "hint": hint, "value": "\n".join(getattr(p, key))}
                    for key, label, hint in FIELDS]}
        for i, p in enumerate(config.profile)
    ]


def _lines(text: str, label: str) -> list[str]:
    items = [" ".join(line.split()) for line in (text or "").replace("\r", "").split("\n")]
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) > MAX_ITEMS:
        raise ConfigError(f"{label}: at most {MAX_ITEMS} lines, please.")
    for item in items:
        if len(item) > MAX_ITEM_CHARS:
            raise ConfigError(f"{label}: the line starting {item[:30]!r} is longer than {MAX_ITEM_CHARS} characters.")
    return items


def save(config: Config, index: int, form: dict[str, str]) -> Config:
    """Write the form's lists into profile ``index`` of the config file; returns the config as reloaded."""
    path = config.path
    if path is None or not Path(path).is_file():
        raise ConfigError("There is no config file to write to; run `repwatch init` first.")

    def change(doc: Any) -> None:
        profiles = doc.get("profile")
        if profiles is None or not 0 <= index < len(profiles):
            raise ValueError(index)
        table = profiles[index]
        for key, label, _hint in FIELDS:
            if key not in form:
                continue
            items = _lines(form[key], label)
            if not items and key not in table:
                continue
            array = tomlkit.array()
            array.extend(items)
            if len(items) > 3:
                array.multiline(True)
            table[key] = array

    return edit_file(Path(path), change)


# --- her photos: uploaded, hashed in memory, only the hashes kept ---------------------------------
MAX_UPLOAD = 15 * 1024 * 1024  # the whole request; a phone's photo is a few MB
_FILE_NAME = re.compile(r"[^\w .()+-]")


async def read_upload(request: Any) -> dict[str, str]:
    """The photo form's fields, parsed in memory (Starlette's parser would spool a large upload to a
    temporary file on disk, and the photo must never be written anywhere). The file itself goes to
    ``request.state.photo`` as (name, bytes); a body over MAX_UPLOAD is refused before it is read."""
    ctype = request.headers.get("content-type", "")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_UPLOAD:
        request.state.photo_error = f"That photo is larger than {MAX_UPLOAD // (1024 * 1024)} MB; use a smaller copy."
        return {}
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD:
            request.state.photo_error = f"That photo is larger than {MAX_UPLOAD // (1024 * 1024)} MB; use a smaller copy."
            return {}
        chunks.append(chunk)
    if ctype.lower().startswith("application/x-www-form-urlencoded"):
        pairs = parse_qsl(b"".join(chunks).decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[:4096] for k, v in pairs[:20]}
    if not ctype.lower().startswith("multipart/form-data"):
        return {}
    head = b"Content-Type: " + ctype.encode("latin-1", "replace") + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + b"".join(chunks))
    fields: dict[str, str] = {}
    for part in message.iter_parts() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename() is not None:
            if name == "photo" and data:
                request.state.photo = (part.get_filename() or "photo", data)
        elif len(fields) < 20:
            fields[name] = data[:4096].decode("utf-8", "replace")
    return fields


def photo_name(raw: str) -> str:
    """The name a photo is listed by: the uploaded file's own name, without folders or odd characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_FILE_NAME.sub("", name).split())[:80].strip(". ")
    return name or "photo"


def add_photo(config: Config, store: Any, index: int, upload: tuple[str, bytes] | None) -> str:
    """Hash an uploaded photo for profile ``index`` and keep only the hashes; what the page says."""
    if not 0 <= index < len(config.profile):
        raise ValueError(index)
    if upload is None:
        raise ConfigError("Choose a photo to upload first.")
    raw_name, data = upload
    name = photo_name(raw_name)
    hashes = photos.hash_known_bytes(data, f"The photo {name}")
    digest = hashlib.sha256(data).hexdigest()
    store.put_known_photo(config.profile[index].name, name, "upload", digest, photos.KIND, hashes.to_text())
    return name


def known_photos(config: Config, store: Any) -> dict[str, list[dict[str, Any]]]:
    """Each profile's known photos as the page lists them: name, where from, when added."""
    return {p.name: store.known_photos(p.name) for p in config.profile} if store is not None else {}


def forget_photo(config: Config, store: Any, index: int, file: str) -> None:
    if not 0 <= index < len(config.profile):
        raise ValueError(index)
    store.forget_uploaded_photo(config.profile[index].name, file)
