"""The site's live-chat settings: business hours, their time zone, how long a visitor waits.

Part of ``site:`` in ``site.yaml`` as ``live_chat:``; every field has a default, so a site
that never mentions live chat behaves as before (staff who set themselves available in the
dashboard are offered at any hour, and a visitor waits at most a minute).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from consultbot.knowledge.fields import RULE_ERROR

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_span(text: str) -> tuple[time, time]:
    """Read "09:00-17:30" as two times; raise ValueError saying what is wrong."""
    found = _SPAN.match(text)
    if found is None:
        raise ValueError(f'expected hours like "09:00-17:30", got {text!r}')
    start_h, start_m, end_h, end_m = (int(part) for part in found.groups())
    if start_h > 23 or end_h > 24 or start_m > 59 or end_m > 59 or (end_h == 24 and end_m):
        raise ValueError(f"{text!r} is not a time of day (00:00 to 24:00)")
    end = time(23, 59, 59) if end_h == 24 else time(end_h, end_m)
    start = time(start_h, start_m)
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


class LiveChat(BaseModel):
    """When a person can join a chat, how long a visitor waits, and what they are told."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # An IANA zone name, e.g. "Europe/London"; the hours below are read in it.
    time_zone: Text = "UTC"
    # Day -> spans such as ["09:00-12:30", "13:30-17:30"]; a day left out is closed. No hours
    # at all means no limit: staff who set themselves available are offered at any time.
    hours: dict[str, tuple[Text, ...]] = Field(default_factory=dict)
    wait_seconds: Annotated[int, Field(ge=10, le=3600)] = 60
    bringing_in: Text = (
        "I'm bringing in one of our engineers; they will join this chat in a moment. "
        "You can keep typing here in the meantime."
    )
    nobody_available: Text = "None of our engineers is free to chat right now."
    timed_out: Text = (
        "Sorry, none of our engineers could join just now. Leave your details and one of them "
        "will get back to you, or book a call at a time that suits you."
    )
    handed_back: Text = "You're back with the assistant. Ask me anything about the frameworks."
    closed: Text = "The engineer has closed this chat. Thanks for talking with us!"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """Refuse a time zone the zone database does not know."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError(
                RULE_ERROR,
                f'unknown time zone {value!r}: use a name such as "Europe/London" or "UTC"',
            ) from None
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _one_span_as_list(cls, value: Any) -> Any:
        """Accept ``mon: "09:00-17:30"`` as well as a list of spans."""
        if isinstance(value, dict):
            return {day: [s] if isinstance(s, str) else s for day, s in value.items()}
        return value

    @field_validator("hours")
    @classmethod
    def _readable_hours(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """Refuse unknown day names and spans that are not "HH:MM-HH:MM"."""
        for day, spans in value.items():
            if day not in DAYS:
                raise PydanticCustomError(RULE_ERROR, f"unknown day {day!r}: use {', '.join(DAYS)}")
            for span in spans:
                try:
                    parse_span(span)
                except ValueError as problem:
                    raise PydanticCustomError(RULE_ERROR, f"hours.{day}: {problem}") from None
        return value

    def open_at(self, moment: datetime) -> bool:
        """Whether ``moment`` (timezone-aware) falls within the business hours."""
        if not self.hours:
            return True
        local = moment.astimezone(ZoneInfo(self.time_zone))
        spans = self.hours.get(DAYS[local.weekday()], ())
        now = local.time()
        return any(start <= now < end for start, end in map(parse_span, spans))

    def describe_hours(self) -> str:
        """The hours in a sentence, e.g. "mon 09:00-17:30, tue ... (Europe/London)"."""
        if not self.hours:
            return "any time"
        days = ", ".join(
            f"{day} {' and '.join(self.hours[day])}" for day in DAYS if day in self.hours
        )
        return f"{days} ({self.time_zone})"
