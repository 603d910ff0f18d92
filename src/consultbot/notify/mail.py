"""Send a lead notification as an email over SMTP."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from consultbot.visitor_text import without_bidi_controls

TIMEOUT_SECONDS = 10


def build_email(
    payload: dict[str, Any], sender: str, recipient: str, delivery_id: int
) -> EmailMessage:
    """Write the email sales receives for a lead: answers, score, reasons and transcript."""
    answers: dict[str, str] = payload.get("answers", {})
    message = EmailMessage()
    verb = "updated" if str(payload.get("event", "")).startswith("lead.updated") else "new"
    who = answers.get("name") or answers.get("email", "a visitor")
    # Bidi controls are removed from visitors' text on the way in; leads older than that too.
    who = without_bidi_controls(str(who))
    message["Subject"] = f"[consultbot] {verb} lead: {who} (score {payload.get('score', 0)})"
    message["From"] = sender
    message["To"] = recipient
    # A stable id per delivery lets mail clients drop a duplicate after a retried send.
    message["Message-ID"] = make_msgid(idstring=f"consultbot-delivery-{delivery_id}")
    if answers.get("email"):
        message["Reply-To"] = answers["email"]
    lines = [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in answers.items()]
    lines += ["", f"Score: {payload.get('score', 0)}"]
    lines += [f"  - {reason}" for reason in payload.get("score_reasons", [])]
    lines += ["", f"Page: {payload.get('page_url') or 'unknown'}", "", "Transcript:"]
    lines += [f"  {m['role']}: {m['text']}" for m in payload.get("transcript", [])]
    message.set_content("\n".join(lines))
    return message


def send_email(message: EmailMessage, config: dict[str, Any]) -> None:
    """Send one email through the configured SMTP server; raise OSError/SMTPException on failure."""
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=TIMEOUT_SECONDS) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
