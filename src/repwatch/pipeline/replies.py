"""Answers written in a reply to the digest: what the first lines say, and whether to trust the reply.

Pure: an email message in, a verdict and a list of answers out; the mailbox, the store and the
answers themselves are elsewhere (``adapters/imap.py``, ``app/replies.py``). The words are the ones
on the digest's buttons ("not me 12 14", "mine 3", "worried 9", "resolved 7", "it's me 5"), read
forgivingly: any case, ``#`` before a number, commas, "and", a phone's signature and the quoted
digest below. Nothing is guessed: what cannot be read is said back to her.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from bs4 import BeautifulSoup

from repwatch.text import clean

MARK = "rw-digest-"  # every digest's Message-ID starts so: the mailbox is searched for replies by it
MAX_LINES = 12  # the first lines only: below them is her signature or the quoted digest
MAX_ANSWERS = 200

# the words on the buttons, and the ways a phone keyboard writes them
WORDS: dict[str, str] = {
    "not me": "dismiss", "notme": "dismiss", "not mine": "dismiss", "not about me": "dismiss",
    "mine": "mine", "its mine": "mine", "it is mine": "mine",
    "worried": "concern", "worrying": "concern", "concern": "concern", "concerned": "concern",
    "resolved": "resolve", "resolve": "resolve", "sorted": "resolve",
    "its me": "confirm", "it is me": "confirm", "thats me": "confirm", "that is me": "confirm",
}
SAID = {"dismiss": "not me", "mine": "mine", "concern": "worried", "resolve": "resolved", "confirm": "it's me"}
_PHRASES = sorted(WORDS, key=lambda w: -len(w.split()))
_FILLER = frozenset({"and", "&", "also", "plus", "please", "pls", "for", "number", "numbers", "no", "nos", "to"})
_STOP = re.compile(
    r"^\s*(>|--\s*$|__+|-{3,}\s*original message|-{5,}\s*forwarded message|begin forwarded message"
    r"|on\b.{0,200}\bwrote:?\s*$|from:\s|sent from my |get outlook for )",
    re.IGNORECASE,
)
_FORWARD = re.compile(r"^\s*(fwd?|fw|tr|wg|rv|i)\s*:", re.IGNORECASE)
_FORWARD_BODY = re.compile(r"(-{5,}\s*forwarded message\s*-{5,}|begin forwarded message:)", re.IGNORECASE)
_MSGID = re.compile(r"<[^<>\s]{1,250}>")


@dataclass
class Answers:
    """What a reply asks: (action, mention number) pairs in order, and the bits that could not be read."""

    answers: list[tuple[str, int]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def _words(line: str) -> list[str]:
    line = line.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    line = re.sub(r"[#,;:.!()\[\]/+]", " ", line)
    return line.split()


def parse_line(line: str, into: Answers) -> bool:
    """Read one line into ``into``; False when it holds no answer word (her signature, a greeting)."""
    words = _words(line)
    found = False
    action: str | None = None
    stray: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _PHRASES:
            size = len(phrase.split())
            if " ".join(words[i:i + size]) == phrase:
                action, found = WORDS[phrase], True
                i += size
                break
        else:
            word = words[i]
            if word.isdigit() and len(word) <= 9:
                if action is None:
                    stray.append(word)
                elif len(into.answers) < MAX_ANSWERS:
                    into.answers.append((action, int(word)))
            elif word not in _FILLER:
                stray.append(word)
                action = None  # numbers after a word it does not know are not guessed to be for the last answer
            i += 1
    if found and stray:
        into.unread.append(clean(" ".join(stray), 80))
    return found


def first_lines(message: EmailMessage) -> list[str]:
    """Her own lines at the top of the reply: above the quoted digest, the signature or a forward
    marker. From the plain part, else from the HTML with its quoted blocks taken out."""
    text = _plain(message)
    lines: list[str] = []
    for line in text.splitlines():
        if _STOP.match(line):
            break
        if line.strip():
            lines.append(line.strip()[:500])
        if len(lines) >= MAX_LINES:
            break
    return lines


def _plain(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    if part is not None:
        try:
            return str(part.get_content())[:20_000]
        except (LookupError, ValueError):
            return ""
    part = message.get_body(("html",))
    if part is None:
        return ""
    try:
        html = str(part.get_content())[:200_000]
    except (LookupError, ValueError):
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for quoted in soup.select("blockquote, .gmail_quote, .gmail_signature, .moz-cite-prefix, #divRplyFwdMsg, "
                              "#appendonsend, [type=cite], .yahoo_quoted, #Signature, style, script, head"):
        quoted.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup.get_text("\n")


def read_answers(message: EmailMessage) -> Answers:
    """The answers in a reply's first lines; reading stops at the first line without one after some."""
    out = Answers()
    for line in first_lines(message):
        if not parse_line(line, out) and out.answers:
            break
    return out


