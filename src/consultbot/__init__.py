"""consultbot: the chat assistant behind a consultancy's framework comparison pages."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from consultbot.config import TEMPLATES_DIR, load_config

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the service: settings, database, knowledge, blueprints.

    Raises ``ConfigError``, ``KnowledgeError`` or ``DatabaseUnavailableError`` with a message
    that says what to fix; nothing is started half-configured.
    """
    from consultbot.knowledge.live import LiveKnowledge
    from consultbot.matching.compile import compile_index
    from consultbot.storage import db
    from consultbot.web import api, handlers, health

    settings = load_config(config)
    app = Flask(
        __name__,
        instance_path=str(settings["INSTANCE_PATH"]),
        template_folder=str(TEMPLATES_DIR),
    )
    app.config.update(settings)
    logging.basicConfig(
        level=settings["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app.logger.setLevel(settings["LOG_LEVEL"])

    db.init_app(app)
    app.extensions["consultbot"] = LiveKnowledge(
        settings["KNOWLEDGE_DIR"],
        compile_index=compile_index,
        check_every=settings["KNOWLEDGE_RELOAD_SECONDS"],
    )
    handlers.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    return app
