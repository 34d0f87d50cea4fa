"""Checking kept evidence: every stored file re-hashed, and each capture held against its own
record, its timeline event and its seal (`repwatch evidence --verify`, the review page, the report).

Apart from :mod:`repwatch.pipeline.evidence` (whose package loads the browser, the page fetch and
the HTML sanitiser to make captures) so that checking loads only the store, the hashes and the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from repwatch.errors import RepwatchError

if TYPE_CHECKING:
    from pathlib import Path

    from repwatch.adapters.store import Store


@dataclass
class Problem:
    """An evidence file that no longer matches the hash recorded when it was captured."""

    evidence_id: int
    mention_id: int
    kind: str
    path: str
    problem: str  # changed | missing | disagrees (with the capture's record) | deleted (its row) | unsealed
    expected: str | None
    actual: str | None = None
    captured_at: str | None = None

    def sentence(self) -> str:
        if self.problem == "unsealed":
            return (
                f"The evidence of mention #{self.mention_id} captured at {self.captured_at} was changed after "
                "the capture: its files and records no longer match the seal repwatch made with its key then."
            )
        if self.problem == "deleted":
            return (
                f"The {self.kind} of mention #{self.mention_id} captured at {self.captured_at} is no longer "
                "in the database: its record was deleted after the capture."
            )
        if self.problem == "disagrees":
            return (
                f"Evidence file {self.path} ({self.kind} of mention #{self.mention_id}) is not the one captured "
                f"at {self.captured_at}: the capture's record says SHA-256 {self.expected}, the database now "
                f"{self.actual}."
            )
        if self.problem == "missing":
            return f"Evidence file {self.path} ({self.kind} of mention #{self.mention_id}) is missing."
        return (
            f"Evidence file {self.path} ({self.kind} of mention #{self.mention_id}) has changed since it was "
            f"captured: its SHA-256 was {self.expected}, now {self.actual}."
        )


SEALED_KINDS = ("page", "screenshot", "result")


def seal_parts(mention_id: int, captured_at: str, hashes: dict[str, str | None]) -> list[str]:
    return [str(mention_id), captured_at, *(f"{kind}:{hashes.get(kind) or ''}" for kind in SEALED_KINDS)]


# --- checking ------------------------------------------------------------------------------------
def verify(store: Store) -> list[Problem]:
    """Re-hash every stored evidence file, and cross-check each capture against what was written
    at the time, so a file rewritten together with its database row, or a row deleted, is named too.

    Each capture keeps three accounts of itself: the rows, the JSON record (which holds the page's
    and the screenshot's SHA-256) and the ``captured`` event on the timeline (which lists what was
    kept and starts the page's SHA-256). Each must agree with the others.
    """
    problems: list[Problem] = []
    groups: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}
    rows = store.evidence_files()
    if rows:
        from repwatch.adapters.store.files import check  # lazy: hashlib (OpenSSL) only with a file to hash
    for row in rows:
        groups.setdefault((row["mention_id"], row["captured_at"]), {})[row["kind"]] = row
        state, actual = check(store.path, row["path"], row["sha256"])
        if state in ("missing", "changed"):
            problems.append(Problem(row["id"], row["mention_id"], row["kind"], str(resolve(store, row["path"])),
                                    state, row["sha256"], actual, row["captured_at"]))
    key = _key_or_none(store) if groups else None  # the key file is read only with a capture to check
    for (mention_id, captured_at), kinds in groups.items():
        problems.extend(_against_record(store, mention_id, captured_at, kinds))
        problems.extend(_against_seal(key, mention_id, captured_at, kinds))
    for event in store.captured_events():
        problems.extend(_against_event(event, groups.get((event["mention_id"], event["at"]), {})))
    unique: dict[tuple[Any, ...], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.mention_id, problem.kind, problem.captured_at, problem.problem), problem)
    return list(unique.values())


def _key_or_none(store: Store) -> str | None:
    from repwatch.adapters import tokens  # lazy: hmac, secrets and hashlib, only with a capture to check

    try:
        return tokens.secret_key(store.path) if tokens.key_path(store.path).exists() else None
    except RepwatchError:
        return None


def _against_seal(key: str | None, mention_id: int, captured_at: str,
                  kinds: dict[str, dict[str, Any]]) -> list[Problem]:
    """The capture's rows against the seal made with the key when it was captured."""
    result = kinds.get("result")
    said = (result or {}).get("seal")
    if key is None or not said:
        return []  # captured before seals, or no key to check with: the other checks still apply
    import hmac  # lazy: with tokens, only with a seal to check

    from repwatch.adapters import tokens  # lazy: see _key_or_none

    hashes = {kind: (kinds.get(kind) or {}).get("sha256") for kind in SEALED_KINDS}
    if hmac.compare_digest(tokens.seal(key, seal_parts(mention_id, captured_at, hashes)), str(said)):
        return []
    assert result is not None
    return [Problem(result["id"], mention_id, "capture", str(result["path"] or ""), "unsealed", None, None,
                    captured_at)]


def unsealed_count(store: Store) -> int:
    """Captures with no seal: made before seals existed, or with their seal removed."""
    return sum(1 for row in store.evidence_files() if row["kind"] == "result" and not row.get("seal"))


def _against_record(store: Store, mention_id: int, captured_at: str,
                    kinds: dict[str, dict[str, Any]]) -> list[Problem]:
    """The page and screenshot rows against the hashes the capture's JSON record wrote down."""
    from repwatch.adapters.store.files import check  # lazy: see verify

    result = kinds.get("result")
    if result is None or check(store.path, result["path"], result["sha256"])[0] != "matches":
        return []  # no record, or the record itself is already named as changed or missing
    try:
        record = json.loads(resolve(store, result["path"]).read_bytes())
        said = {"page": (record.get("fetch") or {}).get("body_sha256"),
                "screenshot": (record.get("screenshot") or {}).get("sha256")}
    except (OSError, ValueError, AttributeError):
        return []
    problems = []
    for kind, expected in said.items():
        row = kinds.get(kind)
        actual = row["sha256"] if row else None
        if expected and actual != expected:
            path = str(resolve(store, row["path"])) if row else "(none)"
            problem = "disagrees" if row else "deleted"
            problems.append(Problem(row["id"] if row else 0, mention_id, kind, path, problem, expected, actual,
                                    captured_at))
    return problems


_KEPT = {"page": "page", "screenshot": "screenshot", "search record": "result"}


def _against_event(event: dict[str, Any], kinds: dict[str, dict[str, Any]]) -> list[Problem]:
    """The rows of one capture against its ``captured`` event: every file it says it kept is there."""
    note = event.get("note") or ""
    if "; kept: " not in note:
        return []
    kept = note.split("; kept: ", 1)[1].split(" (page SHA-256", 1)[0]
    problems = []
    for name in (part.strip() for part in kept.split(",")):
        kind = _KEPT.get(name)
        if kind and kind not in kinds:
            problems.append(Problem(0, event["mention_id"], kind, "(none)", "deleted", None, None, event["at"]))
    prefix = note.split("(page SHA-256 ", 1)[1][:12] if "(page SHA-256 " in note else None
    page = kinds.get("page")
    if prefix and page and not str(page["sha256"]).startswith(prefix):
        problems.append(Problem(page["id"], event["mention_id"], "page", page["path"] or "", "disagrees",
                                prefix + "…", page["sha256"], event["at"]))
    return problems


def resolve(store: Store, relpath: str) -> Path:
    """A stored evidence path as an absolute one."""
    from repwatch.adapters.store import files  # lazy: see verify

    return files.resolve(store.path, relpath)
