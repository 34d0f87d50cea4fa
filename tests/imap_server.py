"""A real IMAP server on loopback for the tests: Debian's Dovecot, started from a config in a temporary
folder, with TLS on a trustme certificate (``ca`` is the authority to trust, e.g. via SSL_CERT_FILE).

Run as root (CI), Dovecot's login processes run as its own unprivileged users (dovenull, dovecot);
run as anyone else, everything runs as that user. Messages are put in the mailbox over IMAP (APPEND).

One server serves a whole test process (starting and stopping Dovecot takes seconds); each test has
a mailbox of its own (:meth:`Dovecot.mailbox`: another user, an empty Maildir), so no test sees
another's messages. Any user name logs in with ``PASSWORD``; a wrong password is refused.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import trustme

from tests.conftest import free_port

DOVECOT = "/usr/sbin/dovecot"
USER = "rhian@example.org"
PASSWORD = "app-pass-8d1f"


class Dovecot:
    def __init__(self) -> None:
        # its own folder in the system's temporary folder, readable by Dovecot's users (pytest's own
        # is private to the user running the tests, and Dovecot's mail processes run as another)
        self.folder = Path(tempfile.mkdtemp(prefix="repwatch-dovecot-"))
        self.folder.chmod(0o755)
        self.port = free_port()
        self.host = "127.0.0.1"
        self.ca_file = self.folder / "ca.pem"
        self._mailboxes = 0

    def start(self) -> Dovecot:
        if not Path(DOVECOT).exists():
            if os.environ.get("CI") == "true":
                pytest.fail("Dovecot is not installed, and CI=true: .ci/run installs dovecot-imapd")
            pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd); the reply tests need it")
        f = self.folder
        for sub in ("run", "state", "home"):
            (f / sub).mkdir(parents=True, exist_ok=True)
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        ca.cert_pem.write_to_path(str(self.ca_file))
        cert.cert_chain_pems[0].write_to_path(str(f / "cert.pem"))
        cert.private_key_pem.write_to_path(str(f / "key.pem"))
        if os.getuid() == 0:
            mail = pwd.getpwnam("dovecot")
            login, internal, group = "dovenull", "dovecot", "dovecot"
            uid, gid = mail.pw_uid, mail.pw_gid
            shutil.chown(f / "home", uid, gid)
            for path in (f, f / "run", f / "state"):
                path.chmod(0o755)
        else:
            me = pwd.getpwuid(os.getuid())
            login = internal = me.pw_name
            group = subprocess.run(["id", "-gn"], capture_output=True, text=True).stdout.strip()
            uid, gid = os.getuid(), os.getgid()
        (f / "dovecot.conf").write_text(f"""
base_dir = {f}/run
state_dir = {f}/state
instance_name = repwatch-test-{self.port}
log_path = {f}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{f}/cert.pem
ssl_key = <{f}/key.pem
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = 0
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={f}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
""")
        # the master goes into the background at once; its output goes to the log file, not to pipes
        with open(f / "start.log", "wb") as out:
            subprocess.run([DOVECOT, "-c", str(f / "dovecot.conf")], check=True, stdin=subprocess.DEVNULL,
                           stdout=out, stderr=out, timeout=60)
        for _ in range(200):
            try:
                with self.client():
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Dovecot did not start: " + (f / "dovecot.log").read_text(errors="replace")[-2000:])

    def client(self, user: str = USER):  # type: ignore[no-untyped-def]
        from imap_tools import MailBox

        context = ssl.create_default_context(cafile=str(self.ca_file))
        return MailBox(self.host, self.port, ssl_context=context).login(user, PASSWORD)

    def mailbox(self) -> Mailbox:
        """A mailbox no test has used yet on this server."""
        self._mailboxes += 1
        return Mailbox(self, f"rhian{self._mailboxes}@example.org")

    def stop(self) -> None:
        """Stop Dovecot and remove its folder. Its master takes 2 to 3 s to exit after SIGTERM, at the
        end of every test process that used it: a shell of its own waits for it and then removes the
        folder, so the test process does not wait."""
        pid_file = self.folder / "run" / "master.pid"
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        waits = f'for _ in $(seq 200); do kill -0 {pid} 2>/dev/null || break; sleep 0.05; done; rm -rf "{self.folder}"'
        subprocess.run(["sh", "-c", f"({waits}) &"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, start_new_session=True, check=False)


class Mailbox:
    """One test's mailbox on the shared server: its own user (and so its own Maildir and log lines)."""

    def __init__(self, server: Dovecot, user: str) -> None:
        self.server = server
        self.user = user
        self.host, self.port, self.folder, self.ca_file = server.host, server.port, server.folder, server.ca_file
        self.maildir = server.folder / "home" / user / "Maildir"
        self.log = server.folder / "dovecot.log"

    def client(self):  # type: ignore[no-untyped-def]
        return self.server.client(self.user)

    def append(self, *messages: bytes) -> None:
        with self.client() as box:
            for raw in messages:
                box.append(raw, "INBOX")
