"""A real database with mentions for the review page's tests and benchmark: flagged, plain, hostile."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from pathlib import Path
from types import SimpleNamespace

from repwatch.adapters.store import Store
from repwatch.models import Flag, Result

HOSTILE_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)> Jo Whitfield'
CAPTURED_PAGE = b'<html><body><script>document.title="pwned"</script><h1>Jo Whitfield</h1></body></html>'
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")


def result(url: str, title: str, snippet: str = "", platform: str = "web", kind: str = "web") -> Result:
    from repwatch.pipeline.urls import canonical_url

    domain = url.split("/")[2]
    return Result(url=url, title=title, snippet=snippet, provider="searxng", kind=kind,
                  query='"Jo Whitfield" Liverpool', rank=1, canonical_url=canonical_url(url), domain=domain,
                  platform=platform)


def verdict(*flags: tuple[str, str], score: float = 0.9, tone: float = 0.0) -> SimpleNamespace:
    return SimpleNamespace(score=score, reasons=["her name and school"], flags=[Flag(c, r) for c, r in flags],
                           tone=tone)


def seed(database: Path, *, extra: int = 0, profile: str = "Joanna Whitfield") -> dict[str, int]:
    """Four mentions that matter (impersonation with evidence, a hostile title, a plain one, a
    namesake) and ``extra`` plain ones; returns their ids by name."""
    store = Store(database)
    results = [
        result("https://www.instagram.com/mswhitfield_teach/", "Ms Whitfield (@mswhitfield_teach)",
               "Teacher at St Mary's Liverpool. DM for photos of my class", "instagram", "account"),
        result("https://forum.example.net/t/123", HOSTILE_TITLE, "<b>bold</b> words about Jo Whitfield"),
        result("https://www.stmarys.example.sch.uk/staff", "Our staff - St Mary's",
               "Mrs J Whitfield, Year 4 teacher"),
        result("https://www.linkedin.com/in/jo-whitfield-accountant", "Jo Whitfield - Accountant - Leeds",
               "Jo Whitfield, chartered accountant", "linkedin", "account"),
    ]
    results += [result(f"https://news{i}.example.org/story/{i}", f"Story {i} mentioning Jo Whitfield",
                       f"Jo Whitfield said something ordinary number {i}.") for i in range(extra)]
    verdicts = {
        results[0].canonical_url: verdict(("impersonation", "claims your school and offers photos of pupils")),
        results[1].canonical_url: verdict(("negative", "hostile words near your name"), tone=-0.8),
        results[2].canonical_url: verdict(tone=0.6),
        results[3].canonical_url: verdict(score=0.2),
    }
    with store.atomic():
        pass
    _, new_ids, _ = store.record_run(profile, started_at="2026-11-24T07:00:00+00:00", results=results, calls=[],
                                     failures=[], queries=1, verdicts=verdicts)
    ids = dict(zip(["impersonation", "hostile", "plain", "namesake"], new_ids[:4], strict=True))
    for i, mention_id in enumerate(new_ids[4:]):
        ids[f"extra{i}"] = mention_id
    evidence = database.parent / "evidence"
    evidence.mkdir(exist_ok=True)
    for kind, data, ext in (("page", CAPTURED_PAGE, "html"), ("screenshot", PNG, "png")):
        sha = hashlib.sha256(data).hexdigest()
        (evidence / f"{sha}.{ext}").write_bytes(data)
        store.db["evidence"].insert({
            "mention_id": ids["impersonation"], "captured_at": "2026-11-24T07:01:00+00:00", "kind": kind,
            "url": results[0].url, "final_url": results[0].url, "http_status": 200, "outcome": "ok",
            "sha256": sha, "path": f"evidence/{sha}.{ext}", "size": len(data)})
    store.close()
    return ids


def write_config(path: Path, database: Path, serve: str = "") -> Path:
    path.write_text(
        "# my repwatch settings\n"
        "[repwatch]\n"
        f'database = "{database}"\n\n'
        "[[profile]]\n"
        'name = "Joanna Whitfield"  # my full name\n'
        'locations = ["Liverpool"]\n'
        "\n" + serve, encoding="utf-8")
    return path


def open_page(client, database: Path, base: str = "", path: str = "/"):  # type: ignore[no-untyped-def]
    """Open the review page as she does: with the address that holds the key only her account can read
    (what `repwatch serve` prints, and `repwatch serve --address` prints again). The client is then
    logged in, as her browser is; returns it."""
    from repwatch.adapters import tokens

    opening = client.get(f"{base}{path}?key={tokens.page_key(database)}")
    assert opening.status_code == 200 and f'content="0; url={path}"' in opening.text, (opening.status_code, opening.text)
    page = client.get(f"{base}{path}", follow_redirects=True)  # where the opening page sends the browser on
    assert page.status_code == 200 and page.url.path == path, (page.status_code, page.url)
    return client


ADDRESS = re.compile(r"(?:Open the review page at|The review page is at) (http://\S+)")


class Served:
    """The review page as `repwatch serve --no-scheduler --no-browser` serves it (its app, its bounded
    uvicorn, the loopback socket it binds, the words it prints), in a thread of this test process, for
    tests of the page, not of the process (test_web_serve.py, test_web_clients.py's file limit and
    test_web_browser.py's test of her browser start real ones). ``address`` is the address it printed
    for her to open (with its key, when the page has no password), read from what it says, as she
    reads it."""

    def __init__(self, config: Path, port: int) -> None:
        from repwatch import text
        from repwatch.config import load
        from repwatch.web.app import create_app
        from repwatch.web.server import Server, bind

        self.config = config
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._known = set(text._secrets)  # the key serve registers to redact, forgotten when it stops
        settings = load(config)
        database = settings.database_path()
        server = Server(settings, database, host="127.0.0.1", port=port, scheduler=False, browser=False)
        said = io.StringIO()
        self._serving = server.serving(create_app(settings, database, host="127.0.0.1", port=port),
                                       bind("127.0.0.1", port))
        with contextlib.redirect_stderr(said):
            self._serving.__enter__()
        self.said = said.getvalue()
        found = ADDRESS.search(self.said)
        if not found:
            self.stop()
            raise AssertionError(f"serve did not say where the page is: {self.said}")
        self.address = found.group(1)

    def open(self, context):  # type: ignore[no-untyped-def]
        """Open the page in this browser as she does, with the address serve printed; returns the tab."""
        tab = context.new_page()
        tab.goto(self.address)
        tab.wait_for_url(self.url + "/")  # the key is taken at once, and left out of the address
        assert tab.title() == "Review: repwatch"
        return tab

    def stop(self) -> str:
        from repwatch import text

        self._serving.__exit__(None, None, None)
        with text._secrets_lock:
            text._secrets.intersection_update(self._known)
        return self.said
