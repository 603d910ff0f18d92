"""``consultbot users``: create accounts, set passwords, list them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine

from consultbot.accounts import verify_password
from consultbot.storage.models import User
from tests.conftest import CommandRunner

GOOD = "a long enough passphrase"


def accounts(url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(sa.select(User.email, User.role, User.password_hash)).all()
    engine.dispose()
    return [(email, role.value, password_hash) for email, role, password_hash in found]


def test_users_create_asks_for_the_password_and_stores_only_its_hash(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    env = {"DATABASE_URL": migrated_database_url}
    result = runner.invoke(
        ["users", "create", "--email", " Sam@Example.com ", "--role", "sales"],
        env=env,
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created sales account sam@example.com." in result.output
    [(email, role, password_hash)] = accounts(migrated_database_url)
    assert (email, role) == ("sam@example.com", "sales")
    assert GOOD not in password_hash and verify_password(password_hash, GOOD)
    listed = runner.invoke(["users", "list"], env=env)
    assert "sam@example.com\tsales\tactive\tlast login never" in listed.output


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["--email", "not-an-email", "--role", "sales"], GOOD, "enter an email address like"),
        (["--email", "a@b.example", "--role", "boss"], GOOD, "'boss' is not one of"),
        (["--email", "a@b.example", "--role", "sales"], "short", "use at least 10 characters"),
    ],
)
def test_users_create_refuses_bad_input_and_stores_nothing(
    runner: CommandRunner, migrated_database_url: str, args: list[str], password: str, message: str
) -> None:
    result = runner.invoke(
        ["users", "create", *args],
        env={"DATABASE_URL": migrated_database_url},
        input=f"{password}\n{password}\n",
    )
    assert result.exit_code == 2
    assert message in result.output
    assert accounts(migrated_database_url) == []


def test_users_create_refuses_a_taken_email_and_a_mismatched_repeat(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    env = {"DATABASE_URL": migrated_database_url}
    args = ["users", "create", "--email", "sam@example.com", "--role", "admin"]
    assert runner.invoke(args, env=env, input=f"{GOOD}\n{GOOD}\n").exit_code == 0
    again = runner.invoke(args, env=env, input=f"{GOOD}\n{GOOD}\n")
    assert again.exit_code == 1
    assert "there is already an account for sam@example.com" in again.output
    mismatch = runner.invoke(
        ["users", "create", "--email", "kim@example.com", "--role", "sales"],
        env=env,
        input=f"{GOOD}\nsomething else\n{GOOD}\n{GOOD}\n",
    )
    assert "the two entered values do not match" in mismatch.output.lower()
    assert len(accounts(migrated_database_url)) == 2


def test_set_password_replaces_the_hash_and_lifts_a_lock(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    env = {"DATABASE_URL": migrated_database_url}
    runner.invoke(
        ["users", "create", "--email", "sam@example.com", "--role", "sales"],
        env=env,
        input=f"{GOOD}\n{GOOD}\n",
    )
    new = "another long passphrase"
    result = runner.invoke(
        ["users", "set-password", "--email", "sam@example.com"], env=env, input=f"{new}\n{new}\n"
    )
    assert result.exit_code == 0, result.output
    [(_, _, password_hash)] = accounts(migrated_database_url)
    assert verify_password(password_hash, new) and not verify_password(password_hash, GOOD)
    missing = runner.invoke(
        ["users", "set-password", "--email", "nobody@example.com"], env=env, input=f"{new}\n{new}\n"
    )
    assert missing.exit_code == 1 and "there is no account for nobody@example.com" in missing.output
