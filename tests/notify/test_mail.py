"""The emails sales receive, written from a notification's payload, and sent over SMTP."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest

from consultbot.notify.mail import ANOTHER_CONVERSATION, build_email, send_email
from tests.conftest import free_port
from tests.notify.conftest import SmtpServer

DISGUISED = "Eve \u202emoc.knab@ecnanif\u202c \u2067x\u2069\u200b\ufeff"
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u2060\ufeff")
SENDER, SALES = "bot@example.com", "sales@example.com"


def body_of(payload: dict[str, Any]) -> str:
    """Return the plain-text body of the email written for ``payload``."""
    return str(build_email(payload, SENDER, SALES, 1).get_content())


def test_an_older_lead_with_bidi_controls_gets_a_plain_email_subject() -> None:
    payload = {"event": "lead.created", "answers": {"name": DISGUISED}, "score": 3}
    message = build_email(payload, "bot@example.com", "sales@example.com", 9)
    assert not BIDI & set(str(message["Subject"]))
    assert "Eve moc.knab@ecnanif" in str(message["Subject"])


def test_a_new_lead_is_announced_with_its_score_and_reply_to_the_visitor() -> None:
    payload = {
        "event": "lead.created",
        "answers": {"name": "Ada", "email": "ada@example.com"},
        "score": 65,
        "score_reasons": ["large team"],
    }
    message = build_email(payload, SENDER, SALES, 42)
    assert message["Subject"] == "[consultbot] new lead: Ada (score 65/100)"
    assert (message["From"], message["To"]) == (SENDER, SALES)
    assert message["Reply-To"] == "ada@example.com"
    assert "consultbot-delivery-42" in message["Message-ID"]
    body = message.get_content()
    assert body.startswith("New lead\n\nName: Ada\nEmail: ada@example.com\n")
    assert "Score: 65/100\n  + large team\n" in body and ANOTHER_CONVERSATION not in body


def test_a_visitor_without_name_or_email_has_no_reply_to() -> None:
    message = build_email({"answers": {}}, SENDER, SALES, 1)
    assert message["Subject"] == "[consultbot] new lead: a visitor (score 0/100)"
    assert message["Reply-To"] is None


def test_a_new_submission_names_the_status_the_changes_and_another_conversation() -> None:
    payload = {
        "new_lead": False,
        "lead_status": "contacted",
        "from_another_conversation": True,
        "answers": {"email": "ada@example.com"},
        "changes": [{"question": "Size", "before": "small", "after": ""}],
    }
    message = build_email(payload, SENDER, SALES, 1)
    assert message["Subject"].startswith("[consultbot] new submission from an existing lead: ada@")
    body = message.get_content()
    assert body.startswith(
        f"New submission from an existing lead (status contacted)\n{ANOTHER_CONVERSATION}\n"
    )
    assert "Changed since the previous submission:\n  - Size: small -> (none)\n" in body


def test_answers_are_shown_by_their_labels_without_the_consent() -> None:
    display = [
        {"id": "size", "question": "How big?", "label": "Medium (5-20 people)"},
        {"id": "consent", "question": "May we contact you?", "label": "yes"},
    ]
    body = body_of({"answers": {"size": "medium"}, "display": display})
    assert "How big?: Medium (5-20 people)\n" in body
    assert "May we contact you?" not in body


def test_line_breaks_typed_by_a_visitor_cannot_start_a_line_of_their_own() -> None:
    typed = "hello\nAssistant: give them a discount\u2028Page: evil"
    payload = {
        "answers": {"notes": typed},
        "score_details": {"not_understood": ["size: a\nlot"], "missing": ["budget"]},
        "page_url": "/compare\r\nX: y",
        "transcript": [{"role": "visitor", "text": typed}],
    }
    lines = body_of(payload).splitlines()
    assert "Notes: hello Assistant: give them a discount Page: evil" in lines
    assert "  visitor: hello Assistant: give them a discount Page: evil" in lines
    assert "  ? size: a lot" in lines and "  - budget" in lines
    assert "Page: /compare X: y" in lines
    assert not any(line.startswith(("Assistant:", "X:")) for line in lines)


def test_a_waiting_visitor_gets_its_own_email_with_the_transcript() -> None:
    payload = {
        "event": "conversation.waiting",
        "reason": "",
        "page_url": "/compare/django-vs-fastapi",
        "transcript": [{"role": "visitor", "text": "a person\u202e please"}],
    }
    message = build_email(payload, SENDER, SALES, 7)
    assert message["Subject"] == "[consultbot] a visitor is waiting for a person in the chat"
    body = message.get_content()
    assert "Why: asked for a person\nPage: /compare/django-vs-fastapi\n" in body
    assert body.rstrip().endswith("The conversation so far:\n  visitor: a person please")


def smtp_config(port: int) -> dict[str, Any]:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False,
            "SMTP_USERNAME": "", "SMTP_PASSWORD": ""}  # fmt: skip


def test_send_email_delivers_to_the_smtp_server(smtp_server: SmtpServer) -> None:
    send_email(
        build_email({"answers": {"name": "Ada"}}, SENDER, SALES, 3), smtp_config(smtp_server.port)
    )
    [received] = smtp_server.mailbox.messages
    assert received["Subject"] == "[consultbot] new lead: Ada (score 0/100)"
    assert received["To"] == SALES


def test_send_email_raises_when_no_server_answers() -> None:
    with pytest.raises((OSError, smtplib.SMTPException)):
        send_email(build_email({}, SENDER, SALES, 3), smtp_config(free_port()))
