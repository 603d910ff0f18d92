"""The Live page: visitors waiting for a person, the chats staff hold, and those nobody took.

Sales set themselves available (with the name visitors see), claim a waiting chat, reply,
hand it back to the assistant or close it. The page's list refreshes itself through a small
script that fetches ``/dashboard/live/board`` every few seconds; each fetch also counts as
the staff member being present and ends the waits that have run out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from consultbot.dialogue.scoring import score_lead
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import live_board
from consultbot.storage.db import get_session
from consultbot.storage.labels import Labels
from consultbot.storage.models import LiveStatus, StaffRole
from consultbot.usecases import live_staff
from consultbot.usecases.knowledge_reload import LiveKnowledge
from consultbot.visitor_text import without_bidi_controls
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import require_role, signed_in

MAX_REPLY_CHARS = 2000
MAX_NAME_CHARS = 100


def _storable(_form: FlaskForm, field: Field) -> None:
    """Refuse characters no database stores (NUL) before anything is written."""
    if "\x00" in (field.data or ""):
        raise ValidationError("The reply contains a NUL character; remove it and send again.")


class AvailabilityForm(FlaskForm):
    """Whether this staff member takes chats, and the name visitors see."""

    display_name = StringField(
        "Your name in the chat",
        # Visitors see it: the characters stripped from their own text are stripped from it too.
        filters=[lambda value: without_bidi_controls(value).strip() if value else value],
        validators=[
            DataRequired("Enter the name visitors will see, e.g. your first name."),
            Length(max=MAX_NAME_CHARS, message="Keep the name under 100 characters."),
            _storable,
        ],
    )
    available = BooleanField("I'm available for chats")


class ReplyForm(FlaskForm):
    """A staff member's message to the visitor."""

    text = TextAreaField(
        "Reply",
        validators=[
            DataRequired("Write a reply before sending."),
            Length(max=MAX_REPLY_CHARS, message="A reply can be at most 2000 characters."),
            _storable,
        ],
    )


@dataclass(frozen=True, slots=True)
class Draft:
    """What the visitor has told the lead form so far, and what it scores."""

    answers: list[tuple[str, str]]
    score: int | None


def _knowledge() -> KnowledgeBase:
    knowledge: LiveKnowledge = current_app.extensions["consultbot"]
    return knowledge.current().knowledge


def _draft(state: dict[str, Any], kb: KnowledgeBase) -> Draft:
    lead = ConversationState.from_json(state).lead
    if lead is None or not lead.answers:
        return Draft([], None)
    labels = Labels.from_form(kb.lead_form)
    answers = [
        (labels.question(key), labels.answer(key, value))
        for key, value in lead.answers.items()
        if key != "consent"
    ]
    score = None
    if kb.lead_form is not None:
        context = ConversationState.from_json(state).context
        comparison = kb.comparison(context.comparison_id) if context.comparison_id else None
        score = score_lead(kb.lead_form, lead.answers, date.today(), comparison).points
    return Draft(answers, score)


@bp.app_context_processor
def waiting_count() -> dict[str, Any]:
    """The number of waiting visitors, for the navigation's Live badge (sales pages only)."""
    if not current_user.is_authenticated or not signed_in().may(StaffRole.SALES):
        return {}
    return {"live_waiting": live_board.count_waiting(get_session())}


def _board_context() -> dict[str, Any]:
    db = get_session()
    kb = _knowledge()
    now = datetime.now(UTC)
    live_staff.expire_due(db, kb, now)
    entries = live_board.board(db)
    leads = {entry.chat.id: live_board.lead_of(db, entry.conversation.id) for entry in entries}
    return {
        "entries": entries,
        "drafts": {entry.chat.id: _draft(entry.conversation.state, kb) for entry in entries},
        "leads": leads,
        "me": signed_in().id,
        "reply_form": ReplyForm(),
        "action": FlaskForm(),
        "statuses": LiveStatus,
        "now": now,
    }


@bp.get("/live")
@require_role(StaffRole.SALES)
def live_page() -> ResponseReturnValue:
    """Waiting and held chats, availability, and the chats nobody took in time."""
    user = live_staff.check_in(get_session(), signed_in().id)
    form = AvailabilityForm(display_name=user.display_name, available=user.chat_available)
    settings = _knowledge().site.live_chat
    return render_template(
        "dashboard/live.html",
        availability=form,
        hours=settings.describe_hours(),
        open_now=settings.open_at(datetime.now(UTC)),
        **_board_context(),
    )


@bp.get("/live/board")
@require_role(StaffRole.SALES)
def live_board_fragment() -> ResponseReturnValue:
    """The list alone, for the page's script to swap in; also keeps this person present."""
    live_staff.check_in(get_session(), signed_in().id)
    return render_template("dashboard/_live_board.html", **_board_context())


@bp.post("/live/availability")
@require_role(StaffRole.SALES)
def set_availability() -> ResponseReturnValue:
    """Start or stop taking chats, under the name visitors will see."""
    form = AvailabilityForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("dashboard.live_page"))
    available = live_staff.set_availability(
        get_session(), signed_in().id, form.display_name.data or "", bool(form.available.data)
    )
    flash(
        "You're available: visitors who ask for a person will be offered you."
        if available
        else "You're no longer taking chats.",
        "success",
    )
    return redirect(url_for("dashboard.live_page"))


def _act(chat_id: int, action: str) -> ResponseReturnValue:
    if not FlaskForm().validate_on_submit():
        flash("The form expired; nothing was changed. Try again.", "error")
        return redirect(url_for("dashboard.live_page"))
    try:
        live_staff.act(get_session(), chat_id, signed_in().id, action, _knowledge())
    except live_staff.LiveChatError as refused:
        flash(str(refused), "error")
        return redirect(url_for("dashboard.live_page"))
    return redirect(url_for("dashboard.live_page", _anchor=f"chat-{chat_id}"))


@bp.post("/live/<id:chat_id>/claim")
@require_role(StaffRole.SALES)
def claim_chat(chat_id: int) -> ResponseReturnValue:
    """Take a waiting chat (if someone else took it first, say who)."""
    return _act(chat_id, "claim")


@bp.post("/live/<id:chat_id>/hand-back")
@require_role(StaffRole.SALES)
def hand_back_chat(chat_id: int) -> ResponseReturnValue:
    """Give the chat back to the assistant."""
    return _act(chat_id, "hand_back")


@bp.post("/live/<id:chat_id>/close")
@require_role(StaffRole.SALES)
def close_chat(chat_id: int) -> ResponseReturnValue:
    """End the chat."""
    return _act(chat_id, "close")


@bp.post("/live/<id:chat_id>/reply")
@require_role(StaffRole.SALES)
def reply_chat(chat_id: int) -> ResponseReturnValue:
    """Send the visitor a message in a chat this staff member holds."""
    form = ReplyForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("dashboard.live_page", _anchor=f"chat-{chat_id}"))
    try:
        live_staff.reply(get_session(), chat_id, signed_in().id, form.text.data or "")
    except live_staff.LiveChatError as refused:
        flash(str(refused), "error")
        return redirect(url_for("dashboard.live_page"))
    return redirect(url_for("dashboard.live_page", _anchor=f"chat-{chat_id}"))
