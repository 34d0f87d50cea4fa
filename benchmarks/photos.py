"""Her photos against a reposter's edits and thousands of unrelated pictures: recall, false matches,
and the time to hash and compare a picture as a ratio to fetching it over loopback.

Every picture is made here with Pillow (seeded, so each run is the same): photo-like scenes, most
with a head and shoulders, blurred and grained. Each of ``--photos`` known photos is edited the ways
a reposter edits (resized, cropped 10–20 % at a random place, recompressed twice, a screenshot inside
a phone app's frame, a filter, mirrored) and each edit must match its photo; ``--others`` unrelated
pictures, made by the same generator (so they are as alike as pictures get), are each compared with
every known photo, and any match is false. Prints recall per edit at the chosen distance
(``photos.MAX_DISTANCE``) and around it, false matches per 10,000 comparisons, and the times.

    python benchmarks/photos.py [--photos 100] [--others 3000]
"""

from __future__ import annotations

import argparse
import http.server
import io
import random
import threading
import time

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from repwatch.adapters.images import decode_image, fetch_image
from repwatch.pipeline import photos


def scene(seed: int, size: tuple[int, int] = (480, 600)) -> Image.Image:
    r = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    c1, c2 = [r.randrange(256) for _ in range(3)], [r.randrange(256) for _ in range(3)]
    vertical = r.random() < .5
    steps = h if vertical else w
    for i in range(steps):
        colour = tuple(int(a + (b - a) * i / (steps - 1)) for a, b in zip(c1, c2, strict=True))
        draw.line([(0, i), (w, i)] if vertical else [(i, 0), (i, h)], fill=colour)
    for _ in range(r.randint(6, 18)):
        colour = tuple(r.randrange(256) for _ in range(3))
        x0, y0 = r.randrange(-w // 4, w), r.randrange(-h // 4, h)
        x1, y1 = x0 + r.randint(w // 10, w // 2), y0 + r.randint(h // 10, h // 2)
        kind = r.random()
        if kind < .4:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        elif kind < .7:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            draw.polygon([(r.randrange(w), r.randrange(h)) for _ in range(r.randint(3, 6))], fill=colour)
    if r.random() < .7:  # a head and shoulders, as most of her photos are
        cx, cy = r.randint(w // 3, 2 * w // 3), r.randint(h // 3, h // 2)
        draw.ellipse([cx - w // 3, cy + h // 5, cx + w // 3, h + h // 5], fill=tuple(r.randrange(256) for _ in range(3)))
        draw.ellipse([cx - w // 7, cy - h // 7, cx + w // 7, cy + h // 7],
                     fill=(r.randint(120, 240), r.randint(90, 200), r.randint(70, 170)))
        draw.chord([cx - w // 6, cy - h // 5, cx + w // 6, cy + h // 10], 180, 360,
                   fill=tuple(r.randrange(120) for _ in range(3)))
        for side in (-1, 1):
            draw.ellipse([cx + side * w // 18 - 6, cy - 8, cx + side * w // 18 + 6, cy + 4], fill=(30, 30, 30))
    image = image.filter(ImageFilter.GaussianBlur(r.uniform(1.0, 3.0)))
    return Image.blend(image, Image.effect_noise(size, r.uniform(8, 25)).convert("RGB"), 0.08)


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    return Image.open(io.BytesIO(jpeg_bytes(image, quality))).convert("RGB")


def framed(image: Image.Image, r: random.Random) -> Image.Image:
    """A screenshot of a phone app showing the photo: status bar, name, buttons, caption."""
    w, h = image.size
    inner = image.resize((360, int(h * 360 / w)))
    dark = r.random() < .5
    fg = (230, 230, 230) if dark else (20, 20, 20)
    shot = Image.new("RGB", (390, inner.size[1] + 260), (0, 0, 0) if dark else (255, 255, 255))
    draw = ImageDraw.Draw(shot)
    draw.rectangle([0, 0, 390, 44], fill=(30, 30, 30) if dark else (245, 245, 245))
    draw.text((12, 14), "9:41", fill=fg)
    draw.ellipse([12, 60, 52, 100], fill=(200, 120, 80))
    draw.text((62, 70), "ms.whitfield.real", fill=fg)
    shot.paste(inner, (15, 115))
    y = 115 + inner.size[1] + 12
    for i in range(4):
        draw.ellipse([15 + i * 40, y, 45 + i * 40, y + 30], outline=fg, width=2)
    draw.text((15, y + 45), "Liked by 23 others", fill=fg)
    draw.text((15, y + 70), "new account, old one got hacked!!", fill=fg)
    return shot


def filtered(image: Image.Image, r: random.Random) -> Image.Image:
    kind = r.choice(["warm", "black and white", "contrast", "bright", "sharpen"])
    if kind == "warm":
        red, green, blue = image.split()
        return Image.merge("RGB", (red.point(lambda v: min(255, int(v * 1.15))), green,
                                   blue.point(lambda v: int(v * .85))))
    if kind == "black and white":
        return ImageOps.grayscale(image).convert("RGB")
    if kind == "contrast":
        return ImageEnhance.Contrast(image).enhance(1.4)
    if kind == "bright":
        return ImageEnhance.Brightness(image).enhance(1.25)
    return image.filter(ImageFilter.SHARPEN)


def edits(image: Image.Image, seed: int) -> dict[str, Image.Image]:
    r = random.Random(seed)
    w, h = image.size
    frac = r.uniform(.10, .20)
    dx, dy = int(w * frac), int(h * frac)
    left, top = r.randint(0, dx), r.randint(0, dy)
    return {
        "resized": jpeg(image.resize((int(w * .4), int(h * .4))), 90),
        "cropped 10-20 %": jpeg(image.crop((left, top, w - (dx - left), h - (dy - top))), 85),
        "recompressed": jpeg(jpeg(image, 60), 40),
        "screenshot": jpeg(framed(image, r), 80),
        "filter": jpeg(filtered(image, r), 85),
        "mirrored": jpeg(ImageOps.mirror(image), 85),
    }


def as_array(hashes: photos.PhotoHashes) -> np.ndarray:
    return np.array([int(h, 16) for h in hashes.hashes], dtype=np.uint64)


def nearest(found: np.ndarray, known: np.ndarray) -> int:
    return int(np.bitwise_count(found[:, None] ^ known[None, :]).min())


def loopback_fetch_ms(data: bytes, rounds: int = 30) -> float:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/me.jpg"
    try:
        fetch_image(url, allow_private=True)  # warm up
        started = time.perf_counter()
        for _ in range(rounds):
            assert fetch_image(url, allow_private=True).image is not None
        return (time.perf_counter() - started) / rounds * 1000
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--others", type=int, default=3000)
    args = parser.parse_args()
    started = time.perf_counter()
    known_images = [scene(i) for i in range(args.photos)]
    t = time.perf_counter()
    known = [as_array(photos.known_hashes(image)) for image in known_images]
    known_s = (time.perf_counter() - t) / args.photos
    distances: dict[str, list[int]] = {}
    for i, image in enumerate(known_images):
        for name, edited in edits(image, i).items():
            distances.setdefault(name, []).append(nearest(as_array(photos.found_hashes(edited)), known[i]))
    others: list[int] = []
    pictures = 0
    t = time.perf_counter()
    hash_s = 0.0
    for j in range(args.others):
        data = jpeg_bytes(scene(100_000 + j), 85)
        h0 = time.perf_counter()
        found = photos.found_hashes(decode_image(data))
        photos.best_match(found, [photos.KnownPhoto("me.jpg", photos.PhotoHashes(tuple(f"{int(v):016x}" for v in known[0])))])
        hash_s += time.perf_counter() - h0
        pictures += 1
        array = as_array(found)
        others.extend(nearest(array, k) for k in known)
    chosen = photos.MAX_DISTANCE
    print(f"{args.photos} known photos ({known_s * 1000:.0f} ms each to hash, once), {args.photos * 6} edits, "
          f"{args.others} unrelated pictures, {len(others):,} unrelated comparisons; "
          f"{time.perf_counter() - started:.0f} s in all")
    print(f"recall at distance <= {chosen} (and at {chosen - 2} / {chosen + 2}):")
    reposter = []
    for name, values in distances.items():
        got = [sum(v <= d for v in values) / len(values) for d in (chosen, chosen - 2, chosen + 2)]
        reposter.extend(v <= chosen for v in values)
        print(f"  {name:16} {got[0]:.3f}  ({got[1]:.3f} / {got[2]:.3f})")
    print(f"  {'all edits':16} {sum(reposter) / len(reposter):.3f}")
    for d in (chosen - 2, chosen, chosen + 2):
        false = sum(v <= d for v in others)
        print(f"false matches at <= {d}: {false} in {len(others):,} = {false / len(others) * 10_000:.2f} per 10,000")
    print(f"closest unrelated picture: distance {min(others)}")
    fetch_ms = loopback_fetch_ms(jpeg_bytes(known_images[0], 85))
    per_image_ms = hash_s / pictures * 1000
    print(f"decode + hash + compare one picture: {per_image_ms:.1f} ms; a guarded fetch of it over loopback: "
          f"{fetch_ms:.1f} ms; ratio {per_image_ms / fetch_ms:.2f}")


if __name__ == "__main__":
    main()
