"""The review page's photo upload: a photo is hashed in memory and only its hashes are kept; what
is not a photo, too large, or sent without the form's token is refused in words."""

from __future__ import annotations

import json
import sqlite3

from repwatch.web import profile as profile_edit
from tests.conftest import cli
from tests.test_photos import jpeg, portrait
from tests.test_web import csrf_of, site  # noqa: F401 - fixture


def upload(client, token: str, name: str, data: bytes, ctype: str = "image/jpeg"):  # type: ignore[no-untyped-def]
    return client.post("/profile/photos", data={"csrf": token, "index": "0"}, files={"photo": (name, data, ctype)})


def test_an_uploaded_photo_is_kept_as_hashes_only_and_listed(site, tmp_path):  # noqa: F811
    client, _, db, config_path = site
    token = csrf_of(client.get("/profile").text)
    photo = jpeg(portrait(11), 95)
    page = upload(client, token, "../../Pictures/me at school.jpg", photo)
    assert page.status_code == 200
    assert "me at school.jpg was added. Only its fingerprints are kept; the photo itself was not saved." in page.text
    assert "uploaded here" in page.text
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT file, source, hashes FROM known_photos").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("me at school.jpg", "upload")]
    assert len(json.loads(rows[0][2])) > 100
    assert photo[300:364] not in db.read_bytes()
    listed = json.loads(cli("--config", str(config_path), "--db", str(db), "photos", "--json").stdout)
    assert [(p["file"], p["source"]) for p in listed] == [("me at school.jpg", "upload")]

    token = csrf_of(page.text)
    gone = client.post("/profile/photos", data={"csrf": token, "index": "0", "forget": "me at school.jpg"},
                       files={"photo": ("", b"", "application/octet-stream")})
    assert "me at school.jpg is forgotten" in gone.text
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM known_photos").fetchone()[0] == 0


def test_what_is_not_a_photo_or_too_large_or_forged_is_refused(site, monkeypatch):  # noqa: F811
    client, _, db, _ = site
    token = csrf_of(client.get("/profile").text)
    notes = upload(client, token, "notes.txt", b"my lesson plans", "text/plain")
    assert "Not added: The photo notes.txt is not a photo repwatch can read (JPEG, PNG, GIF, WebP or BMP)." in notes.text
    svg = upload(client, token, "me.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
                 "image/svg+xml")
    assert "Not added: The photo me.svg is an SVG drawing, not a photo." in svg.text
    nothing = client.post("/profile/photos", data={"csrf": token, "index": "0"})
    assert "Not added: Choose a photo to upload first." in nothing.text
    monkeypatch.setattr(profile_edit, "MAX_UPLOAD", 1024 * 1024)
    big = upload(client, token, "big.jpg", jpeg(portrait(12), 100) + b"\0" * 1024 * 1024)
    assert big.status_code == 413
    assert "That photo is larger than 1 MB; use a smaller copy." in big.text
    forged = upload(client, "not-the-token", "me.jpg", jpeg(portrait(13)))
    assert forged.status_code == 403 and "Nothing was changed" in forged.text
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM known_photos").fetchone()[0] == 0
