"""``consultbot users``: staff accounts for the dashboard."""

from __future__ import annotations

import click

from consultbot.accounts import email_problem, hash_password, normalise_email, password_problem
from consultbot.storage import staff
from consultbot.storage.db import closing_engine, open_session
from consultbot.storage.models import StaffRole


@click.group("users")
def users() -> None:
    """Create and list the staff accounts that log into the dashboard."""


def _check_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="password")
    return password


@users.command("create")
@click.option("--email", required=True, help="The staff member's email; they log in with it.")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in StaffRole]),
    help="sales: leads; editor: knowledge pages; admin: everything, and staff accounts.",
)
@click.password_option(
    help="Asked for (twice, hidden) when not given; prefer the prompt to the command line."
)
def create(email: str, role: str, password: str) -> None:
    """Add a staff account; the password is stored hashed."""
    from consultbot.cli import load_app

    email = normalise_email(email)
    if problem := email_problem(email):
        raise click.BadParameter(problem, param_hint="--email")
    _check_password(password)
    app = load_app()
    with closing_engine(app), open_session(app) as session:
        if staff.find_user(session, email) is not None:
            raise click.ClickException(
                f"there is already an account for {email}; nothing was changed"
            )
        staff.add_user(session, email, hash_password(password), StaffRole(role))
        session.commit()
    click.echo(f"Created {role} account {email}.")


@users.command("set-password")
@click.option("--email", required=True, help="The account's email.")
@click.password_option(help="Asked for (twice, hidden) when not given.")
def set_password(email: str, password: str) -> None:
    """Give an account a new password and sign out all its sessions."""
    from consultbot.cli import load_app

    email = normalise_email(email)
    _check_password(password)
    app = load_app()
    with closing_engine(app), open_session(app) as session:
        user = staff.find_user(session, email)
        if user is None:
            raise click.ClickException(f"there is no account for {email}")
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        staff.revoke_sessions(user)  # whoever knew the old password is signed out
        session.commit()
    click.echo(f"New password set for {email}.")


@users.command("list")
def list_users() -> None:
    """Print every account: email, role, active or not, last login."""
    from consultbot.cli import load_app

    app = load_app()
    with closing_engine(app), open_session(app) as session:
        for user in staff.list_users(session):
            state = "active" if user.active else "switched off"
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            click.echo(f"{user.email}\t{user.role.value}\t{state}\tlast login {last}")
