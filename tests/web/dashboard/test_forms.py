"""The dashboard's forms, validated by Flask-WTF inside a real request of the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from consultbot.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from consultbot.storage.models import LeadStatus, StaffRole
from consultbot.web.dashboard.forms import (
    MAX_NOTE_CHARS,
    MAX_QUESTION_CHARS,
    LeadFilterForm,
    LoginForm,
    NoteForm,
    StatusForm,
    TryForm,
    UserForm,
)


@pytest.fixture
def form_app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The service with CSRF on, as in production; forms need no database."""
    app = make_app()
    with app.test_request_context("/dashboard/", method="POST"):
        yield app


def errors_of(form_class: type[FlaskForm], **data: Any) -> dict[str, list[str]]:
    """Validate ``data`` with the form (``csrf=True`` turns the token check on); return its
    errors (empty when valid)."""
    csrf = bool(data.pop("csrf", False))
    form = form_class(formdata=MultiDict(data), meta={"csrf": csrf})
    form.validate()
    return dict(form.errors)


pytestmark = pytest.mark.usefixtures("form_app")
GOOD_LOGIN = {"email": "sam@example.com", "password": "anything at all"}
GOOD_USER = {"email": "new@example.com", "role": "sales", "password": "x" * MIN_PASSWORD_LENGTH}


def test_a_login_needs_both_fields_and_says_which_is_missing() -> None:
    assert errors_of(LoginForm, **GOOD_LOGIN) == {}
    assert errors_of(LoginForm, password="p") == {"email": ["Enter your email."]}
    assert errors_of(LoginForm, email="sam@example.com") == {"password": ["Enter your password."]}
    assert "password" in errors_of(LoginForm, email="sam@example.com", password="p" * 257)


def test_post_forms_need_the_csrf_token_and_get_forms_do_not() -> None:
    assert "csrf_token" in errors_of(LoginForm, csrf=True, **GOOD_LOGIN)
    assert "csrf_token" in errors_of(NoteForm, csrf=True, body="hello")
    assert "csrf_token" in errors_of(UserForm, csrf=True, **GOOD_USER)
    # The filters and the try-a-question box are GET forms: their Meta turns CSRF off.
    assert LeadFilterForm(formdata=MultiDict()).validate()
    assert TryForm(formdata=MultiDict({"question": "is django faster?"})).validate()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("", "Write something before saving the note."),
        ("   ", "Write something before saving the note."),
        ("x" * (MAX_NOTE_CHARS + 1), f"at most {MAX_NOTE_CHARS} characters"),
    ],
)
def test_an_empty_or_overlong_note_is_refused_saying_why(body: str, problem: str) -> None:
    [message] = errors_of(NoteForm, body=body)["body"]
    assert problem in message


def test_a_note_up_to_the_limit_is_accepted() -> None:
    assert errors_of(NoteForm, body="Called back; wants a quote.") == {}
    assert errors_of(NoteForm, body="x" * MAX_NOTE_CHARS) == {}


def test_a_status_is_one_of_the_lead_statuses() -> None:
    for status in LeadStatus:
        assert errors_of(StatusForm, status=status.value) == {}, status
    assert "status" in errors_of(StatusForm, status="hot")
    assert "status" in errors_of(StatusForm, status="NEW")


def test_the_lead_filters_read_dates_scores_and_sorts() -> None:
    form = LeadFilterForm(
        formdata=MultiDict(
            {
                "q": "acme",
                "status": "any",
                "size": "medium",
                "created_from": "2026-01-31",
                "created_to": "2026-02-28",
                "score_min": "0",
                "score_max": "100",
                "sort": "score",
            }
        )
    )
    assert form.validate(), form.errors
    assert (form.created_from.data, form.created_to.data) == (date(2026, 1, 31), date(2026, 2, 28))
    assert (form.score_min.data, form.score_max.data) == (0, 100)
    assert LeadFilterForm(formdata=MultiDict()).sort.data == "newest"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("score_min", "-1"),
        ("score_max", "101"),
        ("score_min", "high"),
        ("created_from", "31/01/2026"),
        ("created_to", "2026-02-30"),
        ("sort", "random"),
        ("status", "hot"),
        ("q", "x" * 201),
    ],
)
def test_bad_lead_filters_are_refused_on_their_own_field(field: str, value: str) -> None:
    assert list(errors_of(LeadFilterForm, **{field: value})) == [field]


def test_a_score_out_of_range_says_the_range() -> None:
    assert errors_of(LeadFilterForm, score_max="101") == {
        "score_max": ["Use a score from 0 to 100."]
    }


def test_a_question_to_try_is_required_and_kept_short() -> None:
    assert errors_of(TryForm, question="x" * MAX_QUESTION_CHARS) == {}
    assert errors_of(TryForm, question="") == {"question": ["Type a question to try."]}
    assert errors_of(TryForm, question="x" * (MAX_QUESTION_CHARS + 1)) == {
        "question": ["Keep the question under 2000 characters."]
    }


def test_a_new_account_takes_a_known_role_and_a_long_enough_password() -> None:
    for role in StaffRole:
        assert errors_of(UserForm, **{**GOOD_USER, "role": role.value}) == {}, role
    assert "role" in errors_of(UserForm, **{**GOOD_USER, "role": "owner"})
    too_short = "x" * (MIN_PASSWORD_LENGTH - 1)
    too_long = "x" * (MAX_PASSWORD_LENGTH + 1)
    expected = f"Use {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."
    for password in (too_short, too_long):
        assert errors_of(UserForm, **{**GOOD_USER, "password": password}) == {
            "password": [expected]
        }


@pytest.mark.parametrize("email", ["not-an-email", "sam@localhost", "a b@example.com", " "])
def test_a_new_account_with_a_bad_email_is_refused_in_a_sentence(email: str) -> None:
    [message] = errors_of(UserForm, **{**GOOD_USER, "email": email})["email"]
    assert message[0].isupper() and message.endswith(".")


def test_a_new_accounts_email_may_carry_spaces_around_it() -> None:
    assert errors_of(UserForm, **{**GOOD_USER, "email": "  new@example.com "}) == {}
