"""Evidence: keep the proof the moment a page is found (see :mod:`.capturing` for what is kept).

The package's public names, in one place: capture lives in :mod:`.capturing`, checking in
:mod:`repwatch.pipeline.evidence_check` (outside the package, so that `evidence --verify` loads no
browser or fetch), the copy made safe to draw in :mod:`.sanitise`; the guarded fetch is :mod:`repwatch.adapters.pagefetch`, the
browser :mod:`repwatch.adapters.browser`, and the hash-named files
:mod:`repwatch.adapters.store.files`.
"""

from repwatch.adapters.browser import SCREENSHOT_MAX_HEIGHT, Browser, BrowserError
from repwatch.adapters.pagefetch import (
    ALLOW_PRIVATE_ENV,
    DEADLINE_S,
    MAX_BYTES,
    MAX_REDIRECTS,
    TIMEOUT_S,
    USER_AGENT,
    Fetched,
    fetch,
)
from repwatch.adapters.store.files import Saved, extension_for, save_bytes, sha256_file
from repwatch.pipeline.evidence.capturing import (
    MAX_ATTEMPTS,
    SAFEGUARDING_NOTE,
    SUCCESS,
    CaptureOutcome,
    TimelineEntry,
    capture,
    capture_new,
    evidence_rows,
    find_chromium,
    pending_captures,
    timeline,
    withhold,
)
from repwatch.pipeline.evidence.sanitise import render_copy
from repwatch.pipeline.evidence_check import Problem, resolve, verify

__all__ = [
    "ALLOW_PRIVATE_ENV", "DEADLINE_S", "MAX_ATTEMPTS", "MAX_BYTES", "MAX_REDIRECTS", "SAFEGUARDING_NOTE",
    "SCREENSHOT_MAX_HEIGHT", "SUCCESS", "TIMEOUT_S", "USER_AGENT", "Browser", "BrowserError",
    "CaptureOutcome", "Fetched", "Problem", "Saved", "TimelineEntry", "capture", "capture_new",
    "evidence_rows", "extension_for", "fetch", "find_chromium", "pending_captures", "render_copy",
    "resolve", "save_bytes", "sha256_file", "timeline", "verify", "withhold",
]
