"""Reading a reply to the digest: the words on the buttons, forgivingly; and whom to trust."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from repwatch.pipeline.replies import Answers, authenticated, judge, parse_line, read_answers

DIGEST_ID = "<rw-digest-Zk3v9QpL2xYt7bWm1nRcAe0s@example.org>"
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
SENT = {DIGEST_ID: NOW - timedelta(days=1)}
OWN = ["rhian@example.org"]


def reply(body: str, *, html: str | None = None, sender: str = "Rhian Davies <rhian@example.org>",
          in_reply_to: str | None = DIGEST_ID, references: str | None = None, subject: str = "Re: repwatch: 9 new",
          headers: list[tuple[str, str]] | None = None) -> EmailMessage:
    message = EmailMessage(policy=email.policy.default)
    for name, value in headers or []:
        message[name] = value
    message["From"] = sender
    message["To"] = "repwatch <alerts@example.org>"
    message["Subject"] = subject
    message["Message-ID"] = "<reply-1@mail.example.org>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    if html is not None and not body:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    return email.message_from_bytes(bytes(message), policy=email.policy.default)  # type: ignore[return-value]


@pytest.mark.parametrize("line,expected", [
    ("not me 12 14", [("dismiss", 12), ("dismiss", 14)]),
    ("Not Me #12, #14", [("dismiss", 12), ("dismiss", 14)]),
    ("NOT ME 12 and 14.", [("dismiss", 12), ("dismiss", 14)]),
    ("mine 3", [("mine", 3)]),
    ("Worried: 9", [("concern", 9)]),
    ("resolved #7", [("resolve", 7)]),
    ("it's me 5", [("confirm", 5)]),
    ("It\u2019s me 5 and 6", [("confirm", 5), ("confirm", 6)]),
    ("its me 5", [("confirm", 5)]),
    ("not me 12, mine 3 and worried 9", [("dismiss", 12), ("mine", 3), ("concern", 9)]),
])
def test_the_words_on_the_buttons_in_any_case_with_hashes_commas_and_and(line, expected):
    into = Answers()
    assert parse_line(line, into)
    assert into.answers == expected and into.unread == []


def test_several_lines_then_her_signature_and_the_quoted_digest_are_left_alone():
    message = reply("Not me 12 14\nmine 3\n\nThanks!\nRhian\nSent from my iPhone\n\n"
                    "On 7 Dec 2026, at 07:00, repwatch <alerts@example.org> wrote:\n> worried 41\n> not me 42\n")
    found = read_answers(message)
    assert found.answers == [("dismiss", 12), ("dismiss", 14), ("mine", 3)]
    assert found.unread == []


def test_words_and_numbers_it_cannot_read_are_said_back_never_guessed():
    found = read_answers(reply("not me 12 please delete 14x 16\nblock 15\n"))
    assert found.answers == [("dismiss", 12)]  # 16 follows a word it does not know: not taken as "not me"
    assert found.unread == ["delete 14x 16"]
    found = read_answers(reply("12 14 not me\n"))  # numbers before the words: not guessed
    assert found.answers == [] and found.unread == ["12 14"]


def test_an_html_only_reply_is_read_and_its_quoted_digest_is_not():
    html = ("<div dir='ltr'>Worried 9<br>resolved 7</div><div class='gmail_quote'>On Mon wrote:"
            "<blockquote class='gmail_quote'>not me 41<br>mine 42</blockquote></div>")
    assert read_answers(reply("", html=html)).answers == [("concern", 9), ("resolve", 7)]
    # the commands only inside a quoted block: nothing is done
    quoted = "<div>Thanks</div><blockquote type='cite'>not me 41 42</blockquote>"
    assert read_answers(reply("", html=quoted)).answers == []


def test_a_reply_to_a_digest_she_was_sent_from_her_own_address_is_trusted():
    verdict = judge(reply("not me 12"), SENT, OWN, NOW)
    assert verdict.ok and verdict.digest_message_id == DIGEST_ID
    # References alone, with others around it, as phones write them
    message = reply("not me 12", in_reply_to="<other@x>", references=f"<a@b> {DIGEST_ID} <c@d>")
    assert judge(message, SENT, OWN, NOW).ok
    # her address in another case
    assert judge(reply("not me 12", sender="RHIAN@Example.org"), SENT, OWN, NOW).ok


@pytest.mark.parametrize("change,why", [
    ({"in_reply_to": "<rw-digest-guessed@example.org>"}, "does not answer a digest repwatch sent"),
    ({"in_reply_to": None}, "does not answer a digest repwatch sent"),
    ({"sender": "Mallory <mallory@example.net>"}, "not your own address"),
    ({"sender": "rhian@example.org, mallory@example.net"}, "not your own address"),
    ({"subject": "Fwd: repwatch: 9 new"}, "forwarded"),
    ({"headers": [("Authentication-Results", "mx.example.org; spf=fail smtp.mailfrom=example.org; "
                                             "dkim=none; dmarc=fail header.from=example.org")]}, "could not confirm"),
])
def test_replies_it_must_not_act_on(change, why):
    verdict = judge(reply("not me 12", **change), SENT, OWN, NOW)
    assert not verdict.ok and why in verdict.reason


def test_a_forwarded_digest_in_the_body_and_a_digest_older_than_30_days_are_refused():
    body = "not me 12\n\n---------- Forwarded message ---------\nFrom: repwatch\n"
    assert "forwarded" in judge(reply(body), SENT, OWN, NOW).reason
    old = {DIGEST_ID: NOW - timedelta(days=31)}
    assert "more than 30 days" in judge(reply("not me 12"), old, OWN, NOW).reason


def test_only_the_receiving_servers_authentication_results_count():
    passing = "mx.example.org; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=rhian@example.org; dmarc=pass"
    forged_below = "evil.example; dmarc=pass header.from=example.org"
    top_fail = reply("x", headers=[("Authentication-Results", "mx.example.org; dmarc=fail header.from=example.org"),
                                   ("Authentication-Results", forged_below)])
    assert authenticated(top_fail, "rhian@example.org") is False
    assert authenticated(reply("x", headers=[("Authentication-Results", passing)]), "rhian@example.org") is True
    assert authenticated(reply("x"), "rhian@example.org") is None  # no such header: From decides
    other = reply("x", headers=[("Authentication-Results", "mx.example.org; dkim=pass header.d=evil.example")])
    assert authenticated(other, "rhian@example.org") is False
