"""The lead form step by step: consent that means yes, questions answered at each step, ways out."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.consent import Consent, read_consent
from consultbot.dialogue.replies import LEAD_CANCELLED, LEAD_COMPLETED, LeadCompleted
from consultbot.dialogue.state import Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import TO_CONSENT, Chat, kinds, text_of

STORED, NOT_STORED, ASKED_AGAIN = "stored", "not stored", "asked again"

# Each phrasing at the consent question, how it reads and what becomes of the lead.
CONSENT_CASES = [
    ("yes", Consent.YES),
    ("Yes!", Consent.YES),
    ("YES PLEASE", Consent.YES),
    ("y", Consent.YES),
    ("yep", Consent.YES),
    ("yeah sure", Consent.YES),
    ("ok", Consent.YES),
    ("okay, go ahead", Consent.YES),
    ("I agree", Consent.YES),
    ("i consent", Consent.YES),
    ("absolutely", Consent.YES),
    ("of course", Consent.YES),
    ("sure, why not", Consent.YES),
    ("no problem", Consent.YES),
    ("I don't mind", Consent.YES),
    ("send it", Consent.YES),
    ("👍", Consent.YES),
    ("no", Consent.NO),
    ("nope", Consent.NO),
    ("no thanks", Consent.NO),
    ("not now", Consent.NO),
    ("nah", Consent.NO),
    ("never", Consent.NO),
    ("absolutely not", Consent.NO),
    ("of course not", Consent.NO),
    ("don't store anything", Consent.NO),
    ("yesterday I said no", Consent.NO),
    ("yeah no", Consent.UNCLEAR),
    ("yes, but do NOT store my details", Consent.UNCLEAR),
    ("i agree that you should not contact me", Consent.UNCLEAR),
    ("I do not agree", Consent.NO),
    ("yes if you must", Consent.UNCLEAR),
    ("ok but only by email", Consent.UNCLEAR),
    ("maybe", Consent.UNCLEAR),
    ("maybe later", Consent.UNCLEAR),
    ("hmm", Consent.UNCLEAR),
    ("yes?", Consent.UNCLEAR),
    ("ja", Consent.UNCLEAR),
    ("oui", Consent.UNCLEAR),
    ("sí", Consent.UNCLEAR),
    ("da", Consent.UNCLEAR),
    ("🤷", Consent.UNCLEAR),
]
OUTCOME = {Consent.YES: STORED, Consent.NO: NOT_STORED, Consent.UNCLEAR: ASKED_AGAIN}


def outcome_of(chat: Chat, text: str) -> str:
    """Say the reply at the consent question and tell what became of the lead."""
    result = chat.say(text)
    if LEAD_COMPLETED in kinds(result):
        return STORED
    if LEAD_CANCELLED in kinds(result):
        assert chat.state.mode is Mode.ANSWERING and chat.state.lead is None
        return NOT_STORED
    assert chat.state.mode is Mode.COLLECTING and chat.state.lead is not None
    assert chat.state.lead.confirming and text_of(result).startswith("Sorry, ")
    assert [reply.quick_replies for reply in result.replies] == [("Yes", "No")]
    return ASKED_AGAIN


def test_the_table_has_at_least_thirty_phrasings_of_each_kind_between_them() -> None:
    assert len(CONSENT_CASES) >= 30
    assert {reading for _, reading in CONSENT_CASES} == set(Consent)


@pytest.mark.parametrize(("text", "reading"), CONSENT_CASES)
def test_only_an_unambiguous_yes_stores_the_lead(
    form_chat: Callable[..., Chat], text: str, reading: Consent
) -> None:
    assert read_consent(text).answer is reading
    chat = form_chat(TO_CONSENT)
    assert outcome_of(chat, text) == OUTCOME[reading]


def test_an_unclear_answer_says_why_and_a_yes_after_it_stores(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT)
    again = chat.say("yes, but do NOT store my details")
    assert text_of(again).startswith("Sorry, that says both yes and no. May we send")
    assert outcome_of(chat, "yes") == STORED


@pytest.mark.parametrize(
    "text",
    [
        "no wait",
        "no, wait, yes",
        "Details: should be 'yes'?? no wait",
        "oops no",
        "no hold on",
        "no, I meant the other size",
        "no - the budget is 80k",
        "no, the timeline is wrong",
        "not the details I gave",
    ],
)
def test_a_no_taken_back_or_correcting_a_detail_is_asked_again_and_keeps_the_form(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT)
    assert chat.state.lead is not None
    answers = dict(chat.state.lead.answers)
    assert outcome_of(chat, text) == ASKED_AGAIN
    assert chat.state.lead is not None and dict(chat.state.lead.answers) == answers
    assert outcome_of(chat, "yes") == STORED


@pytest.mark.parametrize("text", ["no", "No.", "nope", "no thanks", "don't store anything"])
def test_a_plain_no_still_keeps_nothing(form_chat: Callable[..., Chat], text: str) -> None:
    chat = form_chat(TO_CONSENT)
    declined = chat.say(text)
    assert kinds(declined) == [LEAD_CANCELLED]
    assert "haven't stored anything" in text_of(declined)
    assert chat.state.lead is None and chat.state.mode is Mode.ANSWERING


def test_other_languages_count_when_the_form_lists_them(
    form_kb: KnowledgeBase, form_index: MatcherIndex
) -> None:
    assert form_kb.lead_form is not None
    questions = tuple(
        q.model_copy(update={"yes_words": ("ja", "oui", "sí"), "no_words": ("nein",)})
        if q.kind == "consent"
        else q
        for q in form_kb.lead_form.questions
    )
    configured = form_kb.model_copy(
        update={"lead_form": form_kb.lead_form.model_copy(update={"questions": questions})}
    )
    for text, expected in [("ja", STORED), ("Oui", STORED), ("nein", NOT_STORED)]:
        chat = Chat(configured, form_index)
        chat.run(TO_CONSENT)
        assert outcome_of(chat, text) == expected


# Questions asked at each kind of step are answered, then the same step is asked again.
STEPS = [
    ("name", "text", 1),
    ("email", "email", 2),
    ("project_kind", "choice", 4),
    ("timeline", "text", 7),
]


@pytest.mark.parametrize(("question_id", "kind", "answered"), STEPS)
@pytest.mark.parametrize("question", ["which one is faster?", "what's your privacy policy?"])
def test_a_question_at_any_step_is_answered_and_the_step_asked_again(
    kb: KnowledgeBase,
    index: MatcherIndex,
    question_id: str,
    kind: str,
    answered: int,
    question: str,
) -> None:
    assert kb.lead_form is not None
    asked = kb.lead_form.question(question_id)
    assert asked is not None and asked.kind == kind
    chat = Chat(kb, index)
    chat.run(TO_CONSENT[:answered])
    assert chat.state.lead is not None and chat.state.lead.asking == question_id
    before = dict(chat.state.lead.answers)
    result = chat.say(question)
    expected = "FastAPI wins" if "faster" in question else "privacy policy is at"
    assert expected in result.replies[0].text
    assert result.replies[-1].text.startswith(f"Back to the form: {asked.prompt}")
    assert chat.state.lead.asking == question_id and dict(chat.state.lead.answers) == before
    chat.run(TO_CONSENT[answered:])
    done = chat.say("yes")
    [event] = [e for e in done.events if isinstance(e, LeadCompleted)]
    assert question not in event.form.answers.values()


def test_a_question_at_the_consent_step_is_answered_and_consent_asked_again(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TO_CONSENT)
    result = chat.say("what's your privacy policy?")
    assert "privacy policy is at" in result.replies[0].text
    assert result.replies[-1].text.startswith("Back to the form: May we send these details")
    assert outcome_of(chat, "yes") == STORED


def test_a_question_the_knowledge_cannot_answer_is_not_stored_as_the_answer(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TO_CONSENT[:5])  # asking for the stack
    result = chat.say("what's better for that, django or fastapi?")
    assert chat.state.lead is not None and "stack" not in chat.state.lead.answers
    assert result.replies[-1].text.startswith("Back to the form: What's your current")


def test_a_tentative_choice_with_a_question_mark_is_taken_as_the_answer(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat()
    chat.run(TO_CONSENT[:6])  # asking for the size
    chat.say("medium?")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "medium"


def test_opting_out_in_words_offers_cancel_and_cancel_keeps_nothing(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat()
    chat.run(TO_CONSENT[:2])  # asking for the email
    offer = chat.say("actually nevermind, I don't want to give my email")
    assert offer.replies[-1].quick_replies == ("Cancel", "Continue")
    assert "cancel the form" in text_of(offer)
    cancelled = chat.say("Cancel")
    assert kinds(cancelled) == [LEAD_CANCELLED] and chat.state.mode is Mode.ANSWERING


@pytest.mark.parametrize(
    "text",
    [
        "no thanks",
        "I'd rather not say",
        "stop",
        "never mind",
        "I don't want to share that",
        "can I skip this?",
        "what if I don't want to tell you?",
    ],
)
def test_opting_out_of_an_optional_question_offers_skip(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat()
    chat.run(TO_CONSENT[:3])  # asking for the company, which may be skipped
    offer = chat.say(text)
    assert offer.replies[-1].quick_replies == ("Skip", "Cancel", "Continue")
    chat.say("Skip")
    assert chat.state.lead is not None
    assert "company" in chat.state.lead.skipped and chat.state.lead.asking == "project_kind"


def test_continue_after_the_offer_asks_the_same_question_again(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT[:2])
    chat.say("stop")
    again = chat.say("Continue")
    assert again.replies[-1].text.startswith("What's your work email")
    chat.say("ada@example.com")
    assert chat.state.lead is not None and chat.state.lead.answers["email"] == "ada@example.com"


def test_every_question_offers_a_cancel_chip(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat()
    for result in chat.run(TO_CONSENT[:-1]):
        assert result.replies[-1].quick_replies[-1] == "Cancel"


def test_a_mistyped_domain_gets_a_suggestion_and_either_answer_is_taken(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT[:2])
    suggestion = chat.say("bob@startup.cmo")
    assert "Did you mean bob@startup.com?" in text_of(suggestion)
    assert suggestion.replies[-1].quick_replies[:2] == ("bob@startup.com", "bob@startup.cmo")
    chat.say("bob@startup.com")
    assert chat.state.lead is not None and chat.state.lead.answers["email"] == "bob@startup.com"
    insisted = form_chat(TO_CONSENT[:2])
    insisted.say("bob@startup.cmo")
    insisted.say("bob@startup.cmo")  # giving it again keeps it as written
    assert insisted.state.lead is not None
    assert insisted.state.lead.answers["email"] == "bob@startup.cmo"


@pytest.mark.parametrize(
    "text",
    [
        "We need to stop using Celery",
        "I don't want downtime during the move",
        "no downtime please, and never mind the admin",
    ],
)
def test_an_answer_that_merely_contains_opt_out_words_is_kept(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat()
    chat.run(TO_CONSENT[:-1])  # asking for the details
    chat.say(text)
    assert chat.state.lead is not None and chat.state.lead.confirming
    assert chat.state.lead.answers["details"] == text


def test_an_answer_given_mid_form_offers_no_chips_that_could_fill_the_step(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TO_CONSENT[:3])  # asking for the company
    result = chat.say("how much does a medium migration cost?")
    assert "$30K" in result.replies[0].text
    assert all(not reply.quick_replies for reply in result.replies[:-1])
    assert chat.state.lead is not None and "company" not in chat.state.lead.answers


def test_asking_for_a_person_at_a_free_text_step_is_not_stored_as_the_answer(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat()
    chat.run(TO_CONSENT[:3])  # asking for the company
    result = chat.say("talk to a human")
    assert "That's what this form is for" in text_of(result)
    assert chat.state.lead is not None and "company" not in chat.state.lead.answers
    # A company whose name only resembles a request is still taken as the answer.
    chat.say("Expert Systems Ltd")
    assert chat.state.lead.answers.get("company") == "Expert Systems Ltd"


# Commands and restatements typed at a step are not stored as its answer.


def test_skip_at_a_required_question_says_it_is_required_and_stores_nothing(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat()
    chat.say("talk to a human")
    for text in ("skip", "Skip ", "pass"):
        again = chat.say(text)
        assert "this question can't be skipped. What's your name?" in text_of(again), text
        assert chat.state.lead is not None and "name" not in chat.state.lead.answers
    chat.say("Ada")
    email = chat.say("skip")
    assert "couldn't find an email address" in text_of(email)
    assert "can't be skipped" in text_of(email)


def test_skip_at_an_optional_question_skips_it(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["talk to a human", "Ada", "ada@example.com"])
    chat.say("skip")  # the company may be skipped
    assert chat.state.lead is not None and "company" in chat.state.lead.skipped
    assert "company" not in chat.state.lead.answers


def test_a_name_that_merely_contains_skip_is_a_name(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["talk to a human", "Skipper Jones"])
    assert chat.state.lead is not None and chat.state.lead.answers["name"] == "Skipper Jones"


@pytest.mark.parametrize("budget", ["-5", "-$50k", "- 20,000"])
def test_a_negative_budget_is_refused_with_the_reason(
    form_chat: Callable[..., Chat], budget: str
) -> None:
    chat = form_chat(TO_CONSENT[:8])
    refused = chat.say(budget)
    assert "the budget can't be a negative number" in text_of(refused)
    assert chat.state.lead is not None and "budget" not in chat.state.lead.answers
    chat.say("$60k")
    assert chat.state.lead is not None and chat.state.lead.answers["budget"] == "$60k"


def test_my_name_is_at_another_question_corrects_the_name(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["talk to a human", "Ada", "ada@example.com"])
    corrected = chat.say("my name is Ada Lovelace")
    assert "updated your name" in text_of(corrected)
    assert "Which company are you with?" in text_of(corrected)
    assert chat.state.lead is not None
    assert chat.state.lead.answers["name"] == "Ada Lovelace"
    assert "company" not in chat.state.lead.answers


def test_my_company_is_at_the_company_question_is_the_answer(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(["talk to a human", "Ada", "ada@example.com", "my company is Acme"])
    assert chat.state.lead is not None
    assert chat.state.lead.answers["company"] == "my company is Acme"
    assert chat.state.lead.asking == "project_kind"


def test_a_correction_at_consent_shows_the_summary_again(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(TO_CONSENT)
    corrected = chat.say("actually the timeline is in 3 months")
    assert "updated your timeline" in text_of(corrected)
    assert "Here is what I have:" in text_of(corrected)
    assert "Timeline: in 3 months" in text_of(corrected)
    assert outcome_of(chat, "yes") == STORED


def test_yes_to_did_you_mean_takes_the_suggested_address(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["talk to a human", "Ada"])
    asked = chat.say("ada@gmial.com")
    assert "Did you mean ada@gmail.com?" in text_of(asked)
    chat.say("yes")
    assert chat.state.lead is not None and chat.state.lead.answers["email"] == "ada@gmail.com"


def test_no_to_did_you_mean_does_not_take_the_suggestion(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["talk to a human", "Ada", "ada@gmial.com"])
    chat.say("no")
    assert chat.state.lead is not None and "email" not in chat.state.lead.answers


@pytest.mark.parametrize(("step", "upto"), [("budget", 8), ("details", 9), ("stack", 5)])
@pytest.mark.parametrize("text", ["yes", "Yes!", "yep", "ok"])
def test_a_yes_at_a_free_text_step_asks_for_the_answer_and_is_never_stored(
    form_chat: Callable[..., Chat], step: str, upto: int, text: str
) -> None:
    chat = form_chat(TO_CONSENT[:upto])
    asked = chat.say(text)
    assert chat.state.lead is not None and step not in chat.state.lead.answers
    assert f"please type your {step} here" in text_of(asked)
    assert chat.state.lead.asking == step
    chat.say("$60k, Django 3.2 and Celery")
    assert chat.state.lead is not None
    assert chat.state.lead.answers[step] == "$60k, Django 3.2 and Celery"


def test_no_at_an_optional_step_still_skips_it(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(TO_CONSENT[:8])
    chat.say("no")
    assert chat.state.lead is not None and "budget" in chat.state.lead.skipped


def test_not_sure_at_the_timeline_is_kept_as_said(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(TO_CONSENT[:7])
    chat.say("not sure")
    assert chat.state.lead is not None and chat.state.lead.answers["timeline"] == "not sure"


def test_the_shipped_budget_and_details_prompts_are_not_yes_no_questions(
    kb: KnowledgeBase,
) -> None:
    assert kb.lead_form is not None
    for question_id in ("budget", "details"):
        question = kb.lead_form.question(question_id)
        assert question is not None
        assert question.prompt.startswith("What"), question.prompt
