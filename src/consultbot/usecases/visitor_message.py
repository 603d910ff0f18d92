"""A visitor's message: open a conversation, answer a message once, store what the step did.

The view has checked the token and parsed the body; this locks the conversation, replays a
retried ``client_message_id``, applies the per-conversation cap, lets a person hold the chat,
runs the dialogue, stores the step (reading its events: the form started, a lead completed),
and commits, answering what another worker stored when it won the race.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.dialogue import handoff
from consultbot.dialogue.engine import start, step
from consultbot.dialogue.replies import LeadCompleted, LeadStarted, Reply, StepResult
from consultbot.dialogue.state import ConversationState
from consultbot.errors import ApiError
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import chat, queries, together, turns
from consultbot.storage.chat import AnswerFacts, ReplyLine
from consultbot.storage.models import Channel, Conversation, ConversationMode, Lead, LiveStatus
from consultbot.usecases import live_handoff
from consultbot.usecases.knowledge_reload import KnowledgeSnapshot
from consultbot.usecases.lead_submission import (
    NO_SPAM_RULES,
    SpamRules,
    save_lead,
    spam_reasons,
)


@dataclass(frozen=True, slots=True)
class MessagePolicy:
    """The operator's settings a message is handled under."""

    max_messages: int
    channels: Sequence[Channel] = ()
    spam_rules: SpamRules = NO_SPAM_RULES


@dataclass(frozen=True, slots=True)
class Answered:
    """The response to send, and for a freshly answered message what became of it.

    ``outcome`` is "answered", "fallback" or "form" for a message the assistant answered now;
    None for a replay, or a message held for a person. ``replayed`` says the response is the
    one stored for an earlier sending of the same client_message_id (a retry).
    """

    response: dict[str, Any]
    outcome: str | None = None
    lead: Lead | None = None
    replayed: bool = False


def open_conversation(
    session: Session, knowledge: KnowledgeBase, page_url: str | None, token_hash: str
) -> tuple[Conversation, StepResult]:
    """Open a conversation with its greeting, committed; return it and the greeting step."""
    result = start(knowledge, page_url)
    conversation = chat.open_conversation(
        session,
        public_id=str(uuid.uuid4()),
        token_hash=token_hash,
        page_url=page_url,
        comparison_id=result.state.context.comparison_id,
        mode=stored_mode(result.state),
        state=result.state.to_json(),
        greeting=reply_lines(result.replies),
    )
    session.commit()
    return conversation, result


def post_message(
    session: Session,
    conversation_id: str,
    text: str,
    client_message_id: str,
    honeypot: bool,
    snapshot: KnowledgeSnapshot,
    policy: MessagePolicy,
) -> Answered:
    """Answer a visitor's message; a retried client_message_id gets the same answer again."""
    turn = turns.open_turn(session, conversation_id, client_message_id)
    if turn is None:  # deleted (purged, forgotten) since the token was checked
        raise ApiError(404, "not_found", "No conversation has this id.")
    if turn.earlier_response is not None:
        earlier = queries.find_visitor_message(session, turn.conversation_id, client_message_id)
        earlier_text = text if earlier is None else earlier.text
        session.rollback()
        return replay(earlier_text, text, turn.earlier_response)
    limit = policy.max_messages
    if turn.message_count >= limit:
        session.rollback()
        # 409, not 429: waiting will not help, and a 429 promises that it would (Retry-After).
        raise ApiError(
            409,
            "conversation_full",
            f"This conversation has reached its limit of {limit} messages; please start a new one.",
        )
    if turn.live_chat_open:
        conversation = _locked_conversation(session, turn)
        return _post_in_live_chat(
            session, conversation, text, client_message_id, honeypot, snapshot, policy
        )
    state = ConversationState.from_json(turn.state)
    result = step(state, text, snapshot.knowledge, snapshot.index)
    if handoff.person_requested(result) is not None or _completes_lead(result):
        conversation = _locked_conversation(session, turn)
        return _settle_and_record(
            session, conversation, state, result, text, client_message_id, honeypot, snapshot,
            policy,
        )  # fmt: skip
    return _store_answer(session, turn, text, client_message_id, honeypot, result)


