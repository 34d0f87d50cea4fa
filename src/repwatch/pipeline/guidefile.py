"""The shape of the guide (data/guide.toml, and a school's own file laid over it: ``repwatch.guide``).

One model checks both: the packaged file when it is read, a school's file once it is laid over the
packaged one. A misspelt key ("titel", "stpes") would otherwise be quietly ignored and the packaged
wording shown instead of the school's, so it is refused with the file and the key.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Link(_Table):
    url: str
    label: str = ""
    status: str = "V"  # V verified, C checked by hand, U unchecked (never shown as a link)
    domain: str = ""  # a platform's link that is only for pages on this site


class _Meta(_Table):
    name: str = ""
    publisher: str = ""


class _Step(_Table):
    title: str
    text: str


class _Helpline(_Table):
    name: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    hours: str = ""
    note: str = ""


class _Posh(_Helpline):
    phone: Annotated[str, StringConstraints(pattern=r"\d")]  # the digest always gives a number to ring


class _Helplines(_Table):
    posh: _Posh
    rhc: _Helpline | None = None
    emergency: _Helpline | None = None


class _Actions(_Table):
    not_me: str = ""
    one_click: str = ""
    concern: str = ""


class _Evidence(_Table):
    save: str = ""
    unsaved: str = ""


class _FlagAdvice(_Table):
    title: str = ""
    urgent: str = ""
    evidence: str = ""
    evidence_except: str = ""
    steps: list[str] = []
    platform_link: str = ""
    links: list[_Link] = []


class _PlatformAdvice(_Table):
    label: str = ""
    how: str = ""
    privacy_how: str = ""
    report: _Link | None = None
    impersonation: _Link | None = None
    privacy: _Link | None = None
    personal: _Link | None = None


class _PrivacyReminder(_Table):
    title: str = ""
    text: str = ""
    more: _Link | None = None


class GuideFile(_Table):
    """The whole guide: what the digest, the report and the review page read from it, and no more."""

    meta: _Meta = _Meta()
    steps: list[_Step]
    helplines: _Helplines
    actions: _Actions = _Actions()
    evidence: _Evidence = _Evidence()
    flags: dict[str, _FlagAdvice] = {}
    platforms: dict[str, _PlatformAdvice] = {}
    events: dict[str, str] = {}  # a timeline event's code → its name, as the report and the page show it
    privacy_reminder: _PrivacyReminder = _PrivacyReminder()
