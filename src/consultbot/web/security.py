"""Security headers on every response.

- The dashboard gets a strict Content-Security-Policy: only this site's own scripts, styles
  and forms, no inline code, no framing.
- API answers are data, never documents: ``default-src 'none'``.
- Other pages (the demo and comparison pages, which embed the widget the way a customer's
  page would) are as strict: the widget needs no inline script or style.
- Everywhere: no MIME sniffing, a conservative referrer policy, and in production HSTS.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from werkzeug.datastructures import Headers

DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"

# A header a response gets: its name lower-cased (to compare), its name, its value.
Wanted = Sequence[tuple[str, str, str]]


class DashboardSessions(SecureCookieSessionInterface):
    """The signed session cookie, saved only for the dashboard (the one place that uses it).

    Flask-Login reads the session after every request, which made Flask add ``Vary: Cookie``
    to every response: public, cacheable ones like ``/widget.js`` included.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Open the session; without a session cookie, start an empty one at once.

        The parent builds its signing serializer before it looks for the cookie: on every
        widget and health request, which never carry one.
        """
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Save (and vary on) the session for dashboard pages, or wherever it was changed."""
        if request.path.startswith("/dashboard") or session.modified:
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Add the headers to every response the app sends (each where the view set none)."""
    production = app.config["ENV"] == "production"
    app.session_interface = DashboardSessions()
    everywhere = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    hsts = [("Strict-Transport-Security", HSTS)] if production else []
    no_framing = ("X-Frame-Options", "DENY")
    # Built once: which headers each kind of response gets, in the order they are added.
    dashboard_static = wanted(
        *everywhere, ("Content-Security-Policy", DASHBOARD_CSP), no_framing, *hsts
    )
    dashboard = wanted(
        *everywhere,
        ("Content-Security-Policy", DASHBOARD_CSP),
        no_framing,
        ("Cache-Control", "no-store"),
        *hsts,
    )
    data = wanted(*everywhere, ("Content-Security-Policy", API_CSP), no_framing, *hsts)
    page = wanted(*everywhere, ("Content-Security-Policy", PAGE_CSP), no_framing, *hsts)
    other = wanted(*everywhere, *hsts)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        path = request.path
        if path.startswith("/dashboard"):
            static = request.endpoint == "dashboard.static"
            add_missing(response.headers, dashboard_static if static else dashboard)
        elif path.startswith("/api/") or response.mimetype == "application/json":
            add_missing(response.headers, data)
        elif response.mimetype == "text/html":
            add_missing(response.headers, page)
        else:
            add_missing(response.headers, other)
        return response


def wanted(*headers: tuple[str, str]) -> Wanted:
    """The headers, each with its name lower-cased for ``add_missing``."""
    return tuple((name.lower(), name, value) for name, value in headers)


def add_missing(headers: Headers, wanted: Wanted) -> None:
    """Add each wanted header the response has not got (a view's own value stays).

    As ``Headers.setdefault`` for each, without its two scans of every header per call.
    """
    present = {name.lower() for name in headers.keys()}
    for lower, name, value in wanted:
        if lower not in present:
            headers.add(name, value)
