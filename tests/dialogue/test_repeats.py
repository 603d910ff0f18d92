"""The same long answer is never given twice in a row."""

from __future__ import annotations

from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.repeats import (
    IN_SHORT,
    LONG_ANSWER_CHARS,
    SHORT_CHARS,
    fingerprint,
    in_short,
)
from consultbot.dialogue.replies import Reply
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import Chat, text_of

FASTER = "Which is faster?"


def test_the_same_long_answer_asked_again_is_given_again_in_short(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    first = chat.say(FASTER)
    assert len(text_of(first)) >= LONG_ANSWER_CHARS
    again = chat.say(FASTER)
    assert again.intent == first.intent
    said = text_of(again)
    assert said.startswith(IN_SHORT)
    gist = said.removeprefix(IN_SHORT)
    # The answer's own first words, whole sentences, shorter than the answer: no brush-off.
    assert first.replies[0].plain_text.startswith(gist.rstrip("."))
    assert 0 < len(gist) <= SHORT_CHARS + 100 and len(gist) < len(text_of(first))
    assert "nothing to add" not in said
    chips = again.replies[0].quick_replies
    assert chips[-2:] == (ESTIMATE, EXPERT)
    assert len(chips) <= 4
    # Asked a third time, it still is not given in full, and still answers.
    assert text_of(chat.say("which one is faster")) == said


def test_the_gist_is_whole_sentences_with_its_marks_escaped() -> None:
    answer = Reply("FastAPI is faster. It serves *3x* the requests. " + "More detail. " * 30)
    gist = in_short([answer]).removeprefix(IN_SHORT)
    assert gist.startswith("FastAPI is faster. It serves \\*3x\\* the requests. More detail.")
    assert gist.endswith("More detail.") and len(gist) <= SHORT_CHARS + 4  # + the escapes
    assert in_short([Reply("One sentence only")]) == IN_SHORT + "One sentence only"


def test_an_answer_asked_again_after_another_is_given_in_full(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    first = chat.say(FASTER)
    chat.say("hello")
    assert text_of(chat.say(FASTER)) == text_of(first)


def test_a_short_answer_may_be_given_again(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.say("what would a medium migration cost?")
    first = chat.say("how long?")
    assert len(text_of(first)) < LONG_ANSWER_CHARS
    assert text_of(chat.say("how long?")) == text_of(first)


def test_a_question_asked_twice_during_the_form_is_answered_and_the_form_resumed(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.say(EXPERT)
    first = chat.say(FASTER)
    assert len(first.replies) > 1  # the answer, then the form's question again
    again = chat.say(FASTER)
    assert text_of(again) == text_of(first)


def test_the_fingerprint_tells_answers_apart() -> None:
    assert fingerprint([Reply("a")]) == fingerprint([Reply("a", ("chip",))])
    assert fingerprint([Reply("a")]) != fingerprint([Reply("b")])


def test_a_state_stored_before_the_fingerprint_existed_still_loads() -> None:
    stored = ConversationState().to_json()
    del stored["last_answer"]
    assert ConversationState.from_json(stored).last_answer is None