# --- trust ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str  # why not, in a sentence for the log; "" when ok
    digest_message_id: str | None = None


def referenced(message: EmailMessage) -> list[str]:
    """Message-IDs the reply answers: In-Reply-To first, then References (newest last)."""
    ids: list[str] = []
    for header in ("In-Reply-To", "References"):
        for value in message.get_all(header, []) or []:
            ids += _MSGID.findall(str(value))
    return list(dict.fromkeys(ids))


def sender(message: EmailMessage) -> str | None:
    """The one address in From (lower case), or None when there is not exactly one."""
    values = message.get_all("From", []) or []
    addresses = [a for _, a in getaddresses([str(v) for v in values]) if a]
    if len(values) != 1 or len(addresses) != 1:
        return None
    return addresses[0].strip().lower()


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def authenticated(message: EmailMessage, address: str) -> bool | None:
    """What the receiving server said about the sender: True (passes for this address), False, or
    None when it added no Authentication-Results. Only the topmost one counts: that is the
    receiving server's; lower ones came with the message and anyone can write them."""
    values = message.get_all("Authentication-Results", []) or []
    if not values:
        return None
    top = " ".join(str(values[0]).lower().split())
    domain = _domain(address)

    def aligned(found: str) -> bool:
        found = found.strip(" ;\"'").removeprefix("@").lower()
        found = _domain(found) if "@" in found else found
        return bool(found) and (domain == found or domain.endswith("." + found) or found.endswith("." + domain))

    if re.search(r"\bdmarc=pass\b", top) and all(aligned(d) for d in re.findall(r"header\.from=([^\s;]+)", top)):
        return True
    if re.search(r"\bdmarc=fail\b", top):
        return False
    for result, signer in re.findall(r"\bdkim=(\w+)[^;]*?header\.[di]=([^\s;]+)", top):
        if result == "pass" and aligned(signer):
            return True
    for result, mailfrom in re.findall(r"\bspf=(\w+)[^;]*?smtp\.mailfrom=([^\s;]+)", top):
        if result == "pass" and aligned(mailfrom):
            return True
    return False


def forwarded(message: EmailMessage) -> bool:
    """A forwarded digest, not a reply to it: "Fwd:" in the subject, a forward's marker, or the
    digest attached as a message."""
    if _FORWARD.match(str(message.get("Subject", ""))):
        return True
    if any(part.get_content_type() == "message/rfc822" for part in message.walk()):
        return True
    return bool(_FORWARD_BODY.search(_plain(message)[:20_000]))


def judge(message: EmailMessage, sent: dict[str, datetime], own: list[str], now: datetime,
          max_age_days: int = 30) -> Verdict:
    """Whether a reply may act: it answers a digest repwatch sent (its Message-ID, which nobody else
    can guess, in In-Reply-To or References) within ``max_age_days``, from her own address, which
    the receiving server did not say fails; and it is not a forward. ``sent``: digest Message-IDs
    → when each was sent; ``own``: her addresses."""
    digest = next((i for i in referenced(message) if i in sent), None)
    if digest is None:
        return Verdict(False, "it does not answer a digest repwatch sent")
    who = sender(message)
    if who is None or who not in {o.strip().lower() for o in own}:
        return Verdict(False, f"it comes from {clean(who or 'no single address', 120)}, not your own address",
                       digest)
    if authenticated(message, who) is False:
        return Verdict(False, f"your mail server could not confirm that it came from {who}", digest)
    if forwarded(message):
        return Verdict(False, "it is a forwarded digest, not a reply to it", digest)
    age = (now - sent[digest]).total_seconds() / 86400
    if age > max_age_days:
        return Verdict(False, f"it answers a digest from more than {max_age_days} days ago", digest)
    return Verdict(True, "", digest)


def received_at(message: EmailMessage) -> str | None:
    try:
        value = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError):
        return None
    return value.isoformat()