def stored_reply(
    session: Session, conversation_id: str, client_message_id: str, text: str, token_hash: str
) -> dict[str, Any] | None:
    """The response a message with this id already got, if the token is the conversation's.

    For a retry the rate limit refused: it changes nothing, so it need not wait. The token is
    compared in constant time; a wrong one learns nothing (None, as for no such message). With
    the right token, another text under the id is refused (ApiError 409), as it is within the
    limit.
    """
    found = queries.stored_response(session, conversation_id, client_message_id)
    session.rollback()  # read only; on SQLite the read began a write-locked transaction
    if found is None or not hmac.compare_digest(found[0], token_hash):
        return None
    return replay(found[1], text, found[2]).response


def replay(earlier_text: str, text: str, response: dict[str, Any]) -> Answered:
    """Answer a retry with the stored response, if it is one: an id already used for another
    text is a client's mistake (a message would be lost), refused with 409."""
    if earlier_text != text:
        raise ApiError(
            409,
            "client_message_id_reused",
            "This client_message_id was already used for another message in this "
            "conversation; send each new message with a new id.",
            {"client_message_id": "already used for another message"},
        )
    return Answered(response, replayed=True)


def _store_answer(
    session: Session,
    turn: turns.Turn,
    text: str,
    client_message_id: str,
    honeypot: bool,
    result: StepResult,
) -> Answered:
    """Store a plain answer (no lead, no person) with Core statements, and commit."""
    response = _step_response(result, None)
    stored = turns.TurnStep(
        response,
        AnswerFacts(result.intent, float(result.confidence), result.fallback, result.margin),
        reply_lines(result.replies),
        result.state.to_json(),
        stored_mode(result.state),
        result.state.context.comparison_id,
        lead_started=any(isinstance(event, LeadStarted) for event in result.events),
        honeypot=honeypot,
    )
    writes = turns.turn_writes(session, turn, text, client_message_id, stored, datetime.now(UTC))
    answered = Answered(response, _outcome(result))
    return _commit_or_replay(
        session, turn.conversation_id, client_message_id, text, answered, writes
    )


def _completes_lead(result: StepResult) -> bool:
    return any(isinstance(event, LeadCompleted) for event in result.events)


def _outcome(result: StepResult) -> str:
    return "fallback" if result.fallback else "answered" if result.intent else "form"


def _locked_conversation(session: Session, turn: turns.Turn) -> Conversation:
    """The turn's conversation as an ORM object, for the paths that change more than a turn
    (a person in the chat, a lead); its row is locked already."""
    conversation = session.get(Conversation, turn.conversation_id, populate_existing=True)
    assert conversation is not None  # locked by this transaction, so still there
    return conversation


def _post_in_live_chat(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    honeypot: bool,
    snapshot: KnowledgeSnapshot,
    policy: MessagePolicy,
) -> Answered:
    """A message while a person holds the chat (kept for them) or is awaited (answered)."""
    held = live_handoff.hold_for_person(
        session, conversation, text, client_message_id, snapshot.knowledge
    )
    if held is not None:  # a person holds the chat: the assistant stays quiet
        return _commit_or_replay(session, conversation.id, client_message_id, text, Answered(held))
    waiting = live_handoff.waiting_for_person(session, conversation)
    if not waiting:  # the wait just ran out: the assistant answers, as without a person
        state = ConversationState.from_json(conversation.state)
        result = step(state, text, snapshot.knowledge, snapshot.index)
        return _settle_and_record(
            session, conversation, state, result, text, client_message_id, honeypot, snapshot,
            policy,
        )  # fmt: skip
    # A person is on the way: the assistant answers what it can, starts nothing; a goodbye or
    # "stop waiting" ends the wait.
    state = ConversationState.from_json(conversation.state)
    result = handoff.step_while_waiting(state, text, snapshot.knowledge, snapshot.index)
    withdrawn = live_handoff.withdraw_wait(session, conversation, result)
    return _record_and_commit(
        session, conversation, text, client_message_id, honeypot, snapshot, policy,
        result, None, waiting=not withdrawn, withdrawn=withdrawn,
    )  # fmt: skip


def _settle_and_record(
    session: Session,
    conversation: Conversation,
    state: ConversationState,
    result: StepResult,
    text: str,
    client_message_id: str,
    honeypot: bool,
    snapshot: KnowledgeSnapshot,
    policy: MessagePolicy,
) -> Answered:
    """Settle a request for a person (or a completed lead) the step made, then store the turn."""
    settled, person_reason = live_handoff.settle_request(
        session, conversation, state, result, snapshot.knowledge
    )
    return _record_and_commit(
        session, conversation, text, client_message_id, honeypot, snapshot, policy,
        settled, person_reason,
    )  # fmt: skip


