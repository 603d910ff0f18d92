"""Whole conversations through the pure dialogue: answers, follow-ups, the lead form."""

from __future__ import annotations

from consultbot.dialogue.engine import start, step
from consultbot.dialogue.replies import (
    FALLBACK,
    HANDOFF_REQUESTED,
    LEAD_CANCELLED,
    LEAD_COMPLETED,
    LeadCompleted,
)
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex, compile_index
from tests.dialogue.conftest import Chat, kinds, text_of
from tests.matching.conftest import comparison_kb


def test_a_comparison_page_starts_in_its_context(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    assert chat.state.context.comparison_id == "django-vs-fastapi"
    assert chat.greeting[0].text == kb.site.greeting
    answer = chat.say("which one is faster?")
    assert "FastAPI wins (Django 7/10, FastAPI 10/10)" in text_of(answer)
    assert answer.intent == "django-vs-fastapi/criterion/api-performance"


def test_a_criterion_gives_both_scores_the_winner_and_why(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    answer = Chat(kb, index).say("which has better documentation")
    assert "Documentation: FastAPI wins (Django 9/10, FastAPI 10/10)" in text_of(answer)
    assert "OpenAPI" in text_of(answer)
    assert "Get a cost estimate" in answer.replies[0].quick_replies


def test_follow_up_question_reuses_the_topic_kind(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.say("which has better async support?")
    follow_up = chat.say("and docs?")
    assert follow_up.intent == "django-vs-fastapi/criterion/documentation"
    assert chat.state.context.kind == "criterion"


def test_follow_up_on_a_cost_tier_gives_the_next_tier(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    small = chat.say("how mcuh to port a small app")
    assert "$6K–$20K" in text_of(small) and "2–6 weeks" in text_of(small)
    large = chat.say("and a large one?")
    assert "$120K–$400K+" in text_of(large) and "5–10 months" in text_of(large)
    assert "admin panel" in text_of(large)


def test_follow_up_on_an_alternative_answers_its_gotcha(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    first = chat.say("what about flask?")
    assert "Flask is best for" in text_of(first)
    gotcha = chat.say("biggest gotcha?")
    assert text_of(gotcha).startswith("The biggest gotcha with Flask:")
    assert "home-made Django" in text_of(gotcha)


def test_a_metric_gives_both_values_and_the_source(kb: KnowledgeBase, index: MatcherIndex) -> None:
    answer = Chat(kb, index).say("how many github stars do they have")
    assert "about 79K" in text_of(answer) and "about 78K" in text_of(answer)
    assert "Source: github.com" in text_of(answer)


def test_two_fallbacks_in_a_row_offer_a_human(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    first = chat.say("what's the weather like in paris")
    assert first.fallback and kinds(first) == [FALLBACK]
    assert first.replies[0].text.startswith(kb.site.fallback)
    second = chat.say("qwerty zxcv")
    assert kinds(second) == [FALLBACK, HANDOFF_REQUESTED]
    assert "Talk to an expert" in second.replies[-1].quick_replies
    chat.say("hello")
    assert chat.state.fallbacks_in_row == 0


def test_small_talk_gets_short_answers(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    assert chat.say("are you a bot?").intent == "bot-identity"
    assert chat.say("thanks!").intent == "thanks"
    assert chat.say("bye").intent == "goodbye"


LEAD_SCRIPT = [
    "I'd like a consultation",
    "Ada Lovelace",
    "ada@",  # no domain: asked again
    "ada@example.com",
    "Analytical Engines Ltd",
    "we're migrating",
    "Django, moving to FastAPI",
    "a team of 40 migrating a multi-tenant app",
    "about 3 months",
    "skip",
    "which has better async support?",  # answered mid-form, then the form resumes
    "actually my email is ada@engines.example",
    "We need SSO.",
]


def test_the_lead_form_collects_validates_and_records_with_consent(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    results = chat.run(LEAD_SCRIPT)
    assert chat.state.mode is Mode.COLLECTING or chat.state.lead is not None
    bad_email = results[2]
    assert "nothing after the @" in text_of(bad_email)
    mid_form = results[10]
    assert "Async support: FastAPI wins" in text_of(mid_form)
    assert "Back to the form:" in text_of(mid_form)
    correction = results[11]
    assert "updated your email" in text_of(correction)
    summary = text_of(results[-1])
    assert "Email: ada@engines.example" in summary
    assert "Size: Large" in summary
    assert "$120K–$400K+" in summary and "5–10 months" in summary
    done = chat.say("yes")
    assert kinds(done) == [LEAD_COMPLETED]
    [event] = done.events
    assert isinstance(event, LeadCompleted)
    completed = event.form
    assert completed.answers["email"] == "ada@engines.example"
    assert completed.answers["size"] == "large"
    assert completed.answers["project_kind"] == "migration"
    assert "budget" not in completed.answers
    assert completed.score > 0 and any("large project" in r for r in completed.reasons)
    assert chat.state.mode is Mode.DONE and chat.state.lead is None


def test_no_consent_stores_nothing(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.run(LEAD_SCRIPT)
    declined = chat.say("no")
    assert kinds(declined) == [LEAD_CANCELLED]
    assert chat.state.lead is None and chat.state.mode is Mode.ANSWERING
    assert "haven't stored anything" in text_of(declined)


def test_the_form_can_be_cancelled(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.run(["we need a quote", "Grace"])
    cancelled = chat.say("cancel")
    assert kinds(cancelled) == [LEAD_CANCELLED]
    assert chat.state.lead is None and chat.state.mode is Mode.ANSWERING


def test_a_wrong_size_is_asked_again_with_the_reason(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(["talk to a human", "Grace", "grace@example.com", "skip", "new build", "Go"])
    wrong = chat.say("purple")
    assert "please pick one of: small, medium, large" in text_of(wrong)
    assert chat.state.lead is not None and "size" not in chat.state.lead.answers
    asked = chat.say("$50k")
    assert '"$50k" sounds like a medium project: is that right?' in text_of(asked)
    chat.say("yes")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "medium"


def test_a_required_question_cannot_be_skipped(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.run(["book a call", "Grace"])
    skipped = chat.say("skip")
    assert "couldn't find an email address" in text_of(skipped)


def test_an_unknown_stored_state_starts_afresh() -> None:
    assert ConversationState.from_json({"version": 999, "mode": "bogus"}) == ConversationState()
    assert ConversationState.from_json(None) == ConversationState()


def test_a_second_fallback_is_worded_differently_and_offers_a_person(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    first, second = chat.run(["what's the weather like in paris", "asdf qwer zxcv"])
    assert first.replies[0].text != second.replies[0].text
    assert second.replies[-1].quick_replies == ("Talk to an expert",)


def test_a_fallback_never_offers_small_talk_or_the_question_itself(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    small_talk = {"Hi", "Thanks", "Bye", "Goodbye", "Are you a bot"}
    for text in ("which to choose?", "what's the capital of france", "hmm", "verdict thanks"):
        result = Chat(kb, index).say(text)
        offered = {q for reply in result.replies for q in reply.quick_replies}
        assert text not in offered
        assert not {q.lower() for q in offered} & {s.lower() for s in small_talk}
        assert all("/" not in q and "-" not in q.split(" ")[0] for q in offered)


def test_an_ambiguous_question_is_answered_with_a_question_in_the_visitor_s_words(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    asked = chat.say("validation")
    assert asked.fallback and asked.intent is None
    assert asked.replies[0].text.startswith("Do you mean ")
    chips = asked.replies[0].quick_replies
    assert len(chips) >= 2 and all("/" not in chip for chip in chips)
    # Pressing a chip answers the item it names.
    chosen = {chat.say(chip).intent for chip in chips}
    assert {
        "django-vs-fastapi/criterion/developer-experience",
        "django-vs-fastapi/pitfall/pydantic-v2",
    } <= chosen


def test_a_pair_no_page_compares_is_answered_from_what_we_know_of_each(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("go vs fastapi for high-throughput apis")
    assert result.intent == "django-vs-fastapi/alternative/go-gin"
    assert text_of(result).startswith("We have no page comparing Go + Gin / Chi with")


def test_a_pair_with_an_unknown_framework_falls_back_naming_it(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("django vs rails?")
    assert result.fallback
    assert text_of(result).startswith("I don't have a comparison covering rails.")


def test_a_fact_the_page_does_not_hold_falls_back_saying_what_is_missing(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("how many github stars does flask have?")
    assert result.fallback
    assert text_of(result).startswith("This page doesn't have that (GitHub stars for Flask).")
    # The same question about a framework the page compares is answered.
    assert not Chat(kb, index).say("how many github stars does fastapi have?").fallback


def test_what_is_a_framework_is_answered_from_its_description(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("what is prefect?")
    assert result.intent == "framework/prefect"
    assert "orchestrator" in text_of(result)


def test_a_new_build_is_not_quoted_migration_prices(kb: KnowledgeBase, index: MatcherIndex) -> None:
    result = Chat(kb, index).say("how much does a new build cost?")
    assert result.intent == "new-build-cost"
    assert "$6K" not in text_of(result)


def test_other_alternatives_after_one_lists_them_all(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    assert chat.say("what about flask?").intent == "django-vs-fastapi/alternative/flask"
    assert chat.say("Other alternatives").intent == "django-vs-fastapi/alternatives"


def test_a_first_fallback_offers_a_person_and_no_guesswork(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("what's the weather today?")
    assert result.fallback
    chips = result.replies[0].quick_replies
    assert chips[-1] == "Talk to an expert"
    assert "Is the consultation free?" not in chips


def test_an_alternative_asked_about_alone_gets_no_note_about_missing_pages(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("what about flask?")
    assert result.intent == "django-vs-fastapi/alternative/flask"
    assert text_of(result).startswith("Flask is best for")


def test_a_clarifying_question_has_one_question_mark_when_a_title_is_a_question(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    asked = Chat(kb, index).say("is it free")
    text = asked.replies[0].text
    assert "??" not in text
    if asked.intent is None and text.startswith("Do you mean "):
        assert text.endswith("?")


def test_on_a_site_of_several_comparisons_a_question_naming_no_pair_asks_which() -> None:
    site = comparison_kb(3)
    index = compile_index(site)
    home = start(site, None).state
    asked = step(home, "which is faster?", site, index)
    assert asked.replies[0].text.startswith("Which comparison do you mean?")
    assert asked.replies[0].quick_replies[0] == "alpha vs beta"
    chosen = step(asked.state, asked.replies[0].quick_replies[0], site, index)
    again = step(chosen.state, "which is faster?", site, index)
    assert again.replies[0].text.startswith("Speed: Beta wins")
    # Small talk and questions about us need no page.
    assert step(home, "hello", site, index).replies[0].text == "Hi!"
    # With one comparison (the shipped site) every question is about it.
    on_one = comparison_kb(1)
    one = step(start(on_one, None).state, "which is faster?", on_one, compile_index(on_one))
    assert one.replies[0].text.startswith("Speed: Beta wins")


def test_asking_for_a_quote_starts_the_form_with_one_introduction(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(kb, index).say("we need a quote")
    assert kb.lead_form is not None
    texts = [reply.text for reply in result.replies]
    # The form's introduction (with the booking links), then its first question; not a
    # second introduction before it.
    assert texts == [kb.lead_form.intro, "What's your name?"]


def test_a_follow_up_to_an_faq_answer_is_about_its_topic(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    state = start(kb, "/compare/django-vs-fastapi").state
    state = step(state, "how does the consultation work", kb, index).state
    assert state.context.faq == "consultation-info"
    followed = step(state, "and is it paid?", kb, index)
    assert followed.intent == "consultation-info"
    # A page answer in between: "it" is no longer the consultation.
    state = step(state, "which is faster?", kb, index).state
    assert state.context.faq is None


def test_a_clarifying_question_keeps_acronyms_and_names_capitalised(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    asked = Chat(kb, index).say("how much faster is fastapi really, numbers pls")
    text = asked.replies[0].text
    assert text.startswith("Do you mean ") and "aPI" not in text
    assert "API performance" in text
