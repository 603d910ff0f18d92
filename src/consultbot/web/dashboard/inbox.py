"""The editors' inbox: answers visitors disliked, likely wrong answers, and fixing them in place.

From any group (these two lists and "not understood") an editor adds the wording to the right
item of the knowledge, as the item's design calls for (an FAQ example, related words, an
alias, a cue), or dismisses the group. The file is edited by ``knowledge.yaml_edit``; the
change and the wordings it covered are recorded by ``storage.inbox``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from consultbot.knowledge.targets import (
    ALIASES,
    CUE,
    EXAMPLES,
    FIELD_LABELS,
    RELATED,
    Target,
    find_target,
    search_targets,
)
from consultbot.knowledge.yaml_edit import EditRefused, Proposal
from consultbot.matching.grouping import group_counted
from consultbot.matching.matcher import determine_intent
from consultbot.storage import inbox as store
from consultbot.storage.db import get_session
from consultbot.storage.inbox import InboxGroup
from consultbot.storage.models import EditAction, InboxList, StaffRole
from consultbot.storage.unanswered import count_unanswered
from consultbot.usecases import knowledge_edit
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import require_role, signed_in
from consultbot.web.dashboard.editors import MATCHED_CHARS, UNANSWERED_PERIODS, _live

LISTS = {
    "unanswered": InboxList.UNANSWERED,
    "disliked": InboxList.DISLIKED,
    "likely-wrong": InboxList.LIKELY_WRONG,
}
TITLES = {
    "unanswered": "Not understood",
    "disliked": "Answers visitors disliked",
    "likely-wrong": "Likely wrong",
}
# An answer that beat the runner-up by less than this over the matcher's own margin (under
# which it asks instead of answering) is counted as likely wrong.
LOW_MARGIN_OVER = 0.10
MAX_TEXT = 2000
ACTIONS = {
    EXAMPLES: EditAction.EXAMPLE,
    RELATED: EditAction.RELATED,
    ALIASES: EditAction.ALIAS,
    CUE: EditAction.CUE,
}


def _days() -> int:
    days = request.values.get("days", 30, type=int)
    return days if days in UNANSWERED_PERIODS else 30


def read_groups(name: str, days: int) -> list[InboxGroup]:
    """Return one list's groups for the last ``days`` days, biggest first."""
    session = get_session()
    since = datetime.now(UTC) - timedelta(days=days)
    if name == "unanswered":
        counted = count_unanswered(session, since)
        return [
            InboxGroup(
                g.text, g.count, g.examples, g.members, reasons=[("not understood", g.count)]
            )
            for g in group_counted(counted.wordings)
        ]
    signals = store.disliked(session, since)
    if name == "likely-wrong":
        below = _live().current().index.settings.margin + LOW_MARGIN_OVER
        signals = [
            *store.low_margin(session, since, below),
            *store.rephrased(session, since),
            *signals,
        ]
    return store.group_signals(signals)


def _list_name() -> str:
    name = request.values.get("list", "")
    if name not in LISTS:
        abort(404)
    return name


@bp.get("/inbox/<name>")
@require_role(StaffRole.EDITOR)
def inbox(name: str) -> ResponseReturnValue:
    """One inbox list: groups of similar wordings with counts, the answers given and why."""
    if name not in LISTS or name == "unanswered":
        abort(404)
    days = _days()
    groups = read_groups(name, days)[:50]
    edits = store.recent_edits(get_session())
    get_session().rollback()
    return render_template(
        "dashboard/inbox.html",
        name=name,
        title=TITLES[name],
        groups=groups,
        days=days,
        periods=UNANSWERED_PERIODS,
        edits=edits,
    )


def _find_group(name: str, text: str, days: int) -> InboxGroup | None:
    return next((g for g in read_groups(name, days) if g.text == text), None)