def _record_and_commit(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    honeypot: bool,
    snapshot: KnowledgeSnapshot,
    policy: MessagePolicy,
    result: StepResult,
    person_reason: str | None,
    waiting: bool = False,
    withdrawn: bool = False,
) -> Answered:
    """Store a step through the ORM (a lead, a person brought in or awaited) and commit.

    ``waiting``: a person is still awaited; ``withdrawn``: the visitor just ended the wait.
    """
    response = _step_response(result, person_reason, waiting)
    lead = record_step(
        session,
        conversation,
        text,
        client_message_id,
        result,
        response,
        policy.channels,
        honeypot=honeypot,
        spam_rules=policy.spam_rules,
    )
    if person_reason is not None:
        live_handoff.open_live_chat(
            session, conversation, person_reason, snapshot.knowledge, policy.channels
        )
    outcome: str | None = _outcome(result)
    if (waiting or withdrawn) and result.intent is None:
        outcome = None  # acknowledged for the person, as a held message is
    answered = Answered(response, outcome, lead)
    return _commit_or_replay(session, conversation.id, client_message_id, text, answered)


def _step_response(
    result: StepResult, person_reason: str | None, waiting: bool = False
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "replies": [reply.to_json() for reply in result.replies],
        "state": result.state.mode.value,
        "meta": {
            "intent": result.intent,
            "confidence": round(float(result.confidence), 4),
            "fallback": result.fallback,
        },
    }
    if person_reason is not None or waiting:
        response["live"] = {"status": LiveStatus.WAITING.value}
    return response


def _commit_or_replay(
    session: Session,
    conversation_id: int,
    client_message_id: str,
    text: str,
    answered: Answered,
    writes: Sequence[together.Write] = (),
) -> Answered:
    """Run the writes and commit; when another worker stored the same client_message_id
    first, answer what it did (or refuse, when it stored another text under the id)."""
    try:
        line_ids = [row[0] for row in together.commit_with(session, writes)]
    except IntegrityError:
        session.rollback()
        earlier = queries.find_visitor_message(session, conversation_id, client_message_id)
        if earlier is None or earlier.response is None:
            raise
        return replay(earlier.text, text, earlier.response)
    if line_ids:  # the ids PostgreSQL gave a plain answer's lines as it stored them
        turns.name_replies(answered.response, line_ids)
    return answered


def record_step(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    result: StepResult,
    response: dict[str, Any],
    channels: Sequence[Channel] = (),
    honeypot: bool = False,
    spam_rules: SpamRules = NO_SPAM_RULES,
) -> Lead | None:
    """Store the visitor's message with its response, the replies, the new state, any lead.

    ``honeypot`` says the widget's hidden field came back filled in; the conversation keeps
    that, and a lead it produces is marked as spam (stored, never dropped).
    """
    now = datetime.now(UTC)
    if honeypot and conversation.honeypot_at is None:
        conversation.honeypot_at = now
    answer = AnswerFacts(result.intent, float(result.confidence), result.fallback, result.margin)
    visitor = chat.add_visitor_message(
        session, conversation, text, client_message_id, response, answer, now
    )
    replies = chat.add_replies(session, conversation, reply_lines(result.replies))
    state = result.state
    chat.save_state(
        conversation, state.to_json(), stored_mode(state), state.context.comparison_id, now
    )
    lead = None
    for event in result.events:
        if isinstance(event, LeadStarted) and conversation.lead_started_at is None:
            conversation.lead_started_at = now
        if isinstance(event, LeadCompleted):
            reasons = spam_reasons(conversation, now, spam_rules)
            lead = save_lead(session, conversation, event.form, now, channels, reasons)
    session.flush()
    chat.number_replies(visitor, response, replies)
    return lead


def stored_mode(state: ConversationState) -> ConversationMode:
    """The dialogue's mode as storage keeps it."""
    return ConversationMode(state.mode.value)


def reply_lines(replies: Sequence[Reply]) -> list[ReplyLine]:
    """The replies as storage keeps them: plain text, and blocks and buttons to show again."""
    return [ReplyLine(reply.plain_text, _shown(reply)) for reply in replies]


def _shown(reply: Reply) -> dict[str, Any]:
    """What the widget needs to show a stored reply again: its blocks and buttons."""
    shown = reply.to_json()
    del shown["text"]  # stored once, as the message's plain text
    return shown
