"""consultbot: the chat assistant behind a consultancy's framework comparison pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from consultbot.config import load_config
from consultbot.logs import configure_logging
from consultbot.resources import templates_dir

__all__ = ["create_app"]


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
        limits,
        live_api,
        metrics,
        request_ids,
        security,
        site,
    )

    settings = load_config(config)
    app = Flask(
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
    bodies.init_app(app)
    request_ids.init_app(app)
    metrics.init_app(app)
    security.init_app(app)
    handlers.init_app(app)
    limits.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(live_api.bp)
    cors.init_app(app)
    app.register_blueprint(site.bp)
    dashboard.init_app(app)
    return app
