"""Editors' pages: the questions the assistant could not answer, "Try it", the knowledge check."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from consultbot.dialogue.engine import match_context, start, step
from consultbot.knowledge.loader import inspect_directory
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.targets import FIELD_LABELS
from consultbot.knowledge.yaml_edit import EditRefused, Proposal, propose
from consultbot.matching.ambiguity import find_ambiguous_examples
from consultbot.matching.compile import MatcherIndex, compile_index
from consultbot.matching.grouping import group_counted
from consultbot.matching.matcher import determine_intent
from consultbot.storage.db import get_session
from consultbot.storage.inbox import recent_edits
from consultbot.storage.models import StaffRole
from consultbot.storage.unanswered import count_unanswered
from consultbot.usecases import knowledge_edit
from consultbot.usecases.knowledge_reload import LiveKnowledge
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import require_role
from consultbot.web.dashboard.forms import TryForm

UNANSWERED_PERIODS = (7, 30, 90)
GROUPS_PER_PAGE = 50
# Matching is linear in the text; visitors' messages may be 2,000 characters of junk.
MATCHED_CHARS = 300
# What the inbox's fix page passes to Try it, and gets back to return to the fix.
FIX_ARGS = ("list", "text", "days", "item", "field", "phrase", "find")


def _live() -> LiveKnowledge:
    live: LiveKnowledge = current_app.extensions["consultbot"]
    return live


@bp.get("/unanswered")
@require_role(StaffRole.EDITOR)
def unanswered() -> ResponseReturnValue:
    """The fallback messages, grouped by similarity, with the intents they came closest to.

    Bounded however many there are: the database counts wordings and returns the most frequent
    WORDINGS_READ, those are grouped, and one page of groups is matched against the knowledge.
    """
    days = request.args.get("days", 30, type=int)
    if days not in UNANSWERED_PERIODS:
        days = 30
    since = datetime.now(UTC) - timedelta(days=days)
    counted = count_unanswered(get_session(), since)
    edits = recent_edits(get_session())
    get_session().rollback()
    groups = group_counted(counted.wordings)
    pages = max(1, math.ceil(len(groups) / GROUPS_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = groups[(page - 1) * GROUPS_PER_PAGE : page * GROUPS_PER_PAGE]
    snapshot = _live().current()
    rows = [
        (group, determine_intent(snapshot.index, group.text[:MATCHED_CHARS]).suggestions)
        for group in shown
    ]
    return render_template(
        "dashboard/unanswered.html",
        groups=rows,
        total=counted.total,
        days=days,
        periods=UNANSWERED_PERIODS,
        capped=counted.distinct > len(counted.wordings),
        wordings_read=len(counted.wordings),
        page=page,
        pages=pages,
        edits=edits,
    )


@bp.get("/try")
@require_role(StaffRole.EDITOR)
def try_question() -> ResponseReturnValue:
    """Show what the assistant answers to a phrasing, and why it matched what it matched."""
    snapshot = _live().current()
    kb = snapshot.knowledge
    form = TryForm(request.args)
    pages = [(f"/compare/{comparison.id}", comparison.title) for comparison in kb.comparisons]
    page_url = request.args.get("page") or (pages[0][0] if pages else "")
    outcome = after = None
    proposal, refused = _proposal(), None
    if request.args and form.validate():
        text = (form.question.data or "").strip()
        outcome = _try(kb, snapshot.index, text, page_url)
        if proposal is not None:
            try:
                changed = propose(_live().directory, proposal).knowledge
                after = _try(changed, compile_index(changed), text, page_url)
            except EditRefused as error:
                refused = error.message
    return render_template(
        "dashboard/try.html",
        form=form,
        outcome=outcome,
        pages=pages,
        page_url=page_url,
        proposal=proposal,
        after=after,
        refused=refused,
        field_labels=FIELD_LABELS,
        fix_args={k: v for k, v in request.args.items() if k in FIX_ARGS},
    )


def _proposal() -> Proposal | None:
    """The fix proposed on the inbox's fix page, if Try it was opened from there."""
    item, field, phrase = (request.args.get(k, "")[:2000] for k in ("item", "field", "phrase"))
    return Proposal(item, field, phrase) if item and field and phrase else None


def _try(kb: KnowledgeBase, index: MatcherIndex, text: str, page_url: str) -> dict[str, Any]:
    """Answer a first message on the page, and explain the match."""
    opened = start(kb, page_url or None)
    answered = step(opened.state, text, kb, index)
    match = determine_intent(index, text, match_context(opened.state))
    return {"answer": answered, "match": match, "explanation": match.explain()}


@bp.get("/knowledge")
@require_role(StaffRole.EDITOR)
def knowledge() -> ResponseReturnValue:
    """The knowledge check for the files in service: problems, warnings, what is loaded."""
    live = _live()
    # An editor checking an edit gets its outcome now (visitors' requests never reload).
    snapshot = knowledge_edit.reload(live)
    inspection = inspect_directory(live.directory)
    warnings = []
    if inspection.knowledge is not None:
        index = snapshot.index if inspection.knowledge == snapshot.knowledge else None
        warnings = [str(w) for w in find_ambiguous_examples(inspection.knowledge, index)]
    return render_template(
        "dashboard/knowledge.html",
        inspection=inspection,
        warnings=warnings,
        snapshot=snapshot,
        directory=live.directory,
        rejected=live.last_error,
        loaded_at=datetime.fromtimestamp(snapshot.loaded_at, UTC),
    )
