"""Security headers on every response.

- The dashboard gets a strict Content-Security-Policy: only this site's own scripts, styles
  and forms, no inline code, no framing.
- API answers are data, never documents: ``default-src 'none'``.
- Other pages (the demo and comparison pages, which embed the widget the way a customer's
  page would) are as strict: the widget needs no inline script or style.
- Everywhere: no MIME sniffing, a conservative referrer policy, and in production HSTS.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

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
    """Add the headers to every response the app sends."""
    production = app.config["ENV"] == "production"
    app.session_interface = DashboardSessions()

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.path.startswith("/dashboard"):
            headers.setdefault("Content-Security-Policy", DASHBOARD_CSP)
            headers.setdefault("X-Frame-Options", "DENY")
            if request.endpoint != "dashboard.static":
                headers.setdefault("Cache-Control", "no-store")
        elif request.path.startswith("/api/") or response.mimetype == "application/json":
            headers.setdefault("Content-Security-Policy", API_CSP)
            headers.setdefault("X-Frame-Options", "DENY")
        elif response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", PAGE_CSP)
            headers.setdefault("X-Frame-Options", "DENY")
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
