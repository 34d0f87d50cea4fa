"""Her known photos: kept as hashes only, compared with the pictures a run finds (accounts' avatars
from a Bluesky-like API and an account page's og:image, image results), hostile pictures skipped with
one line, and `repwatch photos` listing what matched."""

from __future__ import annotations

import functools
import io
import json
import random
import re
import sqlite3
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from repwatch.adapters.images import BadImage, decode_image, fetch_image
from repwatch.pipeline import photos
from tests.conftest import cli
from tests.test_accounts_e2e import example_profile_config

PRIVATE = {"REPWATCH_EVIDENCE_ALLOW_PRIVATE": "1"}


def portrait(seed: int, size: tuple[int, int] = (480, 600)) -> Image.Image:
    """A photo-like picture: a gradient, shapes, a head and shoulders, blurred, with grain."""
    r = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size, tuple(r.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = r.randrange(w), r.randrange(h)
        draw.ellipse([x, y, x + r.randint(40, w // 2), y + r.randint(40, h // 2)],
                     fill=tuple(r.randrange(256) for _ in range(3)))
    cx, cy = w // 2, h // 2
    draw.ellipse([cx - w // 3, cy + h // 5, cx + w // 3, h + h // 5], fill=tuple(r.randrange(256) for _ in range(3)))
    draw.ellipse([cx - w // 7, cy - h // 7, cx + w // 7, cy + h // 7], fill=(r.randint(150, 240), 150, 120))
    image = image.filter(ImageFilter.GaussianBlur(2))
    return Image.blend(image, Image.effect_noise(size, 15).convert("RGB"), 0.08)


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@functools.cache
def bomb_png(side: int = 30_000) -> bytes:
    """A PNG of a few hundred kilobytes whose pixels would take 900 MB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    # the pixels: rows of a filter byte and `side` zero bytes, in blocks of 1,000 rows. Each block is
    # compressed once and its deflate data repeated (a full flush makes each block stand alone), with
    # the zlib header and the checksum of that many zeros around them: squeezing 900 MB took a second
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * ((side + 1) * 1000)) + packer.flush(zlib.Z_FULL_FLUSH)
    adler32 = (((side + 1) * side) % 65521) << 16 | 1  # Adler-32 of zeros: a stays 1, b is their number
    body = b"\x78\x01" + block * (side // 1000) + b"\x03\x00" + struct.pack(">I", adler32)  # \x03\x00: the last, empty block
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
GIF_1X1 = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00" \
          b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


# --- hashing and comparing -------------------------------------------------------------------------
def test_a_reposters_edits_match_and_another_photo_does_not():
    her = portrait(1)
    known = [photos.KnownPhoto("me.jpg", photos.known_hashes(her))]
    w, h = her.size
    edits = {
        "resized and recompressed": her.resize((w // 3, h // 3)),
        "cropped 15 %": her.crop((int(w * .08), int(h * .07), int(w * .93), int(h * .92))),
        "mirrored": ImageOps.mirror(her),
        "black and white": ImageOps.grayscale(her).convert("RGB"),
    }
    for what, image in edits.items():
        found = photos.found_hashes(decode_image(jpeg(image, 60)))
        assert photos.best_match(found, known) is not None, what
        assert photos.best_match(found, known)[0] == "me.jpg"
    for seed in range(2, 12):
        assert photos.best_match(photos.found_hashes(portrait(seed)), known) is None, seed


def test_a_screenshot_of_her_photo_in_an_apps_frame_matches():
    her = portrait(3)
    shot = Image.new("RGB", (390, 800), (255, 255, 255))
    draw = ImageDraw.Draw(shot)
    draw.rectangle([0, 0, 390, 44], fill=(240, 240, 240))
    draw.text((60, 70), "ms.whitfield.real", fill=(0, 0, 0))
    shot.paste(her.resize((360, 450)), (15, 115))
    draw.text((15, 600), "Liked by 23 others", fill=(0, 0, 0))
    known = [photos.KnownPhoto("me.jpg", photos.known_hashes(her))]
    assert photos.best_match(photos.found_hashes(decode_image(jpeg(shot))), known)[0] == "me.jpg"


@pytest.mark.parametrize(("make", "reason"), [  # made when the test runs, not in every worker's collection
    (bomb_png, "is too large to compare (a decompression bomb)"),
    (lambda: jpeg(portrait(4))[:4000], "is broken or cut short"),
    (lambda: SVG, "is an SVG drawing, not a photo"),
    (lambda: GIF_1X1, "is too small to be a photo (1 × 1 pixels)"),
    (lambda: b"<html>not a picture</html>", "is not a photo repwatch can read (JPEG, PNG, GIF, WebP or BMP)"),
], ids=["bomb", "cut-short", "svg", "one-pixel", "html"])
def test_a_hostile_picture_is_refused_in_words(make, reason):
    with pytest.raises(BadImage) as caught:
        decode_image(make())
    assert caught.value.reason == reason


def test_decoded_pictures_never_take_more_memory_than_the_page_fetch():
    from repwatch.adapters import images, pagefetch

    assert images.MAX_DECODED == pagefetch.MAX_BYTES
    wide = Image.new("RGB", (2200, 1600), (10, 20, 30))  # 10.6 MB of pixels: over the cap, though a small file
    with pytest.raises(BadImage, match=r"is too large to compare \(2,200 × 1,600 pixels\)"):
        decode_image(png(wide))
    assert decode_image(jpeg(wide)).size[0] <= 1100  # a JPEG is decoded at a reduced scale instead


def test_the_guarded_fetch_takes_only_pictures_from_public_addresses(httpserver: HTTPServer):
    httpserver.expect_request("/me.jpg").respond_with_data(jpeg(portrait(5)), content_type="image/jpeg")
    httpserver.expect_request("/page").respond_with_data("<html></html>", content_type="text/html")
    httpserver.expect_request("/drawing.svg").respond_with_data(SVG, content_type="image/svg+xml")
    httpserver.expect_request("/huge.jpg").respond_with_data(b"\xff\xd8" + b"0" * (6 * 1024 * 1024),
                                                             content_type="image/jpeg")
    refused = fetch_image(httpserver.url_for("/me.jpg"), allow_private=False)
    assert refused.image is None and "private or local network" in (refused.skipped or "")
    assert fetch_image(httpserver.url_for("/me.jpg"), allow_private=True).image is not None
    assert fetch_image(httpserver.url_for("/page"), allow_private=True).skipped == \
        "is not an image (the site sent text/html)"
    assert fetch_image(httpserver.url_for("/drawing.svg"), allow_private=True).skipped == \
        "is an SVG drawing, not a photo"
    assert fetch_image(httpserver.url_for("/huge.jpg"), allow_private=True).skipped == "is larger than 5 MB"


# --- config -------------------------------------------------------------------------------------
def test_a_photo_that_is_missing_or_not_a_picture_is_a_config_error_naming_the_file(home):
    config = home / "config.toml"
    config.write_text('[[profile]]\nname = "Joanna Whitfield"\nphotos = ["me.jpg"]\n')
    missing = cli("--config", str(config), "plan")
    assert missing.returncode == 2
    assert f"the profile \u201cJoanna Whitfield\u201d: photos: the photo {home / 'me.jpg'} does not exist." in \
        " ".join(missing.stderr.split())
    assert "profile[0]" not in missing.stderr
    (home / "me.jpg").write_text("these are my lesson notes, not a photo")
    wrong = cli("--config", str(config), "plan")
    assert wrong.returncode == 2
    assert "me.jpg is not a photo repwatch can read (JPEG, PNG, GIF, WebP or BMP)" in " ".join(wrong.stderr.split())
    assert "Traceback" not in wrong.stderr
    (home / "me.jpg").write_bytes(jpeg(portrait(1)))
    assert cli("--config", str(config), "plan").returncode == 0


# --- end to end -----------------------------------------------------------------------------------
def compact(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))  # as Bluesky sends it


class PictureWeb:
    """A Bluesky-like API (its real getProfile answer, avatar included), an account page with og:image,
    the pictures themselves, and a search answer with image results."""

    def __init__(self, server: HTTPServer, pictures: dict[str, tuple[bytes, str]]) -> None:
        self.server = server
        self.pictures = pictures
        self.accounts = {
            # her photo on an account with a made-up name: the impersonator
            "mswhitfield": ("Sunny Days", "Coffee, sea swims and long walks.", "her.jpg"),
            # a namesake with her own picture
            "joannawhitfield": ("Joanna Whitfield", "Nurse in Leeds. Dogs, bikes.", "namesake.jpg"),
        }

    @property
    def base(self) -> str:
        return self.server.url_for("").rstrip("/")

    def handle(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/img/"):
            data, ctype = self.pictures[path.removeprefix("/img/")]
            return Response(data, content_type=ctype)
        if path == "/xrpc/app.bsky.actor.getProfile":
            handle = request.args.get("actor", "")
            name = handle.removesuffix(".bsky.social").casefold()
            if name not in self.accounts:
                return Response(compact({"error": "InvalidRequest", "message": "Profile not found"}), 400,
                                content_type="application/json")
            display, bio, picture = self.accounts[name]
            return Response(compact({
                "did": f"did:plc:{name}", "handle": handle, "displayName": display, "description": bio,
                "avatar": f"{self.base}/img/{picture}", "followersCount": 3, "postsCount": 1,
            }), content_type="application/json")
        if path.startswith("/page/"):
            name = path.removeprefix("/page/").casefold()
            if name != "mswhitfieldteach":
                return Response("<html><title>Not found</title></html>", 404, content_type="text/html")
            return Response('<html><head><meta property="og:title" content="Miss W">'
                            '<meta property="og:image" content="/img/her-shot.jpg"></head></html>',
                            content_type="text/html")
        return Response("no such fake", 500)


def test_her_photo_on_a_made_up_account_is_matched_and_named_and_a_namesakes_is_not(home, httpserver, smtp):
    her = portrait(7)
    (home / "me.jpg").write_bytes(jpeg(her, 95))
    w, h = her.size
    pictures = {
        "her.jpg": (jpeg(her.resize((w // 2, h // 2)), 70), "image/jpeg"),
        "her-shot.jpg": (jpeg(ImageOps.mirror(her).crop((20, 30, w - 40, h - 20)), 75), "image/jpeg"),
        "namesake.jpg": (jpeg(portrait(8)), "image/jpeg"),
        "bomb.png": (bomb_png(), "image/png"),
        "cut.jpg": (jpeg(portrait(9))[:3000], "image/jpeg"),
        "drawing.svg": (SVG, "image/svg+xml"),
        "pixel.gif": (GIF_1X1, "image/gif"),
    }
    sites = HTTPServer(host="127.0.0.1", threaded=True)
    sites.start()
    try:
        web = PictureWeb(sites, pictures)
        sites.expect_request(re.compile(r"^/.*")).respond_with_handler(web.handle)
        (home / "sites.json").write_text(json.dumps({"sites": [
            {"name": "Fakesky", "uri_check": f"{web.base}/xrpc/app.bsky.actor.getProfile?actor={{account}}.bsky.social",
             "uri_pretty": "https://bsky.app/profile/{account}.bsky.social", "e_code": 200, "e_string": '"handle":"',
             "m_code": 400, "m_string": '"message":"Profile not found"', "platform": "bluesky",
             "known": ["mswhitfield"]},
            {"name": "Fakepage", "uri_check": f"{web.base}/page/{{account}}", "e_code": 200, "e_string": "og:title",
             "m_code": 404, "m_string": "Not found", "platform": "web", "known": ["MsWhitfieldTeach"]},
        ]}))
        hostile = [{"url": f"https://pics.example/{n}", "title": "Joanna Whitfield", "content": "",
                    "img_src": f"{web.base}/img/{n}", "template": "images.html"}
                   for n in ("bomb.png", "cut.jpg", "drawing.svg", "pixel.gif")]
        httpserver.expect_request("/search").respond_with_json({"query": "", "results": hostile})
        config = example_profile_config(home, home / "sites.json", httpserver.url_for("").rstrip("/"), smtp.port,
                                         extra="")
        text = config.read_text().replace('max_queries = 2\n', 'max_queries = 2\nphotos = ["me.jpg"]\n')
        text = text.replace('kinds = ["web"]', 'kinds = ["web", "images"]')
        config.write_text(text)
        run = cli("--config", str(config), "run", "--json", env=PRIVATE)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    finally:
        sites.clear()
        sites.stop()

    listed = json.loads(cli("--config", str(config), "photos", "--json").stdout)
    assert [(p["file"], p["source"], p["hash_kind"]) for p in listed] == [("me.jpg", "config", photos.KIND)]
    matched = {(m["page_url"], m["kind"]) for m in listed[0]["matches"]}
    assert matched == {("https://bsky.app/profile/mswhitfield.bsky.social", "avatar"),
                       (f"{web.base}/page/MsWhitfieldTeach", "avatar")}
    assert not any("joannawhitfield" in m["page_url"] for m in listed[0]["matches"])  # the namesake's own picture

    # her picture on the made-up account makes it impersonation, the photo named; the namesake's is not
    pages = {m["url"]: m for m in json.loads(cli("--config", str(config), "mentions", "--all", "--json",
                                                     "--limit", "0").stdout)}
    pretender = pages["https://bsky.app/profile/mswhitfield.bsky.social"]
    reasons = {f["code"]: f["reason"] for f in pretender["flags"]}
    assert "impersonation" in reasons and "me.jpg" in reasons["impersonation"], pretender["flags"]
    assert "me.jpg" in reasons.get("photo", ""), pretender["flags"]
    namesake = [m for url, m in pages.items() if "joannawhitfield" in url]
    assert all("impersonation" not in {f["code"] for f in m["flags"]} for m in namesake)

    # the hostile pictures: skipped, with one line in the run's notes, never a crash
    digest = " ".join(smtp.messages[0].get_body(("plain",)).get_content().split())
    picture_notes = re.findall(r"\d+ pictures? found for you could not be compared with your photos \(.*?\)\.", digest)
    assert len(picture_notes) == 1
    assert picture_notes[0].startswith("4 pictures found for you could not be compared with your photos (")
    reasons = ("too large to compare (a decompression bomb)", "broken or cut short", "an SVG drawing, not a photo",
               "too small to be a photo (1 × 1 pixels)")
    assert sum(reason in picture_notes[0] for reason in reasons) == 3 and picture_notes[0].endswith("and 1 more).")

    shown = cli("--config", str(config), "photos")
    assert "me.jpg: added" in shown.stdout and "looks like it: an account's picture on" in shown.stdout

    # only hashes are kept: no picture's bytes anywhere in the database
    with sqlite3.connect(home / "repwatch.db") as db:
        row = db.execute("SELECT hashes FROM known_photos").fetchone()
    assert re.fullmatch(r'\["[0-9a-f]{16}"(, "[0-9a-f]{16}")*\]', row[0])
    assert jpeg(her, 95)[200:264] not in (home / "repwatch.db").read_bytes()
