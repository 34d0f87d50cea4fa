"""Pictures from the web, fetched and decoded under the evidence fetch's guard.

An image address from a search answer or a profile is hostile: it is fetched by ``pagefetch.fetch``
(public addresses only, one deadline, a size cap counted in decoded bytes), kept only when the
server calls it ``image/*`` (never SVG, which is a document with scripts, not a photo), and decoded
by Pillow only in the formats photos come in, after its header says the decoded pixels fit in the
same memory cap as the fetch (Pillow's own decompression-bomb limit is set to that too). A JPEG is
decoded at a reduced scale, which is all a perceptual hash needs. Anything else is a
:class:`BadImage` with a reason in words, never a crash.

Pillow is imported on first use (``# lazy:``): most commands never look at a picture; so is the page
fetch, since the config checks her photo files through this module.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # an avatar or a preview image is far smaller
MAX_DECODED = 10 * 1024 * 1024  # decoded pixels never take more memory than the page fetch (its MAX_BYTES)
MAX_LOCAL_DECODED = 4 * MAX_DECODED  # her own photo, from her disk (a phone's JPEG is decoded reduced)
MIN_SIDE = 32  # smaller is a tracking pixel or an icon, not a photo to compare
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP")
DRAFT = (512, 512)  # a JPEG is decoded at the smallest scale at least this big


class BadImage(Exception):
    """Not a picture repwatch compares; ``reason`` finishes the sentence "the image …"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class FetchedImage:
    """One image fetched for comparing with her photos, or why it was not."""

    url: str
    image: Image | None
    skipped: str | None = None  # why it was not compared, in words
    elapsed_ms: int = 0


def decode_image(data: bytes, *, local: bool = False) -> Image:
    """Pillow's image of ``data``, in RGB, reduced for hashing; :class:`BadImage` if it is not a photo
    that fits the memory cap (a decompression bomb, a truncated file, an SVG, a 1×1 pixel)."""
    from PIL import Image, ImageFile, UnidentifiedImageError  # lazy: Pillow costs ~30 ms; only photos need it

    cap = MAX_LOCAL_DECODED if local else MAX_DECODED
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:512].lower():
        raise BadImage("is an SVG drawing, not a photo")
    Image.MAX_IMAGE_PIXELS = cap  # Pillow refuses far past the cap on its own; the check below is exact
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.format == "JPEG":
                image.draft("RGB", DRAFT)
            w, h = image.size
            bands = max(1, len(image.getbands()))
            if w * h * max(bands, 3) > cap:
                raise BadImage(f"is too large to compare ({w:,} × {h:,} pixels)")
            if min(w, h) < MIN_SIDE:
                raise BadImage(f"is too small to be a photo ({w} × {h} pixels)")
            image.load()
            return image.convert("RGB")
    except BadImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadImage("is too large to compare (a decompression bomb)") from exc
    except UnidentifiedImageError as exc:
        raise BadImage("is not a photo repwatch can read (JPEG, PNG, GIF, WebP or BMP)") from exc
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise BadImage("is broken or cut short") from exc


def photo_file_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be one of her photos (missing, a folder, not a picture), or None.

    Reads only the file's header: the whole photo is read and hashed by the run that first uses it."""
    if not path.exists():
        return f"the photo {path} does not exist"
    if not path.is_file():
        return f"{path} is not a file"
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        return f"the photo {path} could not be read ({exc.__class__.__name__})"
    from PIL import Image, UnidentifiedImageError  # lazy: only a config with photos pays for Pillow

    if head.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in head.lower():
        return f"{path} is an SVG drawing, not a photo (use a JPEG or PNG)"
    try:
        with Image.open(path, formats=FORMATS) as image:
            image.size  # noqa: B018 - the header is parsed here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"{path} is not a photo repwatch can read (JPEG, PNG, GIF, WebP or BMP)"
    except Image.DecompressionBombError:
        return f"{path} is too large to read as a photo"
    return None


def fetch_image(url: str, *, allow_private: bool | None = None, deadline: float = 30.0) -> FetchedImage:
    """Fetch and decode one picture through the evidence fetch's guard. Never raises."""
    from repwatch.adapters import (
        pagefetch,  # lazy: the config reads photo files here and must not pay for httpx
    )

    fetched = pagefetch.fetch(url, max_bytes=MAX_IMAGE_BYTES, deadline=deadline, allow_private=allow_private)
    elapsed = fetched.elapsed_ms or 0
    if fetched.outcome == "too_large":
        return FetchedImage(url, None, f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB", elapsed)
    if fetched.outcome != "ok":
        return FetchedImage(url, None, f"could not be fetched: {fetched.detail}", elapsed)
    ctype = (fetched.content_type or "").split(";")[0].strip().lower()
    if not ctype.startswith("image/"):
        return FetchedImage(url, None, f"is not an image (the site sent {ctype or 'no type'})", elapsed)
    if ctype == "image/svg+xml":
        return FetchedImage(url, None, "is an SVG drawing, not a photo", elapsed)
    try:
        return FetchedImage(url, decode_image(fetched.body or b""), None, elapsed)
    except BadImage as exc:
        return FetchedImage(url, None, exc.reason, elapsed)
    except Exception as exc:  # a hostile file must never crash the run
        return FetchedImage(url, None, f"could not be read ({exc.__class__.__name__})", elapsed)
