"""Admins' page: the staff accounts, adding one, switching one off or on."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from consultbot.accounts import hash_password, normalise_email
from consultbot.storage import staff as accounts
from consultbot.storage.db import get_session
from consultbot.storage.models import StaffRole
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import require_role, signed_in
from consultbot.web.dashboard.forms import UserForm


def _page(form: UserForm, status: int = 200) -> ResponseReturnValue:
    users = accounts.list_users(get_session())
    return render_template(
        "dashboard/users.html", users=users, form=form, toggle=FlaskForm()
    ), status


@bp.get("/users")
@require_role()
def users() -> ResponseReturnValue:
    """Every staff account."""
    return _page(UserForm())


@bp.post("/users")
@require_role()
def add_user() -> ResponseReturnValue:
    """Add an account; a taken email or weak password is shown back, nothing is saved."""
    form = UserForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    db = get_session()
    email = normalise_email(form.email.data or "")
    if accounts.find_user(db, email) is not None:
        form.email.errors = [f"There is already an account for {email}."]
        return _page(form, 400)
    accounts.add_user(db, email, hash_password(form.password.data or ""), StaffRole(form.role.data))
    db.commit()
    flash(f"Account {email} added.", "success")
    return redirect(url_for("dashboard.users"))


@bp.post("/users/<id:user_id>/active")
@require_role()
def toggle_user(user_id: int) -> ResponseReturnValue:
    """Switch an account off (it can no longer log in) or back on."""
    if not FlaskForm().validate_on_submit():
        flash("The form expired; nothing was changed.", "error")
        return redirect(url_for("dashboard.users"))
    db = get_session()
    user = accounts.get_user(db, user_id)
    if user is None:
        flash("There is no such account.", "error")
    elif user.id == signed_in().id:
        flash("You cannot switch off your own account.", "error")
    else:
        user.active = not user.active
        accounts.revoke_sessions(user)
        db.commit()
        flash(f"{user.email} is now {'active' if user.active else 'switched off'}.", "success")
    return redirect(url_for("dashboard.users"))
