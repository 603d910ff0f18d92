"""Send a lead notification as an email over SMTP."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from consultbot.visitor_text import on_one_line, without_bidi_controls

TIMEOUT_SECONDS = 10
WAITING_EVENT = "conversation.waiting"
ANOTHER_CONVERSATION = "Submitted from another conversation: the sender may not be the same person."


def build_waiting_email(
    payload: dict[str, Any], sender: str, recipient: str, delivery_id: int
) -> EmailMessage:
    """Write the email that tells sales a visitor is waiting for a person in the chat."""
    message = EmailMessage()
    message["Subject"] = "[consultbot] a visitor is waiting for a person in the chat"
    message["From"] = sender
    message["To"] = recipient
    message["Message-ID"] = make_msgid(idstring=f"consultbot-delivery-{delivery_id}")
    lines = [
        "A visitor asked to talk to a person. Claim the chat on the dashboard's Live page.",
        "",
        f"Why: {payload.get('reason') or 'asked for a person'}",
        f"Page: {payload.get('page_url') or 'unknown'}",
        f"Waiting since: {payload.get('waiting_since', '')}",
        f"Offered the form instead after: {payload.get('deadline', '')}",
        "",
        "The conversation so far:",
    ]
    lines += transcript_lines(payload)
    message.set_content("\n".join(lines))
    return message


def transcript_lines(payload: dict[str, Any]) -> list[str]:
    """One line per message, whatever line breaks a visitor typed into it."""
    return [
        f"  {m['role']}: {on_one_line(without_bidi_controls(str(m['text'])))}"
        for m in payload.get("transcript", [])
    ]


def build_email(
    payload: dict[str, Any], sender: str, recipient: str, delivery_id: int
) -> EmailMessage:
    """Write the email sales receive: new lead or new submission, answers by their labels,
    what changed, the score out of 100 with its reasons, and the transcript."""
    if payload.get("event") == WAITING_EVENT:
        return build_waiting_email(payload, sender, recipient, delivery_id)
    answers: dict[str, str] = payload.get("answers", {})
    message = EmailMessage()
    new_lead = payload.get("new_lead", True)
    what = "new lead" if new_lead else "new submission from an existing lead"
    who = answers.get("name") or answers.get("email", "a visitor")
    # Bidi controls are removed from visitors' text on the way in; leads older than that too.
    who = without_bidi_controls(str(who))
    score = f"score {payload.get('score', 0)}/{payload.get('score_out_of', 100)}"
    message["Subject"] = f"[consultbot] {what}: {who} ({score})"
    message["From"] = sender
    message["To"] = recipient
    # A stable id per delivery lets mail clients drop a duplicate after a retried send.
    message["Message-ID"] = make_msgid(idstring=f"consultbot-delivery-{delivery_id}")
    if answers.get("email"):
        message["Reply-To"] = answers["email"]
    lines = [what.capitalize() + (f" (status {payload['lead_status']})" if not new_lead else "")]
    if payload.get("from_another_conversation"):
        lines.append(ANOTHER_CONVERSATION)
    lines.append("")
    display = payload.get("display") or [
        {"id": key, "question": key.replace("_", " ").capitalize(), "label": value}
        for key, value in answers.items()
    ]
    # Answers are stored on one line; older leads' and quoted answers are folded here too.
    lines += [
        on_one_line(f"{item['question']}: {item['label']}")
        for item in display
        if item["id"] != "consent"
    ]
    changes = payload.get("changes") or []
    if changes:
        lines += ["", "Changed since the previous submission:"]
        lines += [
            "  - "
            + on_one_line(f"{c['question']}: {c['before'] or '(none)'} -> {c['after'] or '(none)'}")
            for c in changes
        ]
    details = payload.get("score_details") or {}
    lines += ["", f"Score: {payload.get('score', 0)}/{payload.get('score_out_of', 100)}"]
    lines += [f"  + {on_one_line(str(reason))}" for reason in payload.get("score_reasons", [])]
    lines += [f"  ? {on_one_line(str(line))}" for line in details.get("not_understood", [])]
    lines += [f"  - {on_one_line(str(line))}" for line in details.get("missing", [])]
    page = on_one_line(str(payload.get("page_url") or "unknown"))
    lines += ["", f"Page: {page}", "", "Transcript:"]
    lines += transcript_lines(payload)
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
