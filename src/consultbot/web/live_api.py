"""The widget's events (v1): what a person in the chat said and did, read with a cursor.

``GET /api/v1/conversations/{id}/events?after=N`` returns the events numbered above N, with
the same Bearer token as the messages. The widget polls it while a person is awaited or holds
the chat; each poll is a short request, so waiting visitors never tie up a worker thread.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from consultbot.errors import ApiError
from consultbot.storage import live, live_board
from consultbot.storage.db import get_session
from consultbot.storage.models import ConversationEvent, LiveStatus
from consultbot.usecases import live_handoff as handoff
from consultbot.usecases.knowledge_reload import LiveKnowledge
from consultbot.web import api, limits
from consultbot.web.json_body import storable

bp = Blueprint("live_api", __name__, url_prefix="/api/v1")
bp.before_request(api.limit_body_size)
CURSOR = re.compile(r"[0-9]{1,18}")


def _cursor() -> int:
    raw = request.args.get("after", "0")
    if not CURSOR.fullmatch(raw):
        raise ApiError(
            422,
            "invalid",
            "after must be a whole number from 0 (at most 18 digits): the id of the last "
            "event you have.",
            {"after": "a whole number from 0, at most 18 digits"},
        )
    return int(raw)


def event_json(event: ConversationEvent) -> dict[str, object]:
    """One event as the widget reads it."""
    return {
        "id": event.id,
        "kind": event.kind.value,
        "text": event.text,
        "author": event.author_name,
        "quick_replies": list(event.quick_replies or []),
        "created_at": event.created_at.isoformat(),
    }


@bp.get("/conversations/<conversation_id>/events")
@limits.events
def events(conversation_id: str) -> ResponseReturnValue:
    """Return the conversation's events after the cursor, and whether a person is involved.

    A visitor whose wait has run out is told so here (the deadline is enforced when anyone
    looks: this poll, the visitor's next message, or the dashboard's Live page). A poll that
    finds nothing new costs one query.
    """
    after = _cursor()
    token = api.bearer_token()
    session = get_session()
    view = live_board.poll_view(session, conversation_id) if storable(conversation_id) else None
    if view is None:
        raise ApiError(404, "not_found", "No conversation has this id.")
    if not hmac.compare_digest(view.token_hash, api.hash_token(token)):
        raise ApiError(401, "unauthorized", "The token does not belong to this conversation.")
    status = view.status
    now = datetime.now(UTC)
    if status is LiveStatus.WAITING and view.deadline_at is not None and view.deadline_at <= now:
        knowledge: LiveKnowledge = current_app.extensions["consultbot"]
        outcome = handoff.timeout_outcome(knowledge.current().knowledge)
        if live.expire_if_due(session, view.conversation_id, outcome, now):
            session.commit()
            status = None
        view = replace(view, last_event_id=live_board.last_event_id(session, view.conversation_id))
    found = (
        live_board.events_after(session, view.conversation_id, after)
        if view.last_event_id > after
        else []
    )
    return jsonify(
        events=[event_json(event) for event in found],
        next_after=found[-1].id if found else after,
        live={"status": None if status is None else status.value},
    )
