"""The staff dashboard: sales work the leads, editors improve the knowledge, admins the accounts.

Server-rendered Jinja pages under ``/dashboard``. Sessions and logins come from Flask-Login,
CSRF tokens on every form from Flask-WTF; every page checks the account's role.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter, Map

from consultbot.visitor_text import without_bidi_controls

bp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dashboard",
    static_folder=str(Path(__file__).resolve().parent.parent / "static"),
    static_url_path="/static",
)
csrf = CSRFProtect()
# Text saved before bidi controls were removed on the way in loses them on the way out.
bp.add_app_template_filter(without_bidi_controls, "without_bidi")
# Row ids are 32-bit integers on PostgreSQL (SERIAL); a larger number in a URL names nothing.
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """``<id:name>``: a row id from 1 to MAX_ROW_ID; anything else in its place is a 404."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def init_app(app: Flask) -> None:
    """Register logins, CSRF protection (not on the token-authenticated API) and the pages."""
    from consultbot.web import api
    from consultbot.web.dashboard import (  # noqa: F401
        auth,
        editors,
        inbox,
        leads,
        live,
        overview,
        staff,
    )

    app.url_map.converters["id"] = RowIdConverter
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", int(app.config["SESSION_HOURS"] * 3600))
    # The most any request outside the API may send, whatever its framing: werkzeug stops
    # reading a chunked body there and answers 413 (the API sets its own, smaller limit).
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_CONTENT_LENGTH"] or auth.MAX_FORM_BYTES
    # Before the CSRF check, which would read the whole form first.
    app.before_request(auth.refuse_oversized_forms)
    csrf.init_app(app)
    csrf.exempt(api.bp)
    auth.init_app(app)
    app.register_blueprint(bp)
