"""The conversation state is a plain value: it survives JSON, and bad stored values start afresh."""

from __future__ import annotations

import json

import pytest

from consultbot.dialogue.state import (
    STATE_VERSION,
    ConversationState,
    LeadDraft,
    Mode,
    TopicContext,
)

FULL = ConversationState(
    mode=Mode.COLLECTING,
    context=TopicContext(
        "django-vs-fastapi", ("django", "fastapi"), "tier", "large", "large", "privacy"
    ),
    lead=LeadDraft(
        answers={"name": "Ada", "email": "ada@example.com"},
        asking="company",
        skipped=("budget",),
        confirming=True,
        consent_shown="May we?",
        pending_email="ada@gmial.com",
        exit_offered=True,
        pending_choice="small",
    ),
    fallbacks_in_row=2,
    page_url="/compare/django-vs-fastapi",
    offer_pending=True,
)


@pytest.mark.parametrize("state", [ConversationState(), FULL])
def test_a_state_survives_the_json_round_trip(state: ConversationState) -> None:
    stored = json.loads(json.dumps(state.to_json()))
    assert stored["version"] == STATE_VERSION
    assert ConversationState.from_json(stored) == state


@pytest.mark.parametrize("stored", [None, {}, {"version": STATE_VERSION + 1, "mode": "done"}])
def test_nothing_or_an_unknown_version_starts_afresh(stored: dict[str, object] | None) -> None:
    assert ConversationState.from_json(stored) == ConversationState()


def test_a_state_stored_before_offers_existed_has_none_pending() -> None:
    stored = FULL.to_json()
    del stored["offer_pending"]
    assert ConversationState.from_json(stored).offer_pending is False


def test_a_state_stored_before_faq_follow_ups_has_no_faq_answered() -> None:
    stored = FULL.to_json()
    del stored["context"]["faq"]
    assert ConversationState.from_json(stored).context.faq is None


def test_answers_are_read_back_as_text() -> None:
    stored = FULL.to_json()
    stored["lead"]["answers"] = {"team": 40}
    restored = ConversationState.from_json(stored)
    assert restored.lead is not None and restored.lead.answers == {"team": "40"}


def test_with_context_changes_only_the_fields_named() -> None:
    changed = FULL.with_context(kind="criterion", item_id="documentation")
    assert changed.context == TopicContext(
        "django-vs-fastapi", ("django", "fastapi"), "criterion", "documentation", "large", "privacy"
    )
    assert changed.lead == FULL.lead and FULL.context.kind == "tier"


def test_an_unknown_mode_is_refused() -> None:
    stored = {**FULL.to_json(), "mode": "sleeping"}
    with pytest.raises(ValueError, match="'sleeping' is not a valid Mode"):
        ConversationState.from_json(stored)
