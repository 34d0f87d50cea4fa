"""`repwatch serve` as a process: the page and the daemon's scheduler together, its lock and signals."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time

import httpx

from tests.conftest import cli, free_port
from tests.test_backbone import providers, write_config  # noqa: F401  (fixture)
from tests.web_support import open_page


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not listen")


def test_serve_runs_the_schedule_and_stops_on_sigterm(home, providers, smtp):  # noqa: F811
    port = free_port()
    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port,
                          extra=f'\n[serve]\nport = {port}\npublic_url = "http://127.0.0.1:{port}"\n')
    process = subprocess.Popen([sys.executable, "-m", "repwatch", "--config", str(config), "serve", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        deadline = time.monotonic() + 60
        while not smtp.messages and time.monotonic() < deadline:  # it never ran: it runs at once
            time.sleep(0.2)
        assert smtp.messages, "the scheduler did not run the overdue profile"
        address = cli("--config", str(config), "serve", "--address").stdout.strip()  # as she finds it again
        assert address.startswith(f"http://127.0.0.1:{port}/?key=")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as browser:
            assert 'content="0; url=/"' in browser.get(address).text  # the key is taken, then left out
            listing = browser.get("/")
            assert "Needs your attention" in listing.text or ">New <" in listing.text
            status = browser.get("/status").text
            assert "Running" in status and "Nothing is running the schedule" not in status
            form = browser.get("/profile").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            saved = browser.post("/profile", data={"csrf": csrf, "index": "0", "nicknames": "Jo"})
            assert "Saved. The next search uses them." in saved.text
        assert 'nicknames = ["Jo"]' in config.read_text()

        # (in this test's process: the scheduler's lock is held by the real `serve` above)
        second = cli("--config", str(config), "serve", "--no-browser", "--port", str(free_port()))
        assert second.returncode == 4, second.stderr  # one scheduler per database
        alone = cli("--config", str(config), "serve", "--no-browser")
        assert alone.returncode == 2 and "already in use" in alone.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"Open the review page at {address}\n" in err
    assert "Traceback" not in err
    assert f"Config reloaded from {config}" in err  # the page's save reached the scheduler


def test_status_checks_are_doctors(home, providers, smtp):  # noqa: F811
    import warnings

    from repwatch.config import load
    from repwatch.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    config = write_config(home / "config.toml", providers.url_for("").rstrip("/"), smtp.port)
    loaded = load(config)
    client = open_page(TestClient(create_app(loaded, loaded.database_path()), base_url="http://127.0.0.1:8377"), loaded.database_path())
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/status").text).group(1)
    assert client.get("/status/checks").status_code == 405  # it spends quotas: a GET cannot start it
    checks = client.post("/status/checks", data={"csrf": csrf})
    assert checks.status_code == 200
    assert "config" in checks.text and "loads and is valid" in checks.text
    assert "Search service: SearXNG" in checks.text  # named in words, not doctor's code
    assert "What to do:" in checks.text or "Everything needed is working." in checks.text


def _serve_then_signal(config, port: int, sig: int, *extra: str) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, "-m", "repwatch", "--config", str(config), "serve", "--no-browser",
                                "--port", str(port), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        assert httpx.get(f"http://127.0.0.1:{port}/static/app.css").status_code == 200
    finally:
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
    return process.returncode, err


def test_serve_without_the_scheduler_stops_cleanly_on_sigterm_and_sigint(home):
    """A service manager stops the page with SIGTERM; a person with Ctrl+C: both exit 0, no traceback."""
    config = write_config(home / "config.toml", "http://127.0.0.1:9", None)
    for sig in (signal.SIGTERM, signal.SIGINT):
        code, err = _serve_then_signal(config, free_port(), sig, "--no-scheduler")
        assert code == 0, (sig, err)
        assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_serve_with_no_profile_stops_cleanly_on_sigterm(home):
    config = home / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{home / "repwatch.db"}"\n')
    code, err = _serve_then_signal(config, free_port(), signal.SIGTERM)
    assert code == 0, err
    assert "No one to search for yet, so no searches are scheduled: run `repwatch init`." in err
