"""Logging in and out, who is signed in, and the role check every page makes."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from flask import Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from consultbot.accounts import normalise_email, verify_password
from consultbot.storage import staff
from consultbot.storage.db import get_session
from consultbot.storage.models import StaffRole
from consultbot.web import limits, login_limits
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.forms import LoginForm

login_manager = LoginManager()
login_manager.login_view = "dashboard.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
SIGNED_IN_AT = "signed_in_at"
SESSION_VERSION = "session_version"
View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


@dataclass(frozen=True)
class StaffMember(UserMixin):
    """The signed-in account, as Flask-Login sees it (the model stays free of web concerns)."""

    id: int
    email: str
    role: StaffRole

    def get_id(self) -> str:
        """Return the id kept in the session."""
        return str(self.id)

    def may(self, *roles: StaffRole) -> bool:
        """Whether this account may open a page meant for ``roles`` (admins may open all)."""
        return self.role == StaffRole.ADMIN or self.role in roles


def init_app(app: Flask) -> None:
    """Attach the login manager and the page shown for a missing or stale CSRF token."""
    login_manager.init_app(app)

    @app.errorhandler(CSRFError)
    def refuse_without_token(error: CSRFError) -> ResponseReturnValue:
        return render_template(
            "dashboard/error.html",
            title="Form expired",
            message=(
                "This form has expired or was not sent from this dashboard, so nothing was "
                "changed. Go back, reload the page and try again."
            ),
            detail=error.description,
        ), 400


@login_manager.user_loader
def load_user(user_id: str) -> StaffMember | None:
    """Return the signed-in account, or None when it was removed, deactivated or revoked.

    The signed cookie alone proves nothing once its account logged out, changed password or
    was switched off: each of those bumps the account's session version in the database.
    """
    try:
        user = staff.get_user(get_session(), int(user_id))
    except ValueError:
        return None
    if user is None or not user.active or session.get(SESSION_VERSION) != user.session_version:
        return None
    return StaffMember(user.id, user.email, user.role)


def signed_in() -> StaffMember:
    """The account of the current request (a page behind ``require_role``)."""
    member: StaffMember = current_user._get_current_object()
    return member


def require_role(*roles: StaffRole) -> Callable[[View], View]:
    """Let through signed-in accounts with one of ``roles`` (or admin); refuse the rest."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                refusal: ResponseReturnValue = login_manager.unauthorized()
                return refusal
            if not signed_in().may(*roles):
                allowed = ", ".join(role.value for role in roles) or "admin"
                return render_template(
                    "dashboard/error.html",
                    title="Not for your account",
                    message=(
                        f"This page is for {allowed} accounts (and admins); yours is "
                        f"{current_user.role.value}. Ask an admin if you need it."
                    ),
                ), 403
            return view(*args, **kwargs)

        return cast(View, checked)

    return decorate


ALL_STAFF = (StaffRole.SALES, StaffRole.EDITOR)
MAX_FORM_BYTES = 256 * 1024


def refuse_oversized_forms() -> ResponseReturnValue | None:
    """Refuse a dashboard form bigger than any real one, before reading it."""
    if not request.path.startswith(bp.url_prefix or "/dashboard"):
        return None
    size = request.content_length or 0
    if size <= MAX_FORM_BYTES:
        return None
    return render_template(
        "dashboard/error.html",
        title="Too large",
        message=(
            f"What you sent is too large ({size // 1024} KB; forms take at "
            f"most {MAX_FORM_BYTES // 1024} KB), so nothing was saved. Shorten it and try again."
        ),
    ), 413


@bp.before_request
def end_expired_sessions() -> ResponseReturnValue | None:
    """Sign out a login older than SESSION_HOURS, saying so."""
    if not current_user.is_authenticated:
        return None
    started = session.get(SIGNED_IN_AT, 0)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    if isinstance(started, int | float) and time.time() - started <= lifetime:
        return None
    logout_user()
    session.pop(SIGNED_IN_AT, None)
    flash("Your session expired; please log in again.", "info")
    return redirect(url_for("dashboard.login", next=_local_target(request.full_path)))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the login form; sign in. Failures are throttled per address and account."""
    if current_user.is_authenticated:
        return redirect(_local_target(request.args.get("next")) or url_for("dashboard.home"))
    attempt = None
    if request.method == "POST":
        try:
            attempt = login_limits.begin_attempt()
        except login_limits.LoginsRefused as over:
            return limits.slow_down(over.wait)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        refused = _sign_in(
            normalise_email(form.email.data or ""), form.password.data or "", attempt
        )
        if refused is None:
            return redirect(_local_target(request.args.get("next")) or url_for("dashboard.home"))
        status, problem = refused
        form.form_errors.append(problem)
    elif request.method == "POST":
        status = 400
    return render_template("dashboard/login.html", form=form), status


def _sign_in(email: str, password: str, attempt: int | None) -> tuple[int, str] | None:
    """Check the credentials; return the status and what went wrong, or None once signed in.

    ``attempt`` (written down by ``login_limits``) is struck out when the login works.
    """
    db = get_session()
    now = datetime.now(UTC)
    user = staff.find_user(db, email)
    if user is not None and not user.active:
        user = None
    # Without an account, verify_password still spends the time of a real check, and the
    # throttle (login_limits) counts an unknown email just like a known one.
    if not verify_password(user.password_hash if user else None, password):
        if user is not None:
            staff.record_failed_login(user)
            db.commit()
        else:
            db.rollback()
        return 401, "The email or password is wrong."
    assert user is not None
    staff.record_login(user, now)
    login_limits.succeeded(attempt)
    db.commit()
    session.clear()
    session.permanent = True
    login_user(StaffMember(user.id, user.email, user.role))
    session[SIGNED_IN_AT] = time.time()
    session[SESSION_VERSION] = user.session_version
    return None


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a POST with the CSRF token, so no other site can sign anyone out).

    Server-side too: the account's sessions end everywhere, so a copy of the cookie is useless.
    """
    if current_user.is_authenticated:
        db = get_session()
        user = staff.get_user(db, signed_in().id)
        if user is not None:
            staff.revoke_sessions(user)
            db.commit()
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("dashboard.login"))


def _local_target(target: str | None) -> str | None:
    """Return ``target`` only when it is a dashboard path on this site (no open redirects)."""
    if not target or not target.startswith("/dashboard") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    return target.rstrip("?") or None
