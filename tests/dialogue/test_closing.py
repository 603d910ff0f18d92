"""The form's closing step: summary, one consent question linked to the privacy policy, the lead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from consultbot.dialogue.closing import (
    confirm,
    consent_question,
    consent_text,
    consent_version,
    to_confirmation,
)
from consultbot.dialogue.replies import LEAD_CANCELLED, LEAD_COMPLETED, LeadCompleted
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import PRIVACY_URL, TO_CONSENT, Chat

ANSWERS = {"name": "Ada", "email": "ada@example.com", "size": "large", "timeline": "in 6 weeks"}
CONSENT = "May we send these details to our team and contact you? (yes / no)"


def collecting(answers: dict[str, str] = ANSWERS) -> tuple[ConversationState, LeadDraft]:
    """A state in the middle of the form, with these answers given."""
    draft = LeadDraft(answers=answers)
    return ConversationState(mode=Mode.COLLECTING, lead=draft, page_url="/p"), draft


def test_the_form_ends_with_one_closing_question_linking_the_privacy_policy(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    summary, consent = chat.run(TO_CONSENT)[-1].replies
    assert "?" not in summary.text.split("\n")[0]  # the summary asks nothing
    assert consent.text.count("?") == 1 and consent.quick_replies == ("Yes", "No")
    assert kb.site.privacy_url and kb.site.privacy_url in consent.text
    done = chat.say("yes")
    [event] = [e for e in done.events if isinstance(e, LeadCompleted)]
    assert event.form.consent.text == consent.text
    assert event.form.consent.version == consent_version(consent.text)
    assert len(event.form.consent.version) == 64


def test_the_consent_wording_links_the_privacy_policy_when_there_is_one(
    form_kb: KnowledgeBase,
) -> None:
    assert form_kb.lead_form is not None
    question = consent_question(form_kb.lead_form)
    assert question is not None and question.id == "consent"
    assert (
        consent_text(form_kb.lead_form, form_kb) == f"{CONSENT} Our privacy policy: {PRIVACY_URL}"
    )
    without = form_kb.model_copy(
        update={"site": form_kb.site.model_copy(update={"privacy_url": None})}
    )
    assert consent_text(form_kb.lead_form, without) == CONSENT


def test_the_consent_version_is_the_hash_of_the_wording() -> None:
    assert consent_version("May we?") == consent_version("May we?")
    assert consent_version("May we?") != consent_version("May we?!")
    assert consent_version("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_confirmation_shows_the_summary_then_the_consent_question(form_kb: KnowledgeBase) -> None:
    assert form_kb.lead_form is not None
    state, draft = collecting()
    result = to_confirmation(state, draft, form_kb.lead_form, form_kb, form_kb.comparisons[0])
    summary, question = result.replies
    assert summary.text.startswith("Here is what I have:\nName: Ada\nEmail: ada@example.com\n")
    assert question.text == consent_text(form_kb.lead_form, form_kb)
    assert question.quick_replies == ("Yes", "No")
    assert result.state.lead is not None and result.state.lead.confirming
    assert result.state.lead.consent_shown == question.text


def test_a_yes_completes_the_lead_with_the_consent_as_shown(form_kb: KnowledgeBase) -> None:
    assert form_kb.lead_form is not None
    state, draft = collecting()
    draft = replace(draft, confirming=True, consent_shown="Shown [earlier](https://x.example/p).")
    result = confirm(state, draft, form_kb.lead_form, " Yes ", form_kb, None, date(2026, 1, 5))
    [event] = result.events
    assert isinstance(event, LeadCompleted) and event.kind == LEAD_COMPLETED
    form = event.form
    assert form.answers == {**ANSWERS, "consent": "yes"}
    assert form.consent.text == "Shown earlier (https://x.example/p)."
    assert form.consent.version == consent_version(form.consent.text)
    assert form.consent.reply == "Yes"
    assert form.score == 100 and form.reasons == ("large project (+40)",) and form.page_url == "/p"
    assert result.state.mode is Mode.DONE and result.state.lead is None


def test_a_no_keeps_nothing_and_a_no_naming_a_detail_asks_again(form_kb: KnowledgeBase) -> None:
    assert form_kb.lead_form is not None
    state, draft = collecting()
    declined = confirm(state, draft, form_kb.lead_form, "no", form_kb, None)
    assert [event.kind for event in declined.events] == [LEAD_CANCELLED]
    assert declined.state.lead is None and "haven't stored anything" in declined.replies[0].text
    correcting = confirm(state, draft, form_kb.lead_form, "no, the budget is 80k", form_kb, None)
    assert correcting.events == () and correcting.state == state
    assert correcting.replies[0].text.startswith(
        "Sorry, that sounds like you want to change something first."
    )


def test_a_yes_taken_back_as_a_joke_stores_nothing_and_asks_again(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TO_CONSENT)
    again = chat.say("yes lol jk")
    assert LEAD_COMPLETED not in [e.kind for e in again.events]
    assert "takes the yes back" in again.replies[0].text
    refused = chat.say("i do not consent")
    assert [e.kind for e in refused.events] == [LEAD_CANCELLED]
    assert chat.state.mode is Mode.ANSWERING


def test_a_no_to_the_consent_reads_as_one_sentence_after_another(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TO_CONSENT)
    refused = chat.say("no")
    assert "  " not in refused.replies[0].text
    assert refused.replies[0].text.startswith("Understood — I haven't stored anything. Ask me")
