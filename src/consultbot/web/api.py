"""The widget API (v1): open a conversation, send a message, read the transcript."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_limiter import RateLimitExceeded

from consultbot.dialogue.state import ConversationState
from consultbot.errors import ApiError
from consultbot.notify.outbox import enabled_channels
from consultbot.storage import chat, feedback, live_board
from consultbot.storage.db import get_session
from consultbot.storage.models import Conversation, Feedback, Message, Role
from consultbot.usecases import live_handoff as handoff
from consultbot.usecases import visitor_message
from consultbot.usecases.knowledge_reload import KnowledgeSnapshot, LiveKnowledge
from consultbot.usecases.lead_submission import SpamRules
from consultbot.visitor_text import without_bidi_controls
from consultbot.web import limits, metrics
from consultbot.web.handlers import error_response
from consultbot.web.json_body import MAX_BODY_BYTES, json_body, storable, too_large
from consultbot.web.known_tokens import known_tokens
from consultbot.web.openapi import OPENAPI

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_TEXT_CHARS = 2000
MAX_PAGE_URL_CHARS = 2048
MAX_CLIENT_MESSAGE_ID_CHARS = 64
MAX_COMMENT_CHARS = 500
MAX_MESSAGE_ID = 2**31 - 1


@bp.before_request
def limit_body_size() -> None:
    """Refuse an oversized body before reading it, whatever its framing.

    A declared ``Content-Length`` over the limit is refused at once. A chunked body has none,
    so reading it is capped instead: werkzeug stops at the limit and raises 413 (see
    ``read_body``), and nothing past the limit is ever held in memory.
    """
    request.max_content_length = MAX_BODY_BYTES
    if (request.content_length or 0) > MAX_BODY_BYTES:
        conversation_id = (request.view_args or {}).get("conversation_id")
        if conversation_id is not None:
            # A stranger learns nothing about sizes: a wrong token is a 401 whatever the body.
            _check_token(str(conversation_id))
        raise too_large()


def _snapshot() -> KnowledgeSnapshot:
    live: LiveKnowledge = current_app.extensions["consultbot"]
    return live.current()


def hash_token(token: str) -> str:
    """Return the stored form of a conversation token (the token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token() -> str:
    """The token in ``Authorization: Bearer <token>``, or a 401 saying how to send it."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "unauthorized", "Send the conversation's token as 'Authorization: Bearer <token>'."
        )
    return token.strip()


def _authorised_conversation(conversation_id: str) -> Conversation:
    """Load the conversation named in the URL, checking the Bearer token in constant time.

    Called before the body is read, so an unauthenticated sender's body is never parsed.
    """
    token = bearer_token()
    found = (
        chat.get_conversation(get_session(), conversation_id) if storable(conversation_id) else None
    )
    if found is None:
        raise _no_such_conversation()
    _verify(found.token_hash, token)
    return found


def _check_token(conversation_id: str, remembered: bool = False) -> bool:
    """Check the Bearer token against the conversation named in the URL, before any body.

    One SELECT in autocommit (``chat.token_hash_of``): the message's own transaction locks and
    re-reads the row. With ``remembered``, a token matching the hash this process read for the
    conversation before needs no SELECT (``known_tokens``); return whether that was so.
    """
    token = bearer_token()
    known = known_tokens()
    if remembered and known.matches(conversation_id, hash_token(token)):
        return True
    stored = (
        chat.token_hash_of(get_session(), conversation_id) if storable(conversation_id) else None
    )
    if stored is None:
        raise _no_such_conversation()
    _verify(stored, token)
    known.remember(conversation_id, stored)
    return False


def _no_such_conversation() -> ApiError:
    return ApiError(404, "not_found", "No conversation has this id.")


def _verify(stored_hash: str, token: str) -> None:
    """Refuse a token that is not the conversation's own (compared in constant time)."""
    if not hmac.compare_digest(stored_hash, hash_token(token)):
        raise ApiError(401, "unauthorized", "The token does not belong to this conversation.")


@bp.post("/conversations")
@limits.conversations
def create_conversation() -> ResponseReturnValue:
    """Open a conversation and greet the visitor."""
    body = json_body(required=False)
    page_url = body.get("page_url")
    if page_url == "":
        page_url = None  # no page, as null is
    if page_url is not None and not _page_url_ok(page_url):
        raise ApiError(
            422,
            "invalid",
            f'page_url must be the page\'s path (starting with a single "/", without ".." '
            f"segments) or its http(s) address, at most {MAX_PAGE_URL_CHARS} characters.",
            {"page_url": "invalid"},
        )
    token = secrets.token_urlsafe(32)
    conversation, result = visitor_message.open_conversation(
        get_session(), _snapshot().knowledge, page_url, hash_token(token)
    )
    metrics.record_conversation()
    return jsonify(
        conversation_id=conversation.public_id,
        token=token,
        replies=[reply.to_json() for reply in result.replies],
        state=result.state.mode.value,
    ), 201


def _page_url_ok(page_url: object) -> bool:
    """Whether ``page_url`` is a site-relative path or an http(s) URL, with no ".." segment.

    The widget sends ``location.pathname``; the value is stored and shown to sales, so nothing
    else (``javascript:``, ``//other.host``, ``/compare/../../etc/passwd``, line breaks) is kept.
    """
    if not isinstance(page_url, str) or len(page_url) > MAX_PAGE_URL_CHARS:
        return False
    if "\\" in page_url or any(c.isspace() or not c.isprintable() for c in page_url):
        return False
    if page_url.startswith("//"):
        return False  # another host, its scheme left out
    try:
        parts = urlsplit(page_url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    if not page_url.startswith("/") and (
        parts.scheme.lower() not in ("http", "https") or not parts.hostname
    ):
        return False
    return ".." not in (unquote(segment) for segment in parts.path.split("/"))


@bp.post("/conversations/<conversation_id>/messages")
@limits.messages
def post_message(conversation_id: str) -> ResponseReturnValue:
    """Answer a visitor's message; a retried client_message_id gets the same answer again."""
    session = get_session()
    # The token first, without holding a lock while a slow client sends its body, and in one
    # round trip outside any transaction (the use case locks and re-reads the row), or none
    # when this process checked it before.
    from_memory = _check_token(conversation_id, remembered=True)
    try:
        body = json_body(required=True)
        text, client_message_id = _message_fields(body)
        honeypot = _honeypot_filled(body)
    except ApiError:
        if from_memory:  # a conversation deleted since is not found, whatever the body
            _check_token(conversation_id)
        raise
    config = current_app.config
    policy = visitor_message.MessagePolicy(
        max_messages=config["MAX_MESSAGES_PER_CONVERSATION"],
        channels=enabled_channels(config),
        spam_rules=SpamRules(min_form_seconds=config["SPAM_MIN_FORM_SECONDS"]),
    )
    answered = visitor_message.post_message(
        session,
        conversation_id,
        text,
        client_message_id,
        honeypot,
        _snapshot(),
        policy,
    )
    if answered.replayed:
        limits.mark_replayed()
    if answered.outcome is not None:
        metrics.record_message(answered.outcome)
    if answered.lead is not None:
        metrics.record_lead()
    return jsonify(answered.response)


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> ResponseReturnValue:
    """Refuse a request over its limit, unless it is a retry of a message already answered."""
    if request.endpoint == "api.post_message":
        try:
            stored = _stored_retry()
        except ApiError as refused:  # an id already used for another text: say so, not 429
            return error_response(refused.status, refused.code, refused.message, refused.fields)
        if stored is not None:
            return jsonify(stored)
    return limits.too_many(error)


def _stored_retry() -> dict[str, Any] | None:
    """The answer a refused message already got, when it is a retry with the right token.

    The limiter refuses before the view (and before ``limit_body_size``), so the body's size is
    capped here; anything that is not a well-formed retry stays refused, whatever is wrong.
    """
    conversation_id = str((request.view_args or {}).get("conversation_id", ""))
    request.max_content_length = MAX_BODY_BYTES
    if (request.content_length or 0) > MAX_BODY_BYTES or not storable(conversation_id):
        return None
    try:
        token = bearer_token()
        text, client_message_id = _message_fields(json_body(required=True))
    except ApiError:
        return None
    return visitor_message.stored_reply(
        get_session(), conversation_id, client_message_id, text, hash_token(token)
    )


def _honeypot_filled(body: dict[str, Any]) -> bool:
    """Whether the widget's hidden ``website`` field came back filled in (people never see it)."""
    value = body.get("website")
    if value is None:
        return False
    if not isinstance(value, str) or len(value) > MAX_PAGE_URL_CHARS:
        raise ApiError(
            422,
            "invalid",
            "website must be text of at most 2048 characters (leave it out).",
            {"website": "invalid"},
        )
    return bool(value.strip())


def _message_fields(body: dict[str, Any]) -> tuple[str, str]:
    text = body.get("text")
    client_message_id = body.get("client_message_id")
    fields = {}
    if not isinstance(text, str):
        fields["text"] = "required, as text"
    if not isinstance(client_message_id, str) or not client_message_id.strip():
        fields["client_message_id"] = "required, as text (a UUID the widget makes per message)"
    elif len(client_message_id) > MAX_CLIENT_MESSAGE_ID_CHARS:
        fields["client_message_id"] = f"at most {MAX_CLIENT_MESSAGE_ID_CHARS} characters"
    if fields:
        raise ApiError(422, "invalid", "Some fields are missing or wrong.", fields)
    assert isinstance(text, str) and isinstance(client_message_id, str)
    text = without_bidi_controls(text)
    if len(text) > MAX_TEXT_CHARS:
        raise ApiError(
            413,
            "too_large",
            # Counted in code points, which bound what is stored and matched; a visitor
            # counts what they see, and one emoji can be several code points.
            f"The message is too long; please shorten it. The limit is {MAX_TEXT_CHARS:,} "
            "characters, and an emoji or an accented letter can count as several.",
            {"text": f"at most {MAX_TEXT_CHARS} characters"},
        )
    if not text.strip():
        raise ApiError(422, "invalid", "The message is empty.", {"text": "must not be empty"})
    return text, client_message_id


@bp.get("/conversations/<conversation_id>")
def get_transcript(conversation_id: str) -> ResponseReturnValue:
    """Return the whole conversation so a reloaded page can resume it."""
    conversation = _authorised_conversation(conversation_id)
    session = get_session()
    # Read the cursor before the lines: a staff line committed in between then shows twice
    # (the widget skips it), never not at all.
    events_after = live_board.last_event_id(session, conversation.id)
    messages = [_transcript_line(message) for message in conversation.messages]
    return jsonify(
        conversation_id=conversation.public_id,
        state=ConversationState.from_json(conversation.state).mode.value,
        messages=messages,
        live={
            "status": handoff.live_status(session, conversation),
            "events_after": events_after,
        },
    )


def _transcript_line(message: Message) -> dict[str, Any]:
    """One stored message as the transcript shows it; blocks only where they were stored."""
    stored = message.response or {}
    line: dict[str, Any] = {
        "role": message.role.value,
        "text": message.text,
        "quick_replies": stored.get("quick_replies", []),
        "created_at": message.created_at.isoformat(),
        "author": message.author_name,
    }
    if message.role is Role.ASSISTANT:
        line["message_id"] = message.id
        line["feedback"] = message.feedback.value if message.feedback else None
        for key in ("blocks", "link_replies"):
            if isinstance(stored.get(key), list):
                line[key] = stored[key]
        if isinstance(stored.get("rateable"), bool):
            line["rateable"] = stored["rateable"]
    return line


@bp.put("/conversations/<conversation_id>/messages/<message_id>/feedback")
@limits.feedback
def put_feedback(conversation_id: str, message_id: str) -> ResponseReturnValue:
    """Record the visitor's thumbs up or down (and a short comment) on one answer."""
    conversation = _authorised_conversation(conversation_id)
    number = int(message_id) if message_id.isascii() and message_id.isdigit() else 0
    answer = (
        feedback.find_answer(get_session(), conversation, number)
        if 0 < number <= MAX_MESSAGE_ID
        else None
    )
    if answer is None:
        raise ApiError(
            404,
            "not_found",
            "This conversation has no answer with this id (the greeting is not an answer).",
        )
    rating, comment = _feedback_fields(json_body(required=True))
    feedback.set_feedback(get_session(), answer, rating, comment)
    get_session().commit()
    return jsonify(message_id=answer.id, rating=rating.value if rating else None, comment=comment)


def _feedback_fields(body: dict[str, Any]) -> tuple[Feedback | None, str | None]:
    rating, comment = body.get("rating"), body.get("comment")
    fields = {}
    if rating is not None and rating not in ("up", "down"):
        fields["rating"] = "required: 'up', 'down', or null to take the rating back"
    if "rating" not in body:
        fields["rating"] = "required: 'up', 'down', or null to take the rating back"
    if comment is not None and not isinstance(comment, str):
        fields["comment"] = "text, or leave it out"
    elif isinstance(comment, str) and len(without_bidi_controls(comment)) > MAX_COMMENT_CHARS:
        fields["comment"] = f"at most {MAX_COMMENT_CHARS} characters"
    if fields:
        raise ApiError(422, "invalid", "Some fields are missing or wrong.", fields)
    text = without_bidi_controls(comment).strip() if isinstance(comment, str) else ""
    # Taking the rating back takes its comment with it: the answer says what is stored.
    if rating is None:
        return None, None
    return Feedback(rating), (text or None)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """Serve the OpenAPI document of this API."""
    return jsonify(OPENAPI)