@bp.get("/inbox/fix")
@require_role(StaffRole.EDITOR)
def fix(error: str | None = None) -> ResponseReturnValue:
    """The fix page of one group: search the knowledge, choose the item, add or dismiss."""
    name, days = _list_name(), _days()
    text = request.values.get("text", "")[:MAX_TEXT]
    group = _find_group(name, text, days)
    get_session().rollback()
    if group is None:
        flash("That group is no longer in the inbox; someone may have fixed it already.", "info")
        return redirect(_list_url(name, days))
    snapshot = _live().current()
    match = determine_intent(snapshot.index, group.text[:MATCHED_CHARS])
    closest = group.intents[0] if group.intents else (match.best.intent_id if match.best else None)
    find = request.values.get("find", "")[:200]
    targets = search_targets(
        snapshot.knowledge, find or group.text, first=None if find else closest
    )
    # A fallback's closest item is a fair guess; an answer that looks wrong is not one.
    guess = closest if name == "unanswered" else None
    chosen = request.values.get("item") or guess or ""
    return render_template(
        "dashboard/inbox_fix.html",
        name=name,
        title=TITLES[name],
        group=group,
        days=days,
        find=find,
        targets=targets,
        chosen=chosen,
        answered=None if name == "unanswered" else closest,
        field_labels=FIELD_LABELS,
        phrase=request.values.get("phrase", group.text),
        error=error,
    ), (422 if error else 200)


@bp.post("/inbox/fix")
@require_role(StaffRole.EDITOR)
def apply_fix() -> ResponseReturnValue:
    """Add the wording to the chosen item's YAML file, record who did it, mark the group fixed."""
    name, days = _list_name(), _days()
    live = _live()
    target = _chosen_target()
    field = request.form.get("field", "")
    if target is None:
        return fix(error="Choose the item that should have answered.")
    if field not in target.fields:
        takes = " or ".join(FIELD_LABELS[f] for f in target.fields)
        return fix(error=f"{target.label} takes {takes}; choose that under 'Add it as'.")
    group = _find_group(name, request.form.get("text", "")[:MAX_TEXT], days)
    if group is None:
        get_session().rollback()
        flash("That group is no longer in the inbox; someone may have fixed it already.", "info")
        return redirect(_list_url(name, days))
    proposal = Proposal(target.intent_id, field, request.form.get("phrase", "")[:MAX_TEXT])
    me = signed_in()
    try:
        added = knowledge_edit.add_wording(
            get_session(),
            live,
            knowledge_edit.Editor(me.id, me.email),
            (LISTS[name], ACTIONS[field]),
            group.members,
            proposal,
        )
    except EditRefused as refused:
        return fix(error=refused.message)
    flash(
        f"Added '{added.phrase}' to {target.label} in {added.file}; the group is marked fixed.",
        "success",
    )
    return redirect(_list_url(name, days))


@bp.post("/inbox/dismiss")
@require_role(StaffRole.EDITOR)
def dismiss() -> ResponseReturnValue:
    """Take a group off the inbox without changing the knowledge (it comes back if asked again)."""
    name, days = _list_name(), _days()
    group = _find_group(name, request.form.get("text", "")[:MAX_TEXT], days)
    session = get_session()
    if group is None:
        session.rollback()
        flash(
            "That group is no longer in the inbox; someone may have dealt with it already.", "info"
        )
        return redirect(_list_url(name, days))
    me = signed_in()
    knowledge_edit.dismiss(
        session, knowledge_edit.Editor(me.id, me.email), LISTS[name], group.members
    )
    flash(f"Dismissed '{group.text}'; it comes back if visitors ask it again.", "success")
    return redirect(_list_url(name, days))


def _chosen_target() -> Target | None:
    return find_target(_live().current().knowledge, request.form.get("item", ""))


def _list_url(name: str, days: int) -> str:
    if name == "unanswered":
        return url_for("dashboard.unanswered", days=days)
    return url_for("dashboard.inbox", name=name, days=days)
