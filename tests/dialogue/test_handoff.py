"""What the visitor is told when a person is brought in, is not free, or does not come (pure)."""

from __future__ import annotations

from consultbot.dialogue.engine import step
from consultbot.dialogue.handoff import bring_in, nobody_free, person_requested, timed_out
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase, Site
from consultbot.matching.index import MatcherIndex


def test_asking_for_a_person_is_reported_to_the_shell(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = step(ConversationState(), "let me talk to a person", kb, index)
    assert person_requested(result) == "asked for a person"
    assert result.state.mode is Mode.COLLECTING  # the form, unless the shell brings someone in


def test_a_question_asks_for_no_person(kb: KnowledgeBase, index: MatcherIndex) -> None:
    assert person_requested(step(ConversationState(), "which is faster?", kb, index)) is None


def test_bringing_a_person_in_keeps_the_state_before_the_request(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    before = ConversationState()
    result = bring_in(before, step(before, "contact sales", kb, index), kb)
    assert result.state == before
    assert [r.text for r in result.replies] == [kb.site.live_chat.bringing_in]
    assert person_requested(result) == "asked for a person"


def test_nobody_free_says_so_before_the_form_with_the_booking_link(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    booking = kb.model_copy(update={"site": Site(booking_url="https://example.com/book")})
    form = step(ConversationState(), "let me talk to a person", booking, index)
    told = nobody_free(form, booking)
    assert told.replies[0].text == (
        "None of our engineers is free to chat right now. "
        "You can also book a call at a time that suits you: https://example.com/book"
    )
    assert told.replies[1:] == form.replies and told.state == form.state


def test_a_wait_that_ran_out_offers_the_form(kb: KnowledgeBase) -> None:
    reply = timed_out(kb)
    assert "none of our engineers could join" in reply.text
    assert reply.quick_replies == ("Talk to an expert",)
