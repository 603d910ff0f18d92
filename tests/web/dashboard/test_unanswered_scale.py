"""Anonymous visitors cannot make the Unanswered page slow: 50,000 messages, under a second."""

from __future__ import annotations

import random
import string
import time

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import Message, Role, StaffRole, utcnow
from tests.storage.factories import make_conversation
from tests.web.dashboard.conftest import Staff

MESSAGES = 50_000
ASKED = 700  # a real question many visitors asked, buried in junk


def junk(rng: random.Random, length: int) -> str:
    """Distinct words nobody would group: what a flooding script posts."""
    letters = string.ascii_lowercase
    words = ("".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(length // 6 + 1))
    return " ".join(words)[:length]


def flood(session: Session) -> None:
    rng = random.Random(12)
    conversation = make_conversation(session)
    now = utcnow()
    rows = []
    for number in range(MESSAGES):
        if number % (MESSAGES // ASKED) == 0 and number // (MESSAGES // ASKED) < ASKED:
            text = rng.choice(["Do you build mobile apps?", "do you build mobile apps"])
        else:
            text = junk(rng, 2000 if number % 100 == 0 else rng.randint(20, 160))
        rows.append(
            {
                "conversation_id": conversation.id,
                "role": Role.VISITOR,
                "text": text,
                "client_message_id": f"m{number}",
                "fallback": True,
                "created_at": now,
            }
        )
    session.execute(sa.insert(Message), rows)
    session.commit()


def test_the_page_stays_under_a_second_at_50000_unanswered_messages(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    flood(db_session)
    staff.log_in_as(StaffRole.EDITOR)

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        page = client.get("/dashboard/unanswered")
        timings.append(time.perf_counter() - started)
        assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert min(timings) < 1.0, timings
    assert f"{MESSAGES} messages the assistant did not understand" in text
    assert "the 300 most frequent wordings are grouped" in text
    # The question many visitors asked leads the list despite the flood.
    first_row = text.split('<span class="text">', 1)[1]
    assert first_row.lower().startswith("do you build mobile apps")
    assert f'<td class="number">{ASKED}</td>' in text
    assert "Page 1 of 6" in text
    later = client.get("/dashboard/unanswered?page=6")
    assert later.status_code == 200 and "Page 6 of 6" in later.get_data(as_text=True)
    assert client.get("/dashboard/unanswered?page=99999999999999999999").status_code == 200
