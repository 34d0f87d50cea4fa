"""Real parts on loopback: an SMTP server (aiosmtpd), search providers (pytest-httpserver), SQLite files."""

from __future__ import annotations

import atexit
import email
import email.policy
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# The tests' files (tmp_path, their SQLite databases, Maildirs, Dovecot's folder, Chromium's profiles,
# and those of every process they start) are written in memory where Linux offers it: on a disk,
# each SQLite commit waits for its fsync and each small file costs the kernel's journal, and the
# suite's processes waited on them in turn (10,000 small files: 11-22 s on this machine's ext4
# /tmp, 1 s in /dev/shm; 300 commits 3-5 s against 0.05). A TMPDIR set by the caller is kept.
MEMORY = Path("/dev/shm")


def _roomy(folder: Path) -> bool:
    """A memory folder with room for the suite's files (a container's /dev/shm may hold 64 MB)."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize >= 2 * 1024**3


if "TMPDIR" not in os.environ and MEMORY.is_dir() and os.access(MEMORY, os.W_OK | os.X_OK) and _roomy(MEMORY):
    os.environ["TMPDIR"] = str(MEMORY)
    tempfile.tempdir = None  # read again from TMPDIR, by pytest's tmp_path too
# No test reaches the internet: the accounts watch's built-in table names real sites, so every test
# (and every `repwatch` it starts) uses an empty table unless it points this at loopback fakes.
os.environ["REPWATCH_ACCOUNTS_TABLE"] = str(FIXTURES / "accounts" / "empty.json")
os.environ["REPWATCH_EXPOSURE_TABLE"] = str(FIXTURES / "exposure" / "empty.toml")  # the same, for people-search sites
# Nor does any test touch the real user's config or data: a test that names no database of its own
# (and does not ask for `home`, a folder of its own) finds these, one set per test process.
SESSION_HOME = Path(tempfile.mkdtemp(prefix="repwatch-tests-home-"))
for _var, _sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
    (SESSION_HOME / _sub).mkdir()
    os.environ[_var] = str(SESSION_HOME / _sub)
os.environ.pop("REPWATCH_CONFIG", None)
atexit.register(shutil.rmtree, SESSION_HOME, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Compile repwatch's bytecode once, as `pip install` does: with an editable install and
    PYTHONDONTWRITEBYTECODE set, each of the suite's `repwatch` processes would compile it again; and
    the tests' own, once, in the main process before the test processes start (see below)."""
    import compileall

    import repwatch

    # pytest keeps its assertion-rewritten test modules and plugins in __pycache__ unless bytecode
    # writing is off; with PYTHONDONTWRITEBYTECODE set, every xdist worker (started after this, with
    # this environment) would rewrite and compile all of them again, at every run
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    config.pluginmanager.register(_GroupsNamed(), "repwatch-groups-named")
    if hasattr(config, "workerinput"):  # an xdist test process: leaves at once when its tests are done
        config.add_cleanup(_leave_now)
        return  # the main process compiled everything below before starting it
    compileall.compile_dir(str(Path(repwatch.__file__).parent), quiet=1)
    compileall.compile_dir(str(Path(__file__).parent), quiet=1, rx=_REWRITTEN)
    _rewrite_once(config)


_REWRITTEN = re.compile(r"(^|/)(test_[^/]*|conftest)\.py$")  # what pytest rewrites: its python_files, conftest.py


