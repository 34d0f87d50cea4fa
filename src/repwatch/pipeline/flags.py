"""How serious each flag is: the one order the digest, the review page and `search` sort by.

Apart from the digest so that a quick search sorts its findings without loading the digest's code.
"""

from __future__ import annotations

from repwatch.models import FLAG_ORDER, Mention

__all__ = ["FLAG_ORDER", "URGENT", "flag_rank", "mention_rank"]
URGENT = frozenset({"safeguarding", "impersonation"})


def flag_rank(code: str) -> int:
    return FLAG_ORDER.index(code) if code in FLAG_ORDER else len(FLAG_ORDER)


def mention_rank(mention: Mention) -> int:
    return min((flag_rank(f.code) for f in mention.flags), default=len(FLAG_ORDER) + 1)
