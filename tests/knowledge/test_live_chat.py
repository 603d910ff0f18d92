"""The live chat's site settings: business hours in a time zone, the wait, and bad values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from consultbot.knowledge.live_chat import LiveChat, parse_span
from consultbot.knowledge.schema import Site

LONDON_WEEKDAYS = LiveChat(
    time_zone="Europe/London",
    hours={"mon": ("09:00-17:30",), "tue": ("09:00-12:00", "13:00-24:00")},
)


def test_no_hours_means_open_at_any_time_and_a_minute_of_waiting() -> None:
    settings = Site().live_chat
    assert settings.open_at(datetime(2026, 12, 6, 3, 0, tzinfo=UTC))
    assert settings.wait_seconds == 60
    assert settings.describe_hours() == "any time"


@pytest.mark.parametrize(
    ("moment", "open_now"),
    [
        (datetime(2026, 11, 30, 9, 0, tzinfo=UTC), True),  # Monday 09:00 in London (GMT)
        (datetime(2026, 11, 30, 17, 30, tzinfo=UTC), False),  # the end is not included
        (datetime(2026, 12, 1, 12, 30, tzinfo=UTC), False),  # Tuesday's lunch break
        (datetime(2026, 12, 1, 23, 59, tzinfo=UTC), True),  # open until midnight
        (datetime(2026, 12, 2, 10, 0, tzinfo=UTC), False),  # Wednesday is not listed
        (datetime(2026, 6, 1, 8, 30, tzinfo=UTC), True),  # 09:30 in London's summer time
    ],
)
def test_hours_are_read_in_the_sites_time_zone(moment: datetime, open_now: bool) -> None:
    assert LONDON_WEEKDAYS.open_at(moment) is open_now


def test_one_span_may_be_written_without_a_list() -> None:
    assert LiveChat(hours={"fri": "09:00-16:00"}).hours == {"fri": ("09:00-16:00",)}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"hours": {"funday": "09:00-10:00"}}, "unknown day 'funday'"),
        ({"hours": {"mon": "9-5"}}, 'expected hours like "09:00-17:30"'),
        ({"hours": {"mon": "17:00-09:00"}}, "ends before it starts"),
        ({"hours": {"mon": "09:00-25:00"}}, "is not a time of day"),
        ({"wait_seconds": 5}, "greater than or equal to 10"),
        ({"wait_seconds": 7200}, "less than or equal to 3600"),
        ({"nobody_available": "  "}, "at least 1 character"),
    ],
)
def test_bad_settings_are_refused_saying_what_is_wrong(
    settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        LiveChat.model_validate(settings)


def test_a_span_is_read_as_two_times() -> None:
    start, end = parse_span(" 08:15 - 24:00 ")
    assert (start.hour, start.minute, end.hour, end.minute) == (8, 15, 23, 59)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com", "/book", "https://a b"]
)
def test_a_booking_link_must_be_a_web_address(url: str) -> None:
    with pytest.raises(ValidationError, match="must be a full web address starting with https://"):
        Site(booking_url=url)
    assert Site(booking_url=" https://example.com/book ").booking_url == "https://example.com/book"
