"""Frameworks named in a message: what is asked about them."""

from __future__ import annotations

from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from consultbot.matching.resolve import MatchContext

ON_PAGE = MatchContext("django-vs-fastapi")


def test_what_is_a_names_property_does_not_ask_what_the_name_is(index: MatcherIndex) -> None:
    owned = determine_intent(index, "what's django's market share", ON_PAGE)
    assert owned.best is not None and owned.best.intent_id != "framework/django"
    assert determine_intent(index, "what's django", ON_PAGE).intent == "framework/django"
    assert determine_intent(index, "what is fastapi's admin like", ON_PAGE).intent == (
        "django-vs-fastapi/metric/built-in-admin"
    )
