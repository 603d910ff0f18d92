"""The WSGI application for gunicorn (``consultbot serve``) or any other WSGI server."""

from __future__ import annotations

from consultbot import create_app
from consultbot.notify.worker import start_for_app

app = create_app()
start_for_app(app)