def _rewrite_once(config: pytest.Config) -> None:
    """Write the assertion-rewritten bytecode of every test module and conftest.py here, once, before
    the test processes start. Where it was missing or stale (a fresh clone, a merge, an edited test),
    each of the 6 processes rewrote and compiled every module itself, all at once: 12 CPU s more for
    the run's start (2 CPU s here). Uses pytest's own rewriting (a private API, so any change in it
    only costs the time again, never a test)."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
        )
        from _pytest.pathlib import fnmatch_ex

        state = config.stash[assertstate_key]
        patterns = [*config.getini("python_files"), "conftest.py"]
    except (ImportError, KeyError, ValueError, AttributeError):  # pytest changed, or --assert=plain
        return
    import importlib.util

    for source in Path(__file__).parent.rglob("*.py"):
        if not any(fnmatch_ex(pattern, source) for pattern in patterns):
            continue
        pyc = get_cache_dir(source) / (source.name[:-3] + PYC_TAIL)
        try:
            with pyc.open("rb") as cached:
                header = cached.read(16)
        except OSError:
            header = b""
        if header == importlib.util.MAGIC_NUMBER + b"\x03\0\0\0" + importlib.util.source_hash(source.read_bytes())[:8]:
            continue
        try:
            pyc.parent.mkdir(exist_ok=True)
            source_hash, code = _rewrite_test(source, config)
        except (OSError, SyntaxError):  # left for the test process to report as it collects
            continue
        _write_pyc(state, code, source_hash, pyc)


class _GroupsNamed:
    """``--dist loadgroup`` sends a group's tests to one process by the ``@group`` that xdist adds to
    their ids; with pytest 9.2 its renaming no longer takes (pytest-xdist issue 1386: it sets the
    old ``_nodeid``), so every group was spread over all the processes, each starting its own Chromium
    and judging the batches again. Here the ids are named after xdist's hook, where they were not."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        if not getattr(config.option, "loadgroup", False):  # set by xdist in its test processes
            return
        from _pytest.nodeid import coerce_node_id

        for item in items:
            names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                            for m in item.iter_markers("xdist_group")})
            if names and not item.nodeid.endswith("@" + "_".join(names)) and hasattr(item, "_id"):
                item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


