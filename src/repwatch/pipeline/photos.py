"""Her known photos as perceptual hashes, and whether a picture found on the web looks like one.

Only hashes are kept: a photo is read, hashed and forgotten; nothing of it is stored or sent. A hash
is imagehash's DCT hash (pHash, 64 bits), which survives resizing, recompression and filters. A
reposter also crops, mirrors and screenshots, so each known photo is hashed as it is, mirrored, and
cropped by 10 to 20 % at 25 positions each (about 200 hashes, computed once when the photo is
added), and a picture found on the web is hashed whole and with any plain frame around its largest
picture cut away (a screenshot of a phone app). ``benchmarks/photos.py`` measured the distance:
recall and false matches are in docs/photos.md.

numpy, scipy and imagehash are imported on first use (``# lazy:``): most commands never hash a photo.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repwatch.adapters.images import BadImage, decode_image, fetch_image
from repwatch.errors import ConfigError
from repwatch.text import clean

if TYPE_CHECKING:
    from PIL.Image import Image

KIND = "phash64+mirror+crops"  # what `repwatch photos` shows as the hash kind
MAX_DISTANCE = 6  # of 64 bits; chosen with benchmarks/photos.py (docs/photos.md)
CROPS = (0.10, 0.133, 0.166, 0.20)
POSITIONS = (0.0, 0.25, 0.5, 0.75, 1.0)
MAX_PHOTO_FILE = 40 * 1024 * 1024  # one of her own photos, read from disk


@dataclass(frozen=True)
class PhotoHashes:
    """The hashes of one picture, as hex strings (the store's form)."""

    hashes: tuple[str, ...]

    def to_text(self) -> str:
        return json.dumps(list(self.hashes))

    @classmethod
    def from_text(cls, text: str) -> PhotoHashes:
        return cls(tuple(str(h) for h in json.loads(text)))


@dataclass(frozen=True)
class KnownPhoto:
    """One photo of her, as its hashes: the file itself is never kept."""

    file: str  # the file name she knows it by ("me.jpg"), never a path shown elsewhere
    hashes: PhotoHashes
    added_at: str = ""
    kind: str = KIND
    _ints: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def ints(self) -> tuple[int, ...]:
        return self._ints or tuple(int(h, 16) for h in self.hashes.hashes)


def _phash(image: Image) -> str:
    import imagehash  # lazy: with numpy and scipy ~0.45 s, paid only by runs that compare photos

    return str(imagehash.phash(image))


def _crops(image: Image) -> list[Image]:
    w, h = image.size
    out = []
    for frac in CROPS:
        dx, dy = int(w * frac), int(h * frac)
        for px in POSITIONS:
            for py in POSITIONS:
                left, top = int(dx * px), int(dy * py)
                out.append(image.crop((left, top, w - (dx - left), h - (dy - top))))
    return out


def known_hashes(image: Image) -> PhotoHashes:
    """One of her photos: whole, mirrored, and cropped as a reposter crops, each one mirrored too."""
    from PIL import ImageOps  # lazy: with imagehash

    views = [image, *_crops(image)]
    views += [ImageOps.mirror(v) for v in views]
    return PhotoHashes(tuple(dict.fromkeys(_phash(v) for v in views)))


def found_hashes(image: Image) -> PhotoHashes:
    """A picture found on the web: whole, and its largest picture without the frame around it."""
    views = [image]
    inner = unframed(image)
    if inner is not None:
        views.append(inner)
    return PhotoHashes(tuple(dict.fromkeys(_phash(v) for v in views)))


def unframed(image: Image) -> Image | None:
    """The picture inside a screenshot: the largest run of rows and then columns that are mostly not
    the frame's colour (the frame's colour is the commonest colour on its edge). None if there is no
    frame to cut, or what is left is too small to be a photo."""
    import numpy as np  # lazy: with imagehash

    grey = np.asarray(image.convert("L"), dtype=np.int16)
    h, w = grey.shape
    edge = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = int(np.bincount(edge.clip(0, 255).astype(np.int64) // 8).argmax()) * 8 + 4
    busy = np.abs(grey - background) > 24
    rows = _longest_run(busy.mean(axis=1) > 0.6)
    if rows is None:
        return None
    top, bottom = rows
    cols = _longest_run(busy[top:bottom].mean(axis=0) > 0.6)
    if cols is None:
        return None
    left, right = cols
    if (bottom - top) * (right - left) > 0.9 * h * w or min(bottom - top, right - left) < 32:
        return None
    return image.crop((left, top, right, bottom))


def _longest_run(mask: Any) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    start = None
    for i, on in enumerate([*mask.tolist(), False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def best_match(found: PhotoHashes, known: list[KnownPhoto], max_distance: int = MAX_DISTANCE) -> tuple[str, int] | None:
    """(her photo's file name, distance) of the closest known photo within ``max_distance``, or None."""
    best: tuple[str, int] | None = None
    for value in (int(h, 16) for h in found.hashes):
        for photo in known:
            d = min(distance(value, k) for k in photo.ints())
            if d <= max_distance and (best is None or d < best[1]):
                best = (photo.file, d)
    return best


def hash_known_bytes(data: bytes, where: str) -> PhotoHashes:
    """Her photo's hashes from its bytes (a file or an upload); a ConfigError naming ``where`` if it
    is not a photo repwatch can read."""
    try:
        image = decode_image(data, local=True)
    except BadImage as exc:
        raise ConfigError(f"{where} {exc.reason}.") from exc
    return known_hashes(image)


def read_photo_file(path: str | Path, key: str = "photos") -> tuple[bytes, str]:
    """(the bytes, their sha256) of one of her photo files; a ConfigError naming the key and the file."""
    file = Path(path).expanduser()
    try:
        size = file.stat().st_size
        if size > MAX_PHOTO_FILE:
            raise ConfigError(f"{key}: {file} is larger than {MAX_PHOTO_FILE // (1024 * 1024)} MB; use a smaller "
                              "copy of the photo.")
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{key}: the photo {file} does not exist.") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"{key}: {file} is a folder, not a photo.") from exc
    except OSError as exc:
        raise ConfigError(f"{key}: the photo {file} could not be read ({exc.__class__.__name__}).") from exc
    return data, hashlib.sha256(data).hexdigest()


# --- in a run -----------------------------------------------------------------------------------
MAX_IMAGES = 60  # pictures fetched a run: accounts' avatars first, then image results, then previews
WORKERS = 6


@dataclass
class ImageJob:
    """One picture to compare, and what it belongs to (a Result or a found account: both carry
    ``photo_match``)."""

    url: str
    kind: str  # avatar | image | preview
    target: Any
    page_url: str


@dataclass
class PhotoRun:
    """What one run's photo comparison did: her photos, the images compared, what matched."""

    known: list[KnownPhoto] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # file → known_photos.id
    compared: int = 0
    matched: list[tuple[ImageJob, str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    notes: list[str] = field(default_factory=list)


def load_known(profile: Any, store: Any, relative_to: Path | None, *, dry_run: bool = False) -> PhotoRun:
    """Her photos' hashes for this run, read once: a photo named in ``photos`` is hashed when it is
    new or its file changed (its sha256 says), one no longer named is forgotten with its matches,
    and photos uploaded on the review page are kept. The pictures themselves are never stored."""
    run = PhotoRun()
    names: list[str] = []
    for number, path in enumerate(profile.photo_paths(relative_to), start=1):
        key = f"profile {profile.name!r} photos entry {number}"
        data, digest = read_photo_file(path, key)
        names.append(path.name)
        stored = {r["file"]: r for r in store.known_photos(profile.name)}
        row = stored.get(path.name)
        if row is not None and row["digest"] == digest and row["kind"] == KIND:
            continue
        hashes = hash_known_bytes(data, f"{key}: the photo {path}")
        if not dry_run:
            store.put_known_photo(profile.name, path.name, "config", digest, KIND, hashes.to_text())
        else:
            run.known.append(KnownPhoto(path.name, hashes))
    if not dry_run:
        store.forget_known_photos(profile.name, "config", names)
    for row in store.known_photos(profile.name):
        if row["kind"] != KIND:
            continue  # hashed by another version of repwatch: rehashed when its file is next read
        run.known.append(KnownPhoto(row["file"], PhotoHashes.from_text(row["hashes"]), row["added_at"], row["kind"]))
        run.ids[row["file"]] = int(row["id"])
    return run


def image_jobs(results: list[Any], found_accounts: list[Any]) -> list[ImageJob]:
    """The pictures worth comparing, at most MAX_IMAGES: accounts' avatars, image results, previews."""
    jobs: list[ImageJob] = []
    for account in found_accounts:
        if getattr(account, "avatar", None):
            jobs.append(ImageJob(account.avatar, "avatar", account, account.url))
    for result in results:
        if result.kind == "image" and (result.image_url or result.thumbnail):
            jobs.append(ImageJob(result.image_url or result.thumbnail, "image", result,
                                 result.canonical_url or result.url))
    for result in results:
        if result.kind != "image" and result.thumbnail:
            jobs.append(ImageJob(result.thumbnail, "preview", result, result.canonical_url or result.url))
    seen: set[tuple[str, int]] = set()
    unique = []
    for job in jobs:
        if (job.url, id(job.target)) not in seen:
            seen.add((job.url, id(job.target)))
            unique.append(job)
    return unique[:MAX_IMAGES]


def compare_images(run: PhotoRun, jobs: list[ImageJob]) -> None:
    """Fetch each picture through the guarded fetch, hash it and compare it with her photos; a match
    sets its result's (or account's) ``photo_match`` to her photo's file name, before triage reads it.
    A picture that cannot be fetched or read is skipped with a reason; nothing here raises."""
    if not run.known or not jobs:
        return
    by_url: dict[str, list[ImageJob]] = {}
    for job in jobs:
        by_url.setdefault(job.url, []).append(job)

    def one(url: str) -> tuple[str, tuple[str, int] | None, str | None]:
        try:
            fetched = fetch_image(url)
            if fetched.image is None:
                return url, None, fetched.skipped
            return url, best_match(found_hashes(fetched.image), run.known), None
        except Exception as exc:  # noqa: BLE001 - a hostile picture must never stop the run
            return url, None, f"could not be read ({exc.__class__.__name__})"

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="repwatch-photo") as pool:
        for url, match, why in pool.map(one, list(by_url)):
            if why is not None:
                run.skipped.append((url, why))
                continue
            run.compared += 1
            if match is None:
                continue
            for job in by_url[url]:
                job.target.photo_match = match[0]
                run.matched.append((job, match[0], match[1]))
    if run.skipped:
        shown = "; ".join(f"{_short_url(u)} {why}" for u, why in run.skipped[:3])
        more = f" and {len(run.skipped) - 3} more" if len(run.skipped) > 3 else ""
        run.notes.append(f"{len(run.skipped)} picture{'s' if len(run.skipped) != 1 else ''} found for you could not "
                         f"be compared with your photos ({shown}{more}).")


def record_matches(run: PhotoRun, store: Any, profile: str) -> None:
    for job, file, dist in run.matched:
        photo_id = run.ids.get(file)
        if photo_id is not None:
            page = getattr(job.target, "canonical_url", "") or job.page_url
            store.record_photo_match(profile, photo_id, job.url, page, dist, job.kind)


def _short_url(url: str) -> str:
    text = " ".join(clean(url, 400).split())
    return text if len(text) <= 80 else text[:77] + "…"
