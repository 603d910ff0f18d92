"""Quick replies lead on: never to the answer just given, nor to an earlier one if others exist."""

from __future__ import annotations

from consultbot.dialogue.answers import EXPERT
from consultbot.dialogue.chips import lead_on
from consultbot.dialogue.engine import match_context
from consultbot.dialogue.replies import Reply, StepResult
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from tests.dialogue.conftest import Chat

LITESTAR = "framework/litestar"
FASTER = "django-vs-fastapi/criterion/api-performance"
TOPICS = ("Which is faster?", "What does a migration cost?", "What can go wrong?")


def leads_to(index: MatcherIndex, chat: Chat, chip: str) -> str | None:
    return determine_intent(index, chip, match_context(chat.state)).intent


def chips_of(result: StepResult) -> list[str]:
    return [chip for reply in result.replies for chip in reply.quick_replies]


def test_no_chip_after_what_is_litestar_asks_it_again(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    answer = chat.say("What is Litestar?")
    assert answer.intent == LITESTAR
    chips = chips_of(answer)
    assert chips
    led_to = [leads_to(index, chat, chip) for chip in chips]
    assert LITESTAR not in led_to
    # Each one leads somewhere: none ends in "I'm not sure I understood".
    assert None not in led_to
    assert "django-vs-fastapi/alternative/litestar" in led_to


def test_chips_answered_earlier_give_way_to_new_questions(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    answered = {chat.say(text).intent for text in ("Which is faster?", "Feature completeness")}
    third = chat.say("Developer experience")
    led_to = {leads_to(index, chat, chip) for chip in chips_of(third)}
    assert not led_to & (answered | {third.intent})
    assert led_to - {None}, "new questions stand in for the ones answered"
    # The greeting's own chips leave out the question answered before.
    hello = chat.say("hello")
    assert "Which is faster?" not in chips_of(hello)
    assert "What does a migration cost?" in chips_of(hello)


def test_a_chip_repeating_the_answer_is_dropped_and_replaced(index: MatcherIndex) -> None:
    before = ConversationState().with_context(comparison_id="django-vs-fastapi")
    after = before.with_context(kind="framework", item_id="litestar")
    result = StepResult(
        (Reply("Litestar is…", ("What is Litestar?", EXPERT)),), after, (), LITESTAR
    )
    led = lead_on(before, result, index, match_context(after), TOPICS)
    assert led.replies[0].quick_replies == (*TOPICS, EXPERT)
    assert led.state.answered == (LITESTAR,)


def test_an_earlier_question_is_offered_when_nothing_new_is_left(index: MatcherIndex) -> None:
    before = ConversationState(answered=(FASTER,)).with_context(comparison_id="django-vs-fastapi")
    result = StepResult((Reply("Hello!", ("Which is faster?", EXPERT)),), before, (), "greeting")
    led = lead_on(before, result, index, match_context(before), topics=())
    assert led.replies[0].quick_replies == ("Which is faster?", EXPERT)
    assert led.state.answered == (FASTER, "greeting")


def test_which_did_you_mean_keeps_its_options(index: MatcherIndex) -> None:
    before = ConversationState(answered=(FASTER,)).with_context(comparison_id="django-vs-fastapi")
    asked = Reply("Do you mean API performance or documentation?", ("Which is faster?", "Docs?"))
    result = StepResult((asked,), before, (), None, 0.4, True, asks_which=True)
    assert lead_on(before, result, index, match_context(before), TOPICS) == result


def test_the_answered_items_survive_the_state_round_trip_and_old_states_load() -> None:
    state = ConversationState(answered=(FASTER, LITESTAR))
    assert ConversationState.from_json(state.to_json()) == state
    stored = state.to_json()
    del stored["answered"]
    assert ConversationState.from_json(stored).answered == ()
