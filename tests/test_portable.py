"""Every repwatch module imports on a system without POSIX-only modules (Windows has no fcntl)."""

from __future__ import annotations

import subprocess
import sys

from repwatch.adapters import browser
from repwatch.app import doctor
from repwatch.pipeline import evidence as ev

PROBE = r"""
import importlib, pkgutil, sys
sys.modules["fcntl"] = None  # any `import fcntl` now raises ImportError, as on Windows
import repwatch
failed = []
for info in pkgutil.walk_packages(repwatch.__path__, "repwatch."):
    if info.name == "repwatch.__main__":  # runs the CLI when imported
        continue
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {exc.__class__.__name__}: {exc}")
print("\n".join(failed) or "all imported")
"""


def test_every_module_imports_without_fcntl():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "all imported"


def test_where_the_pipe_client_cannot_run_doctor_and_capture_say_the_same(monkeypatch):
    monkeypatch.setattr(browser, "PIPE_CLIENT", False)
    path, note = ev.find_chromium(None)
    check = doctor.check_chromium(None)
    assert path is None and "not available on this system" in note
    assert check.status == doctor.WARN and "not available on this system" in check.detail


def test_doctor_and_capture_find_the_same_chromium_outside_path(tmp_path, monkeypatch):
    """A Chrome installed where PATH does not reach (as on a Mac): both find it, or neither."""
    app = tmp_path / "Google Chrome.app" / "Contents" / "MacOS"
    app.mkdir(parents=True)
    (app / "Google Chrome").symlink_to("/usr/bin/chromium")
    monkeypatch.setattr(browser, "INSTALL_PATHS", (str(app / "Google Chrome"),))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path, _ = ev.find_chromium(None)
    assert path == str(app / "Google Chrome")
    assert doctor.check_chromium(None).status == doctor.OK
