"""Reading a message once: names set aside by the visitor are not what it asks about."""

from __future__ import annotations

import pytest

from consultbot.matching.analysis import analyse
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from consultbot.matching.phrases import Role

PAGE = "django-vs-fastapi"


def named_frameworks(index: MatcherIndex, text: str) -> set[str]:
    read = analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english
    )
    return {
        sense.target for spot in read.spots for sense in spot.senses if sense.role is Role.FRAMEWORK
    }


@pytest.mark.parametrize(
    "text",
    [
        "ok forget flask. between django and fastapi, which should I pick?",
        "never mind flask, django or fastapi?",
        "forget about flask: django or fastapi",
        "django or fastapi, not flask",
    ],
)
def test_a_name_set_aside_is_not_asked_about(index: MatcherIndex, text: str) -> None:
    assert "flask" not in named_frameworks(index, text)


@pytest.mark.parametrize(
    "text",
    ["why not flask?", "wouldn't flask be simpler than both?", "flask or not?", "is flask good"],
)
def test_a_name_proposed_with_not_is_still_asked_about(index: MatcherIndex, text: str) -> None:
    assert "flask" in named_frameworks(index, text)


def test_setting_a_name_aside_leaves_the_question(index: MatcherIndex) -> None:
    after_flask = MatchContext(PAGE, "alternative:flask")
    text = "ok forget flask. between django and fastapi, which should I pick?"
    assert determine_intent(index, text, after_flask).intent == "which-to-choose"
    assert determine_intent(index, "is flask simpler?", MatchContext(PAGE)).intent == (
        "django-vs-fastapi/alternative/flask"
    )


def asked_kinds(index: MatcherIndex, text: str) -> set[str]:
    read = analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english
    )
    return {sense.target for spot in read.spots for sense in spot.senses if sense.role is Role.CUE}


@pytest.mark.parametrize(
    "text",
    [
        "it is not a migration, what would a fresh api cost",
        "no porting, we start from nothing: budget?",
        "we are not migrating anything, rough price for a new product",
        "without any rewrite, what does a new service cost",
    ],
)
def test_a_migration_ruled_out_is_not_asked_about(index: MatcherIndex, text: str) -> None:
    assert "migrate" not in asked_kinds(index, text)


@pytest.mark.parametrize(
    "text",
    ["why not migrate?", "migrate or not?", "what if not porting costs more later", "we migrate"],
)
def test_a_migration_proposed_or_kept_is_asked_about(index: MatcherIndex, text: str) -> None:
    assert "migrate" in asked_kinds(index, text)


def test_log_in_is_a_login_not_a_log_of_the_chat(index: MatcherIndex) -> None:
    read = analyse(
        "can staff log into the back office and log out again",
        index.phrases,
        index.corrector,
        index.shorthand,
        index.known,
        index.english,
    )
    assert read.tokens.count("login") == 1 and "logout" in read.tokens and "log" not in read.tokens
    intent = determine_intent(index, "can staff log in to edit the stock", MatchContext(PAGE))
    assert intent.intent != "privacy"
    assert determine_intent(index, "do you log my messages?", MatchContext(PAGE)).intent == (
        "privacy"
    )


@pytest.mark.parametrize(
    ("text", "about_page"),
    [
        ("summarise this comparison for my investors", True),
        ("who wrote your article", True),
        ("best page builder for wordpress", False),
    ],
)
def test_a_message_about_the_page_itself_is_marked(
    index: MatcherIndex, text: str, about_page: bool
) -> None:
    read = analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english
    )
    assert read.about_page is about_page


def test_words_of_ones_own_around_a_summary_of_this_page_still_get_it(index: MatcherIndex) -> None:
    text = "summarise this comparison in three bullet points for my investors"
    assert determine_intent(index, text, MatchContext(PAGE)).intent == "django-vs-fastapi/verdict"


def test_a_common_word_of_another_topic_is_foreign_when_the_knowledge_says_so(
    index: MatcherIndex,
) -> None:
    text = "is fastapi more secure than django"
    plain = analyse(text, index.phrases, index.corrector, index.shorthand, index.known,
                    index.english)  # fmt: skip
    marked = analyse(text, index.phrases, index.corrector, index.shorthand, index.known,
                     index.english, index.elsewhere)  # fmt: skip
    assert "secure" not in plain.foreign and "secure" in marked.foreign
    assert determine_intent(index, text, MatchContext(PAGE)).intent is None


def test_where_the_visitor_comes_from_is_not_a_foreign_subject(index: MatcherIndex) -> None:
    def foreign(text: str) -> tuple[str, ...]:
        return analyse(
            text, index.phrases, index.corrector, index.shorthand, index.known, index.english
        ).foreign

    assert "symfony" not in foreign("is fastapi productive for someone coming from symfony")
    assert "symfony" not in foreign("our background is in java, we have experience with symfony")
    # Named as the subject, the same word is still foreign.
    assert "symfony" in foreign("is symfony faster than fastapi")
