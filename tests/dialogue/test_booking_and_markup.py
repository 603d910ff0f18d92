"""The "Book a call" button where a person is on offer, and visitors' words kept literal."""

from __future__ import annotations

import pytest

from consultbot.dialogue.replies import BOOK_A_CALL, LeadCompleted, LinkReply, Reply
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import TO_CONSENT, Chat

BOOKING = "https://cal.example.com/consultancy"


@pytest.fixture
def booking_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """The shipped knowledge with a booking address in its site settings."""
    site = kb.site.model_copy(update={"booking_url": BOOKING})
    return kb.model_copy(update={"site": site})


def links_of(replies: tuple[Reply, ...]) -> list[LinkReply]:
    return [link for reply in replies for link in reply.link_replies]


def test_asking_for_a_person_offers_the_booking_link(
    booking_kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(booking_kb, index).say("I'd like to talk to a human")

    assert links_of(result.replies) == [LinkReply(BOOK_A_CALL, BOOKING)]
    assert result.replies[0].to_json()["link_replies"] == [{"label": "Book a call", "url": BOOKING}]
    # The form still goes on for those who prefer it.
    assert result.state.lead is not None


def test_without_a_booking_address_no_link_is_offered(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    assert kb.site.booking_url is None
    result = Chat(kb, index).say("I'd like to talk to a human")

    assert links_of(result.replies) == []
    assert result.replies[0].to_json()["link_replies"] == []


def test_the_consultation_offer_after_two_misses_carries_the_booking_link(
    booking_kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(booking_kb, index)
    chat.say("what's the weather like in paris")
    second = chat.say("qwerty zxcv")

    assert second.replies[-1].text == booking_kb.site.offer
    assert second.replies[-1].link_replies == (LinkReply(BOOK_A_CALL, BOOKING),)


def test_plain_answers_carry_no_booking_link(
    booking_kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = Chat(booking_kb, index).say("which one is faster?")

    assert result.intent is not None
    assert links_of(result.replies) == []


def test_a_visitors_marked_up_name_is_repeated_as_typed_never_as_a_link(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    name = "**Ada** [win](https://evil.example)"
    chat = Chat(kb, index)
    results = chat.run([TO_CONSENT[0], name, *TO_CONSENT[2:]])
    summary = next(r for reply in results[-1:] for r in reply.replies if "Ada" in r.text)

    shown = summary.to_json()
    spans = [span for block in shown["blocks"] for row in block["lines"] for span in row]
    assert f"Name: {name}" in shown["text"]
    assert not any("href" in span or "bold" in span for span in spans)


def test_reply_json_keeps_plain_text_for_old_widgets() -> None:
    reply = Reply("Read [the guide](https://e.com/g).\n- **one**\n- two", ("Next",))

    assert reply.to_json() == {
        "text": "Read the guide (https://e.com/g).\n- one\n- two",
        "blocks": [
            {
                "type": "paragraph",
                "lines": [
                    [
                        {"text": "Read "},
                        {"text": "the guide", "href": "https://e.com/g"},
                        {"text": "."},
                    ]
                ],
            },
            {"type": "list", "items": [[{"text": "one", "bold": True}], [{"text": "two"}]]},
        ],
        "quick_replies": ["Next"],
        "link_replies": [],
        "rateable": True,
    }


def test_consent_with_a_link_is_stored_as_the_visitor_read_it(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    form = kb.lead_form
    assert form is not None
    questions = tuple(
        q.model_copy(update={"prompt": "May we contact you? See [our policy](https://e.com/p)."})
        if q.kind == "consent"
        else q
        for q in form.questions
    )
    marked = kb.model_copy(update={"lead_form": form.model_copy(update={"questions": questions})})
    chat = Chat(marked, index)
    asked = chat.run(TO_CONSENT)[-1]
    done = chat.say("yes")

    assert asked.replies[-1].to_json()["blocks"][0]["lines"][0][1] == {
        "text": "our policy",
        "href": "https://e.com/p",
    }
    [event] = done.events
    assert isinstance(event, LeadCompleted)
    consent = event.form.consent
    assert consent.text.startswith("May we contact you? See our policy (https://e.com/p).")
