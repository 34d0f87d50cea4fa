"""What the user decides about a mention: not me, a concern, resolved, or reopened.

new → notified → dismissed | concern | resolved; reopen puts a mention back where it was before the
decision. A dismissed mention never comes back in a digest; a resolved one that is found again comes
back flagged ``reappeared`` (see runner).
"""

from __future__ import annotations

from repwatch.adapters.store import Store
from repwatch.errors import UsageError
from repwatch.models import Mention


def get(store: Store, mention_id: int) -> Mention:
    mention = store.mention(mention_id)
    if mention is None:
        raise UsageError(f"There is no mention with ID {mention_id} in {store.path} (see `repwatch mentions`).")
    return mention


def decide(store: Store, mention_id: int, status: str, note: str | None = None) -> Mention:
    mention = get(store, mention_id)
    store.set_status(mention.id, status, note)
    return get(store, mention_id)


def dismiss_domain(store: Store, mention_id: int, note: str | None = None) -> tuple[Mention, list[int]]:
    mention = get(store, mention_id)
    if not mention.domain:
        raise UsageError(f"Mention {mention_id} has no site to stop: dismiss it without --domain.")
    ids = store.block_domain(mention.profile, mention.domain, note)
    if mention.id not in ids:
        store.set_status(mention.id, "dismissed", note)
        ids.append(mention.id)
    return get(store, mention_id), ids


def reopen(store: Store, mention_id: int, note: str | None = None) -> Mention:
    mention = get(store, mention_id)
    if mention.status in ("new", "notified"):
        raise UsageError(f"Mention {mention_id} is already open ({mention.status}).")
    store.set_status(mention.id, "notified" if store.was_notified(mention.id) else "new", note)
    store.add_event(mention.id, "reopened", note)
    return get(store, mention_id)
