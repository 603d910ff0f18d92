"""The widget script, and sample host pages that embed it the way a customer's site would.

``/widget.js`` is the file in ``static/`` with the site's widget settings (title, colour,
launcher position) written into its last line. ``/demo`` and ``/compare/<slug>`` are host
pages with their own, deliberately heavy-handed CSS, served under the strict Content Security
Policy of ``web.security``, so they show that the widget keeps its looks and needs no inline
script or style.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from consultbot.usecases.knowledge_reload import LiveKnowledge

bp = Blueprint("site", __name__, static_folder="static", static_url_path="/site/static")

WIDGET_SOURCE = Path(__file__).resolve().parent / "static" / "widget.js"
# The widget file ends by calling itself with this placeholder; the server fills it in.
DEFAULTS_PLACEHOLDER = "/* consultbot:defaults */ {}"
WIDGET_MAX_AGE = 300


@lru_cache(maxsize=4)
def _read_widget(path: Path, mtime_ns: int) -> str:
    """Read the widget source once per version of the file."""
    del mtime_ns  # part of the cache key only
    return path.read_text(encoding="utf-8")


def widget_defaults() -> dict[str, str]:
    """Return the site's widget settings, as the script receives them."""
    config = current_app.config
    return {
        "title": config["WIDGET_TITLE"],
        "color": config["WIDGET_COLOR"],
        "position": config["WIDGET_POSITION"],
    }


def render_widget_script(defaults: dict[str, str]) -> str:
    """Return the widget script with these defaults written in as a JavaScript object literal."""
    source = _read_widget(WIDGET_SOURCE, WIDGET_SOURCE.stat().st_mtime_ns)
    # JSON is valid JavaScript; escaping <, > and & keeps it inert even if pasted into HTML.
    literal = (
        json.dumps(defaults, ensure_ascii=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return source.replace(DEFAULTS_PLACEHOLDER, literal, 1)


@bp.get("/widget.js")
def widget_js() -> ResponseReturnValue:
    """Serve the embeddable widget with the site's settings."""
    body = render_widget_script(widget_defaults())
    response = Response(body, mimetype="application/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = WIDGET_MAX_AGE
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send visitors of the bare service to the demo page."""
    return redirect(url_for("site.demo"))


@bp.get("/demo")
def demo() -> ResponseReturnValue:
    """Show a sample comparison article with the widget embedded by its one script tag."""
    return _page("site/demo.html")


@bp.get("/compare/<slug>")
def comparison(slug: str) -> ResponseReturnValue:
    """Show a comparison from the knowledge as a host page, or 404 when there is none."""
    live: LiveKnowledge = current_app.extensions["consultbot"]
    knowledge = live.current().knowledge
    found = knowledge.comparison_for_page(f"/compare/{slug}")
    if found is None:
        abort(404)
    names: dict[str, str] = {}
    for framework_id in found.frameworks:
        framework = knowledge.framework(framework_id)
        names[framework_id] = framework.name if framework else framework_id
    return _page("site/comparison.html", comparison=found, names=names)


def _page(template: str, **context: object) -> ResponseReturnValue:
    """Render a host page (its strict Content Security Policy comes from ``web.security``)."""
    return render_template(template, **context)
