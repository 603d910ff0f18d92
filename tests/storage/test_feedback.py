"""A thumbs up or down is stored on an answer of the visitor's own conversation, and only there."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consultbot.storage import feedback
from consultbot.storage.models import Conversation, Feedback, Message, Role
from tests.storage.factories import make_conversation, make_message


def say(session: Session, conversation: Conversation, role: Role, text: str) -> Message:
    """Add a line; only visitors' lines carry a client message id."""
    client_id = None if role is Role.ASSISTANT else f"c-{text}"
    return make_message(session, conversation, role=role, text=text, client_message_id=client_id)


def test_an_answer_after_a_question_is_found(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    say(db_session, conversation, Role.ASSISTANT, "Hi! Ask me anything.")
    say(db_session, conversation, Role.VISITOR, "Which one is faster?")
    answer = say(db_session, conversation, Role.ASSISTANT, "FastAPI, by a margin.")
    assert feedback.find_answer(db_session, conversation, answer.id) is answer


def test_the_greeting_a_question_or_another_conversations_answer_is_not(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    greeting = say(db_session, conversation, Role.ASSISTANT, "Hi! Ask me anything.")
    question = say(db_session, conversation, Role.VISITOR, "Which one is faster?")
    say(db_session, conversation, Role.ASSISTANT, "FastAPI.")
    other = make_conversation(db_session)
    say(db_session, other, Role.VISITOR, "hello")
    elsewhere = say(db_session, other, Role.ASSISTANT, "Hello there.")
    assert feedback.find_answer(db_session, conversation, greeting.id) is None
    assert feedback.find_answer(db_session, conversation, question.id) is None
    assert feedback.find_answer(db_session, conversation, elsewhere.id) is None
    assert feedback.find_answer(db_session, conversation, elsewhere.id + 1000) is None


def test_a_rating_is_stored_with_its_comment_and_time(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    say(db_session, conversation, Role.VISITOR, "Which one is faster?")
    answer = say(db_session, conversation, Role.ASSISTANT, "FastAPI.")
    feedback.set_feedback(db_session, answer, Feedback.DOWN, "It did not say by how much")
    db_session.expire(answer)
    assert answer.feedback == Feedback.DOWN
    assert answer.feedback_comment == "It did not say by how much"
    assert answer.feedback_at is not None


def test_withdrawing_a_rating_clears_its_comment_and_time(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    say(db_session, conversation, Role.VISITOR, "Which one is faster?")
    answer = say(db_session, conversation, Role.ASSISTANT, "FastAPI.")
    feedback.set_feedback(db_session, answer, Feedback.UP, "great")
    feedback.set_feedback(db_session, answer, None, "a comment without a rating")
    db_session.expire(answer)
    assert (answer.feedback, answer.feedback_comment, answer.feedback_at) == (None, None, None)
