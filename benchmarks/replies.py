"""Reading replies from a big mailbox: the time should not grow with the mailbox, since the server
searches the headers and only replies to digests are fetched.

Starts Dovecot on loopback (as the tests do), fills its mailbox with N ordinary messages plus one
reply to a digest, and times one reading of the mailbox (`read_replies`) at 100 messages and at N.
Prints both times and their ratio (near 1 means bounded; N/100 would mean a full download):
`python benchmarks/replies.py [--messages 10000]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.imap_server import PASSWORD, USER, Dovecot  # noqa: E402
from tests.test_replies import _maildir_flood, her_reply  # noqa: E402

from repwatch.adapters.store import Store  # noqa: E402
from repwatch.app.replies import read_replies  # noqa: E402
from repwatch.config import parse  # noqa: E402


def once(count: int) -> float:
    server = Dovecot()
    try:
        server.start()
        os.environ["SSL_CERT_FILE"] = str(server.ca_file)
        folder = Path(tempfile.mkdtemp(prefix="repwatch-bench-"))
        store = Store(folder / "repwatch.db")
        digest_id = store.open_digest("Jo", None, [], all_clear=True)
        message_id = "<rw-digest-benchmarkbenchmarkbench@example.org>"
        store.digest_delivered(digest_id, status="sent", subject="s", message_id=message_id)
        server.append(b"From: x@example.com\r\nSubject: warm up\r\nMessage-ID: <w@x>\r\n\r\nhi\r\n")
        _maildir_flood(server, count)
        server.append(her_reply(message_id, "not me 1"))
        config = parse({"profile": [{"name": "Jo"}], "email": {
            "to": ["jo@example.org"], "from": "jo@example.org", "smtp_host": "127.0.0.1", "smtp_port": 9,
            "security": "none", "timeout_s": 2,
            "replies": {"enabled": True, "imap_host": "127.0.0.1", "imap_port": server.port, "username": USER,
                        "password": PASSWORD}}}, folder / "config.toml")
        started = time.perf_counter()
        reading = read_replies(config, store)
        elapsed = time.perf_counter() - started
        assert reading.applied or reading.refused, reading
        store.close()
        return elapsed
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    small, big = once(100), once(args.messages)
    print(f"one reading of the mailbox: {small:.2f} s with 100 messages, {big:.2f} s with {args.messages:,}; "
          f"ratio {big / small:.1f} (a full download would be about {args.messages / 100:.0f})")


if __name__ == "__main__":
    main()
