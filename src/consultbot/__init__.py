"""consultbot: the chat assistant behind a consultancy's framework comparison pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from inspect import CO_COROUTINE
from types import FunctionType
from typing import Any

from flask import Flask

from consultbot.config import load_config
from consultbot.logs import configure_logging
from consultbot.resources import templates_dir

__all__ = ["ConsultbotFlask", "create_app"]


class ConsultbotFlask(Flask):
    """Flask, telling a plain function from a coroutine function without ``inspect``.

    Flask asks ``ensure_sync`` for every hook and view it calls, on every request (a dozen
    here: request ids, metrics, security headers, CORS, limits, log-in...), and
    ``inspect.iscoroutinefunction`` costs about a microsecond each time.
    """

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return a plain ``def`` function as it is; anything else as Flask would."""
        if (
            type(func) is FunctionType
            and not func.__code__.co_flags & CO_COROUTINE
            # inspect.markcoroutinefunction (Python 3.12+) marks a function that returns one.
            and not hasattr(func, "_is_coroutine_marker")
        ):
            return func
        return super().ensure_sync(func)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the service: settings, database, knowledge, blueprints.

    Raises ``ConfigError``, ``KnowledgeError`` or ``DatabaseUnavailableError`` with a message
    that says what to fix; nothing is started half-configured.
    """
    from consultbot.matching.compile import compile_index
    from consultbot.storage import db
    from consultbot.usecases.knowledge_reload import LiveKnowledge
    from consultbot.web import (
        api,
        bodies,
        cors,
        dashboard,
        handlers,
        health,
        known_tokens,
        limits,
        live_api,
        metrics,
        request_ids,
        security,
        site,
    )

    settings = load_config(config)
    app = ConsultbotFlask(
        __name__,
        instance_path=str(settings["INSTANCE_PATH"]),
        template_folder=str(templates_dir()),
    )
    app.config.update(settings)
    configure_logging(settings["LOG_LEVEL"], settings["LOG_FORMAT"])

    db.init_app(app)
    app.extensions["consultbot"] = LiveKnowledge(
        settings["KNOWLEDGE_DIR"],
        compile_index=compile_index,
        check_every=settings["KNOWLEDGE_RELOAD_SECONDS"],
        background=True,
    )
    request_ids.init_app(app)
    bodies.init_app(app)  # after the request id: a refused body is logged with its id
    metrics.init_app(app)
    security.init_app(app)
    handlers.init_app(app)
    known_tokens.init_app(app)
    limits.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(live_api.bp)
    cors.init_app(app)
    app.register_blueprint(site.bp)
    dashboard.init_app(app)
    return app
