"""Push for urgent flags (safeguarding, impersonation) through Apprise, in addition to the email.

Each urgent mention is pushed once: the ``pushes`` table keeps (mention_id, at, status). A push
that reached at least one of the ``[notify] urls`` is "sent" and never repeated; one that reached
none is "failed" and tried again on the next run. A failed push never stops a run: problems come
back as sentences that name the service by its scheme only, because the URLs hold secrets.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING, Any

from repwatch.pipeline.digest import display_url, guide, guide_path_of, one_line, review_base
from repwatch.pipeline.flags import URGENT, flag_rank, mention_rank
from repwatch.pipeline.labels import flag_name, platform_label

if TYPE_CHECKING:
    from repwatch.adapters.store import Store
    from repwatch.models import Mention

log = logging.getLogger(__name__)

PUSH_INSTALL = 'pip install "repwatch[push]"'
NO_APPRISE = (f"Urgent push notifications need Apprise, which is not installed: run `{PUSH_INSTALL}`, "
              "or take [notify] out of the config.")


def apprise_installed() -> bool:
    """Apprise is the optional ``push`` extra (15 MB): only those with [notify] urls install it."""
    return importlib.util.find_spec("apprise") is not None


def _scheme(url: str) -> str:
    return (url.split("://", 1)[0] if "://" in url else "?").lower() + "://"


def urgent_codes(mention: Mention) -> list[str]:
    return sorted({f.code for f in mention.flags if f.code in URGENT}, key=flag_rank)


def message_for(mention: Mention, g: dict[str, Any], review: str | None = None) -> tuple[str, str]:
    """A short title and body: enough to act on from a lock screen, nothing more from the web than needed."""
    codes = urgent_codes(mention)
    flags = g.get("flags") or {}
    names = [one_line(flag_name(g, c), 40) for c in codes]
    where = platform_label(g, mention.platform)
    title = one_line(f"repwatch: {' and '.join(names)} on {where}", 120)
    lines = []
    if "safeguarding" in codes:
        lines.append(one_line((flags.get("safeguarding") or {}).get("urgent") or "Tell your Designated Safeguarding Lead now.", 200))
    if "impersonation" in codes:
        lines.append("An account may be pretending to be you: tell your school and report it to the site.")
    lines.append(f"#{mention.id}: {one_line(mention.title or '(no title)', 120)}")
    lines.append(display_url(mention.url, 120))
    if review:
        lines.append(f"On your review page: {review}/mentions/{mention.id}")
    lines.append("The steps, and the buttons to answer it, are in the digest email and on your review page.")
    return title, "\n".join(lines)


def _quietly(add: Any, url: str) -> bool:
    """Apprise logs a URL it cannot parse in full; [notify] URLs hold tokens, so not here."""
    logger = logging.getLogger("apprise")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bool(add(url))
    finally:
        logger.setLevel(level)


def _already(store: Store, ids: list[int]) -> set[int]:
    return store.pushed(ids)


def _record(store: Store, mention_id: int, status: str) -> None:
    store.record_push(mention_id, status)


def push_urgent(config: Any, store: Store, mentions: list[Mention]) -> list[str]:
    """Push each urgent mention not pushed before to every ``[notify] urls``; returns problems, never raises."""
    urls = [u.get_secret_value() for u in getattr(getattr(config, "notify", None), "urls", []) or []]

    urgent = sorted((m for m in mentions if m.shown and urgent_codes(m)), key=lambda m: (mention_rank(m), m.id))
    if not urls or not urgent:
        return []
    if not apprise_installed():
        return [NO_APPRISE]
    problems: list[str] = []
    try:
        import apprise  # lazy: the optional push extra, needed only with [notify] urls

        targets = []
        for url in urls:
            one = apprise.Apprise()
            if _quietly(one.add, url):
                targets.append((url, one))
            else:
                problems.append(
                    f"A [notify] url starting {_scheme(url)} is not one Apprise understands; check it in the config."
                )
        g = guide(guide_path_of(config))
        done = _already(store, [m.id for m in urgent])
    except Exception as exc:  # noqa: BLE001 - pushing is extra: the digest still goes out
        return problems + [f"Urgent push notifications could not be set up ({exc.__class__.__name__})."]
    for mention in urgent:
        if mention.id in done or not targets:
            continue
        title, body = message_for(mention, g, review_base(config))
        reached, failed = 0, []
        for url, target in targets:
            try:
                ok = bool(target.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT,
                                   notify_type=apprise.NotifyType.FAILURE))
            except Exception as exc:  # noqa: BLE001
                log.info("push via %s raised %s", _scheme(url), exc.__class__.__name__)
                ok = False
            if ok:
                reached += 1
            else:
                failed.append(_scheme(url))
        if failed:
            again = (
                "it reached your other push service(s)" if reached
                else "it is in the digest, and repwatch will try the push again next run"
            )
            problems.append(f"The urgent push for mention #{mention.id} via {', '.join(failed)} failed; {again}.")
        try:
            _record(store, mention.id, "sent" if reached else "failed")
        except Exception as exc:  # noqa: BLE001
            problems.append(f"The push for mention #{mention.id} could not be recorded ({exc.__class__.__name__}).")
    return problems
