"""Every error a user can see, with the exit code the contract gives it.

    RepwatchError                 exit 1
    ├── ConfigError               exit 2  bad config file, key or value
    ├── UsageError                exit 2  bad command-line use
    ├── NothingDone               exit 3  no provider answered at all
    ├── LockHeld                  exit 4  another run holds the lock
    ├── StoreError                exit 1  the database could not be read or written
    ├── DeliveryError             exit 1  the digest could not be delivered
    │   ├── LoginRefused          the mail server refused the username or password
    │   └── DeliveryUnconfirmed   the server took the message but never confirmed it
    ├── MailboxError              exit 1  the mailbox (IMAP) could not be read for replies
    └── ProviderError             exit 1  one provider call failed (recorded; the run goes on)
        ├── AuthError             the key or login was rejected
        ├── QuotaExceeded         the provider's quota is used up
        ├── RateLimited           too many requests; retry after ``retry_after`` seconds
        ├── TransientError        5xx, time-outs, connection resets: worth a retry
        │   └── NetworkUnreachable    no connection could be made at all
        │       └── CertificateError  the TLS certificate was not trusted (an inspecting network)
        ├── BlockedError          a captcha, an anomaly page, HTML where JSON was due
        ├── NotFoundError         HTTP 404 from the service's own address: the address is wrong
        └── MalformedResponse     an answer that could not be read

Messages are one plain sentence naming the thing at fault; they never carry secrets (``text.redact``
removes passwords in addresses, keys in query strings and every secret the config holds).
"""

from __future__ import annotations

from repwatch.text import redact, scrub


class RepwatchError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        # Messages quote addresses, servers' own words and config values: every one goes to the
        # terminal, the log, the database and the digest, so secrets and broken text stop here.
        message = redact(scrub(message))
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(RepwatchError):
    exit_code = 2


class UsageError(RepwatchError):
    exit_code = 2


class NothingDone(RepwatchError):
    exit_code = 3


class LockHeld(RepwatchError):
    exit_code = 4


class StoreError(RepwatchError):
    exit_code = 1

    @classmethod
    def from_sqlite(cls, exc: BaseException, path: object = None) -> StoreError:
        """SQLite's own words (a full disk, a read-only file, a missing table) as one plain sentence.

        Every write is one transaction, so a failed one leaves what was stored before it intact.
        """
        what = f"The database {path}" if path else "The database"
        said = str(exc).strip() or exc.__class__.__name__
        low = said.lower()
        if "disk is full" in low or "disk i/o error" in low or "no space" in low:
            return cls(f"{what} could not be written: the disk is full or failing ({said}). Free some space, "
                       "then run repwatch again; nothing already stored was lost.")
        if "readonly" in low or "read-only" in low:
            return cls(f"{what} is read-only, so repwatch cannot record anything in it. Make the file and its "
                       "folder writable for your user, then run repwatch again; nothing stored was lost.")
        if "no such table" in low or "no such column" in low or "malformed" in low or "not a database" in low:
            return cls(f"{what} is damaged ({said}). Keep a copy of it, then run `repwatch doctor`, which says "
                       "how to recover it or start afresh.")
        if "locked" in low or "busy" in low:
            return cls(f"{what} is busy: another program kept it locked for too long ({said}). Close that "
                       "program, then run repwatch again.")
        return cls(f"{what} could not be read or written ({said}).")


class DeliveryError(RepwatchError):
    exit_code = 1


class LoginRefused(DeliveryError):
    pass


class MailboxError(RepwatchError):
    """The mailbox could not be read for replies to the digest; ``login`` when the login was refused."""

    exit_code = 1

    def __init__(self, message: str, *, login: bool = False) -> None:
        super().__init__(message)
        self.login = login


class DeliveryUnconfirmed(DeliveryError):
    """The server took the whole message, then dropped or hung before saying it accepted it: the
    email may have arrived. Its mentions wait for the next digest, which says why they may repeat."""


class ProviderError(RepwatchError):
    """A failed call to one provider; ``code`` is a stable short name for the store and JSON."""

    code = "error"

    def __init__(self, message: str, *, provider: str, url: str | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.url = url


class AuthError(ProviderError):
    code = "auth"


class QuotaExceeded(ProviderError):
    code = "quota"


class RateLimited(ProviderError):
    code = "rate_limited"

    def __init__(
        self, message: str, *, provider: str, url: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, provider=provider, url=url)
        self.retry_after = retry_after


class TransientError(ProviderError):
    code = "transient"


class NetworkUnreachable(TransientError):
    code = "network"


class CertificateError(NetworkUnreachable):
    """The provider's TLS certificate was not trusted: often a network that inspects HTTPS."""

    code = "certificate"


class BlockedError(ProviderError):
    code = "blocked"


class NotFoundError(ProviderError):
    """HTTP 404 from a service's own address: most often a mistyped address (a path too many)."""

    code = "not_found"


class MalformedResponse(ProviderError):
    code = "malformed"