DURATIONS = "repwatch/durations"  # pytest's cache key: each test's time in the last run that ran it
# the slower tests' times in one whole run, for a checkout whose cache has none yet (a fresh clone, CI);
# refresh it from .pytest_cache/v/repwatch/durations after adding or splitting slow tests
SEED = Path(__file__).with_name("durations.json")
GROUP = "@chromium-"  # xdist's loadgroup adds "@" and the group's name to the ids of a group's tests


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hand out the slowest tests first, and a module's browser tests together.

    A module's browser tests share one Chromium (a module-scoped fixture), so they form one group
    that a single xdist worker runs in a row (``--dist loadgroup``). Groups and the other tests go
    out slowest first, by their times in the last run (pytest's cache, .pytest_cache/; before a
    first run, tests/durations.json), so that they start at once on different workers instead of
    trailing at the end (the browser, server and process tests sort last by name). A test never
    timed keeps its place after them. Every worker reads the same cache, so all collect the same
    order.
    """
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            group = GROUP[1:] + item.path.stem
            item.add_marker(pytest.mark.xdist_group(group))
            units.setdefault(group, []).append(item)
        elif marked := item.get_closest_marker("xdist_group"):  # a group of the test's own (measure-triage)
            units.setdefault(str(marked.args[0] if marked.args else marked.kwargs.get("name")), []).append(item)
        else:
            units[item.nodeid] = [item]
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    last: dict[str, float] = json.loads(SEED.read_text(encoding="utf-8")) if SEED.exists() else {}
    last.update(cache.get(DURATIONS, {}) if cache is not None else {})
    if last:
        ordered = sorted(units.values(), key=lambda unit: -sum(last.get(i.nodeid, 0.0) for i in unit))
        items[:] = [item for unit in ordered for item in unit]  # sorted() is stable: ties keep their order


_timed: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each test's setup, call and teardown, added up (in the main process, from every worker)."""
    nodeid = report.nodeid
    if nodeid.rfind("@") > nodeid.rfind("]"):  # a group's test: its id without xdist's "@group"
        nodeid = nodeid.rpartition("@")[0]
    _timed[nodeid] = _timed.get(nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if getattr(config, "cache", None) is None or hasattr(config, "workerinput") or not _timed:
        return  # a worker: the main process keeps the times
    last = config.cache.get(DURATIONS, {})
    last.update({nodeid: round(seconds, 2) for nodeid, seconds in _timed.items()})
    config.cache.set(DURATIONS, last)


def free_port() -> int:
    """A loopback port nothing listens on, for a server that binds it a moment later (and again on restart).

    Chosen at random below the kernel's ephemeral range (32768 and up on Linux), so neither a
    ``port=0`` server of another test, another xdist worker or another suite run at the same time,
    nor an outgoing connection, is handed the same port in between.
    """
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randrange(20_000, 32_000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port between 20000 and 32000")


class SMTPServer:
    """A real SMTP server on loopback that keeps every message it accepts; can be stopped and restarted."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):  # type: ignore[no-untyped-def]
                server.messages.append(
                    email.message_from_bytes(envelope.original_content, policy=email.policy.default)
                )
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture(autouse=True)
def _fresh_pacer():  # type: ignore[no-untyped-def]
    """Each test starts with no provider's turn reserved. The pacer is shared by every sweep of a
    process, keyed by provider and address, so a test that paces 127.0.0.1:9 at one call per 1,000 s
    left the next test in the same worker waiting 1,000 s for its first turn (a 120 s timeout)."""
    yield
    sweep = sys.modules.get("repwatch.pipeline.sweep")
    if sweep is not None:
        sweep.PACER.clear()


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A private HOME and XDG dirs, so nothing touches the real user's config or data."""
    for var, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        path = tmp_path / sub
        path.mkdir(exist_ok=True)
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("REPWATCH_CONFIG", raising=False)
    return tmp_path


def email_section(smtp_port: int, *, timeout_s: int = 5) -> str:
    """The [email] section of the tests' configs: the aiosmtpd server on loopback, no TLS."""
    return f"""
[email]
to = ["jo@example.org"]
from = "repwatch <alerts@example.org>"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
security = "none"
timeout_s = {timeout_s}
"""


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`repwatch ARGS` as a user runs it: a separate process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env["COLUMNS"] = (env or {}).get("COLUMNS", "120")  # xdist's workers set 80: output would wrap there only
    return subprocess.run(
        [sys.executable, "-m", "repwatch", *args],
        capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout,
    )


def cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`repwatch ARGS` in this process, through click's CliRunner (as sqlite-utils tests its CLI): the
    same exit code, stdout and stderr as ``run_cli``, without a Python start-up each time. For a
    command's logic; ``run_cli`` stays for what needs a real process (signals, locks, timers,
    a terminal). With ``--verbose`` the command's logging goes to its stderr as in a process of its
    own: the root logger starts with no handlers, as a new process's does (pytest's own are put
    back afterwards), so ``--verbose``'s ``logging.basicConfig`` takes effect."""
    import gc
    import logging

    from click.testing import CliRunner

    from repwatch import text
    from repwatch.cli import main

    merged = {"COLUMNS": "120", **(env or {})}
    known = set(text._secrets)  # what a command registers to redact, as a process's would, dies with it
    chosen = _forget_keyring()  # a process chooses its keyring from the environment it starts with
    root, servers = logging.getLogger(), logging.getLogger("werkzeug")  # the tests' loopback servers
    handlers, level, kept = list(root.handlers), root.level, (list(servers.handlers), servers.propagate)
    if "-v" in args or "--verbose" in args:
        root.handlers = []
        # they log their requests in this process, not in the command's: a handler of their own that
        # drops them (werkzeug adds one on stderr, and keeps it, when it finds none)
        servers.handlers, servers.propagate = [logging.NullHandler()], False
    try:
        result = CliRunner().invoke(main, list(args), env=merged, input=input, catch_exceptions=False,
                                    prog_name="repwatch")
    finally:
        for added in [h for h in root.handlers if h not in handlers]:  # --verbose's, on the runner's stderr
            added.close()
        root.handlers, root.level = handlers, level
        servers.handlers, servers.propagate = kept
        _forget_keyring(chosen)
        gc.unfreeze()  # the CLI freezes the collector before a real exit; a test process lives on
        with text._secrets_lock:
            text._secrets.intersection_update(known)
    return subprocess.CompletedProcess(["repwatch", *args], result.exit_code, result.stdout, result.stderr)


