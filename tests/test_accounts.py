"""Staff account rules: password hashing and checking, and what a password or email must be."""

from __future__ import annotations

import pytest

from consultbot.accounts import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    email_problem,
    hash_password,
    normalise_email,
    password_problem,
    verify_password,
)

PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="module")
def stored() -> str:
    """The stored hash of PASSWORD (scrypt is slow on purpose: hashed once)."""
    return hash_password(PASSWORD)


def test_the_hash_hides_the_password_and_checks_it(stored: str) -> None:
    assert PASSWORD not in stored and stored.startswith("scrypt:")
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD.upper())
    assert not verify_password(stored, "")


def test_an_unknown_account_never_matches() -> None:
    assert not verify_password(None, PASSWORD)
    assert not verify_password(None, "not-a-real-password-at-all")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * MIN_PASSWORD_LENGTH, None),
        ("x" * MAX_PASSWORD_LENGTH, None),
        ("  spaced  out  ", None),
        ("x" * (MIN_PASSWORD_LENGTH - 1), f"use at least {MIN_PASSWORD_LENGTH} characters"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), f"use at most {MAX_PASSWORD_LENGTH} characters"),
        (" " * MIN_PASSWORD_LENGTH, "use something other than spaces"),
    ],
)
def test_password_rules(password: str, problem: str | None) -> None:
    assert password_problem(password) == problem


def test_emails_are_stored_trimmed_and_lower_case() -> None:
    assert normalise_email("  Sam@Example.COM ") == "sam@example.com"


@pytest.mark.parametrize("email", ["sam@example.com", "first.last+tag@mail.example.co.uk"])
def test_an_address_that_looks_like_one_is_accepted(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize(
    "email",
    ["", "sam", "sam@example", "sam@@example.com", "sam @example.com", "a@b." + "c" * 251],
)
def test_anything_else_is_refused_with_an_example(email: str) -> None:
    assert email_problem(email) == "enter an email address like name@example.com"
