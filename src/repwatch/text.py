"""Text from the web made safe once, and secrets kept out of everything repwatch writes.

Everything a search provider, a web page or a mail server sends is written by someone who may be
hostile. Three cleaners cover the places that text ends up:

- ``clean`` for stored text and one line of a message: no broken UTF-16 halves (a lone surrogate
  makes SQLite and every encoder fail), no control, direction-override, invisible or tag
  characters, whitespace folded, size capped.
- ``for_terminal`` for what is printed: the same, but line breaks and tabs kept.
- ``redact`` for errors and logs: no ``user:password@`` in web addresses, no key in a query string,
  and no secret value the config holds.

A core module: it imports nothing from repwatch, so every layer may use it.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging

REPLACEMENT = "\ufffd"
_SURROGATE = "[\ud800-\udfff]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern compiled when first needed (most text needs none): compiling them all at import cost
    every command 2 ms of its start."""
    return re.compile(pattern)


# Characters that change how text is shown rather than what it says. Controls and format
# characters (zero-width, direction marks and overrides, U+061C, the BOM) become a space, as the
# digest always did; soft hyphens and Unicode tag characters are removed; a lone surrogate becomes
# U+FFFD. The tag characters of a subdivision flag (England, Scotland, Wales: U+1F3F4, tags,
# U+E007F) are kept whole.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
_FORMAT = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
_TAGS = "\U000e0000-\U000e007f"
_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]{1,12}\U000e007f"
_HIDDEN = f"[{_CONTROLS}\t\n{_FORMAT}{_TAGS}\ud800-\udfff]"
_HIDDEN_KEEP_LINES = f"[{_CONTROLS}{_FORMAT}{_TAGS}\ud800-\udfff]"
_DROPPED = f"[\u00ad{_TAGS}]"


def _swap(match: re.Match[str]) -> str:
    char = match.group(0)
    if _compiled(_SURROGATE).match(char):
        return REPLACEMENT
    return "" if _compiled(_DROPPED).match(char) else " "


def _strip(text: str, hidden: str) -> str:
    """``text`` without what ``hidden`` finds, keeping subdivision flags (tags inside U+1F3F4 … U+E007F)."""
    if text.isprintable():  # no control, format, surrogate or separator character at all: the usual case
        return text
    pattern = _compiled(hidden)
    if "\U0001f3f4" not in text:
        return pattern.sub(_swap, text)
    parts, last = [], 0
    for flag in _compiled(_FLAG).finditer(text):
        parts += [pattern.sub(_swap, text[last:flag.start()]), flag.group(0)]
        last = flag.end()
    parts.append(pattern.sub(_swap, text[last:]))
    return "".join(parts)


def scrub(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD: storable, printable, encodable."""
    if text.isascii():  # the common case, and it cannot hold a surrogate
        return text
    return _compiled(_SURROGATE).sub(REPLACEMENT, text)


def clean(value: Any, limit: int | None = 2000) -> str:
    """One line of web text: controls and invisible characters gone, whitespace folded, capped.

    ``limit`` cuts at that many characters, ending with "…" when something was cut.
    """
    if value is None:
        return ""
    text = " ".join(_strip(str(value), _HIDDEN).split())
    if limit is not None and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text


def for_terminal(value: Any) -> str:
    """Text fit for a terminal: no ESC (colours, screen clears, OSC window titles and clipboard
    writes), no other control or direction-override character; line breaks and tabs kept."""
    return _strip(str(value), _HIDDEN_KEEP_LINES)


def clean_fields(record: Any, names: tuple[str, ...], *, one_line: tuple[str, ...] = ()) -> None:
    """Make the named string attributes of ``record`` storable in place; ``one_line`` ones are also
    cleaned as text (the others, like web addresses, only lose lone surrogates)."""
    for name in names:
        value = getattr(record, name)
        if not isinstance(value, str) or value.isprintable():
            continue  # no control, invisible or broken character: nothing to do (the usual case)
        fixed = clean(value, None) if name in one_line else scrub(value)
        if fixed != value:
            setattr(record, name, fixed)


# --- secrets -------------------------------------------------------------------------------------
_USERINFO = r"(?i)\b([a-z][a-z0-9+.-]{0,20}://)[^\s/@?#'\"<>]*@"
_SECRET_PARAM = (
    r"(?i)([?&;](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|password|passwd|secret|"
    r"client[_-]?secret|sig|signature|app[_-]?password)=)[^&#\s'\"<>]*"
)
_secrets: set[str] = set()
_secrets_lock = threading.Lock()
MIN_SECRET = 6  # shorter values would blank out ordinary words


def register_secret(value: str | None) -> None:
    """Remember a secret value (an API key, a password) so ``redact`` removes it wherever it appears."""
    if value and len(value.strip()) >= MIN_SECRET:
        with _secrets_lock:
            _secrets.add(value.strip())


def redact(text: str) -> str:
    """``text`` with no password in a web address, no key in a query string and no known secret."""
    text = _compiled(_USERINFO).sub(r"\1", text)
    text = _compiled(_SECRET_PARAM).sub(r"\1***", text)
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class RedactingFilter:
    """A logging filter that redacts every record's message (httpx logs each request's full URL).

    Not a subclass of ``logging.Filter`` (a handler takes any object with ``filter``), so that the
    commands that log nothing never import logging."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to logging's own error report
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            import logging  # lazy: see the class's docstring

            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_logging(handler: logging.Handler) -> logging.Handler:
    """Add the redacting filter to ``handler`` (once) and return it."""
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
    return handler