def _forget_keyring(restore: object = None) -> object:
    """keyring keeps the backend it chose first: forget it, so that a command chooses again
    (PYTHON_KEYRING_BACKEND, keyringrc.cfg under this test's XDG folders) as a new process would;
    afterwards, ``restore`` the test's own. Returns the one forgotten."""
    core = sys.modules.get("keyring.core")
    if core is None:
        return None
    chosen = core._keyring_backend  # type: ignore[attr-defined]
    core._keyring_backend = restore  # type: ignore[attr-defined]
    return chosen


def terminal(command: str, args: list[str], **kwargs: object):  # type: ignore[no-untyped-def]
    """``pexpect.spawn``: the command in a real pseudo-terminal, without pexpect's fixed pauses. It
    sleeps 50 ms before each answer typed (for programs that turn echo off only after their prompt;
    repwatch's hidden prompts turn it off first) and 100 ms after closing, for the kernel to reap
    the child: a test reaps it with ``child.wait()`` after its EOF instead."""
    import pexpect

    child = pexpect.spawn(command, args, **kwargs)
    child.delaybeforesend = None
    child.ptyproc.delayafterclose = 0.0
    return child


def serve_searxng(httpserver, results: list[tuple[str, str, str]]):  # type: ignore[no-untyped-def]
    """SearXNG on loopback answering every search with ``results`` (url, title, content): one page."""
    import json

    from werkzeug import Request, Response

    answer = json.dumps({"query": "", "results": [{"url": u, "title": t, "content": c} for u, t, c in results]})

    def handler(request: Request) -> Response:
        if request.args.get("pageno", "1") != "1":
            return Response(json.dumps({"query": "", "results": []}), content_type="application/json")
        return Response(answer, content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(handler)
    return httpserver


@pytest.fixture
def searxng(httpserver):
    """SearXNG on loopback answering with the backbone fixture (one page of results).

    Runs are held on events, not timed: ``httpserver.asked`` is set as soon as a search arrives (a
    run is under way), and while ``httpserver.answer`` is clear every search waits for it, so a
    test can keep a run going for exactly as long as it needs (``answer.set()`` lets it finish).
    """
    import json
    import threading

    from werkzeug import Request, Response

    answer = (FIXTURES / "backbone" / "searxng.json").read_text()
    httpserver.asked = threading.Event()
    httpserver.answer = threading.Event()
    httpserver.answer.set()

    def handler(request: Request) -> Response:
        httpserver.asked.set()
        httpserver.answer.wait(90)  # bounded: a test that forgot to let go still ends
        if request.args.get("pageno", "1") != "1":
            return Response(json.dumps({"query": "", "results": []}), content_type="application/json")
        return Response(answer, content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(handler)
    yield httpserver
    httpserver.answer.set()


@pytest.fixture(scope="session")
def dovecot():
    """One real IMAP server (Dovecot) on loopback with TLS for this test process; see ``imap``."""
    from tests.imap_server import Dovecot

    server = Dovecot()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap(dovecot, monkeypatch):
    """A mailbox of this test's own on a real IMAP server (Dovecot) on loopback with TLS; its
    certificate authority is trusted through SSL_CERT_FILE, as a school network's own certificate
    would be."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.ca_file))
    return dovecot.mailbox()




def _leave_now() -> None:
    """The end of an xdist test process, once pytest is done with it (its results are with the main
    process): the exit handlers run (the session's home folder removed), and the process exits
    without Python's own teardown. That teardown freed every object of the run, 0.3-1.3 CPU s per
    process, and the main process waited for it (then killed a process still at it after 10 s) before
    the run could end. Registered first as the process's last clean-up, so it runs after the others."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
