"""The overview: activity over the last 7 or 30 days, as charts and a conversion funnel."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from consultbot.storage.db import get_session
from consultbot.storage.stats import build_overview
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import ALL_STAFF, require_role
from consultbot.web.dashboard.charts import bar_chart, funnel

PERIODS = (7, 30)
CHARTS = (
    ("conversations", "Conversations"),
    ("answered", "Questions answered"),
    ("fallbacks", "Questions not understood"),
    ("leads_started", "Lead forms started"),
    # People (as the leads page counts them), then forms: one person may complete several.
    ("new_leads", "New leads"),
    ("leads_completed", "Forms completed"),
)


@bp.get("/")
@require_role(*ALL_STAFF)
def home() -> ResponseReturnValue:
    """The dashboard's front page is the overview."""
    return redirect(url_for("dashboard.overview"))


@bp.get("/overview")
@require_role(*ALL_STAFF)
def overview() -> ResponseReturnValue:
    """Counts per day over 7 or 30 days, and the funnel from conversation to lead."""
    days = request.args.get("days", 7, type=int)
    if days not in PERIODS:
        days = PERIODS[0]
    stats = build_overview(get_session(), days, datetime.now(UTC))
    charts = [
        (label, stats.totals[name], bar_chart(stats.days, stats.daily[name]))
        for name, label in CHARTS
    ]
    stages = funnel(
        [
            ("Visitors who wrote", stats.funnel["visitors"]),
            ("Started the form", stats.funnel["started"]),
            ("Completed a lead", stats.funnel["completed"]),
        ]
    )
    return render_template(
        "dashboard/overview.html",
        days=days,
        periods=PERIODS,
        stats=stats,
        charts=charts,
        funnel=stages,
    )
