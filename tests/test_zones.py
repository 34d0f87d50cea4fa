"""The computer's time zone is read without tzlocal where it is plainly said (repwatch.zones), and
is then the zone tzlocal finds."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from zoneinfo import ZoneInfoNotFoundError

import pytest

CASES = ["Europe/London", ":Asia/Tokyo", "America/New_York", "Etc/UTC", "UTC", "Nowhere/Else", "GMT0BST,M3.5.0/1",
         "/usr/share/zoneinfo/Europe/Paris", ""]


@pytest.mark.parametrize("tz", [*CASES, None])
def test_the_computers_zone_is_the_one_tzlocal_finds(tz: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    from repwatch import zones

    if tz is None:
        monkeypatch.delenv("TZ", raising=False)
    else:
        monkeypatch.setenv("TZ", tz)
    time.tzset()
    zones._zone.cache_clear()
    zones._plain_local_zone.cache_clear()
    try:
        with contextlib.suppress(ZoneInfoNotFoundError):
            tzlocal.reload_localzone()
        plain = zones.plain_local_zone()
        try:
            theirs = tzlocal.get_localzone()
        except ZoneInfoNotFoundError:  # a zone tzlocal cannot name: repwatch takes the clock's offset
            assert plain is None
            return
        assert plain is None or plain == theirs, (plain, theirs)
        assert str(zones.resolve_tz(None)) == str(theirs)
    finally:
        monkeypatch.undo()
        time.tzset()
        tzlocal.reload_localzone()


def test_a_zone_name_in_tz_is_read_without_tzlocal(tmp_path) -> None:  # noqa: ANN001
    """A config with no zone and TZ naming one: `status`, `mentions` and `show` load no tzlocal (and
    so no logging), and show times in that zone."""
    from tests.web_support import seed

    db = tmp_path / "repwatch.db"
    ids = seed(db)
    config = tmp_path / "config.toml"
    config.write_text(f'[repwatch]\ndatabase = "{db}"\n\n[[profile]]\nname = "Joanna Whitfield"\n', encoding="utf-8")
    env = {**os.environ, "REPWATCH_CONFIG": str(config), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "TZ": "Asia/Tokyo"}
    for args in (["status"], ["mentions"], ["show", str(ids["hostile"])]):
        code = ("import sys\nfrom repwatch.cli import start\n"
                f"sys.argv = ['repwatch', *{args!r}]\ntry:\n    start()\nexcept SystemExit as done:\n"
                "    assert not done.code, done.code\n"
                "print('\\n'.join(k for k in sys.modules), file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        modules = set(done.stderr.split())
        assert not {"tzlocal", "logging"} & modules, args
        if args[0] != "mentions":
            assert "Tokyo time" in done.stdout, done.stdout
