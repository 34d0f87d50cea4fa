"""Reading what is stored, for the commands and pages that only show it (`show`, `blocked`).

Apart from :mod:`repwatch.app.lifecycle` (which decides: it loads the platform table, handles and
addresses) so that a command that only reads loads only the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from repwatch.errors import UsageError
from repwatch.models import account_shown

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.models import Mention


def get(store: Store, mention_id: int) -> Mention:
    mention = store.mention(mention_id)
    if mention is None:
        raise UsageError(f"There is no mention with ID {mention_id} in {store.path} (see `repwatch mentions`).")
    return mention


def blocked(store: Store) -> list[dict[str, Any]]:
    """Everything hidden as a whole: sites (`dismiss --domain`) and accounts (`dismiss --account`)."""
    out: list[dict[str, Any]] = []
    for row in store.blocked_sites():
        out.append({"type": "site", "kind": "site", "profile": row["profile"], "what": row["domain"],
                    "target": row["domain"], "since": row["at"], "at": row["at"], "note": row["note"],
                    "mention_id": row["mention_id"]})
    for row in store.blocked_accounts():
        shown = account_shown(row["handle"], row["instance"] or None)
        target = f"{row['platform']}:{shown}"
        out.append({"type": "account", "kind": "account", "profile": row["profile"], "what": target,
                    "target": target, "platform": row["platform"], "account": shown, "since": row["at"],
                    "at": row["at"], "note": row["note"], "mention_id": row["mention_id"]})
    return sorted(out, key=lambda r: r["since"])
