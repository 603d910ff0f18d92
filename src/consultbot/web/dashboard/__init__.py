"""The staff dashboard: sales work the leads, editors improve the knowledge, admins the accounts.

Server-rendered Jinja pages under ``/dashboard``. Sessions and logins come from Flask-Login,
CSRF tokens on every form from Flask-WTF; every page checks the account's role.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect

bp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dashboard",
    static_folder=str(Path(__file__).resolve().parent.parent / "static"),
    static_url_path="/static",
)
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Register logins, CSRF protection (not on the token-authenticated API) and the pages."""
    from consultbot.web import api
    from consultbot.web.dashboard import auth, editors, leads, overview, staff  # noqa: F401

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", int(app.config["SESSION_HOURS"] * 3600))
    # Before the CSRF check, which would read the whole form first.
    app.before_request(auth.refuse_oversized_forms)
    csrf.init_app(app)
    csrf.exempt(api.bp)
    auth.init_app(app)
    app.register_blueprint(bp)
