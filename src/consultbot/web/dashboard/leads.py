"""Sales pages: the leads list with its CSV, a lead with transcript, notes and status."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3, not in its stubs

from consultbot.notify.mail import ANOTHER_CONVERSATION
from consultbot.storage import live_board, pipeline
from consultbot.storage.chat import changed_answers
from consultbot.storage.db import get_session
from consultbot.storage.labels import Labels
from consultbot.storage.lead_rows import COLUMNS, csv_row
from consultbot.storage.lead_shown import from_another_conversation, shown_submission
from consultbot.storage.leadlist import LeadFilter, iterate_leads, known_sizes, page_of_leads
from consultbot.storage.models import Lead, LeadStatus, StaffRole
from consultbot.usecases import lead_action
from consultbot.usecases.knowledge_reload import LiveKnowledge
from consultbot.web.dashboard import bp
from consultbot.web.dashboard.auth import require_role, signed_in
from consultbot.web.dashboard.forms import ANY_STATUS, LeadFilterForm, NoteForm, StatusForm


def _filter_form() -> tuple[LeadFilterForm, LeadFilter]:
    """Read the list's query string; fields that do not parse are reported and ignored."""
    form = LeadFilterForm(request.args)
    sizes = _size_choices()
    form.size.choices = [SelectChoice("", "Any size"), *sizes]
    form.validate()
    value = {
        name: None if name in form.errors else field.data for name, field in form._fields.items()
    }
    criteria = LeadFilter(
        search=(value["q"] or "").strip(),
        status=LeadStatus(value["status"])
        if value["status"] not in ("", ANY_STATUS, None)
        else None,
        with_spam=value["status"] == ANY_STATUS,
        size=value["size"] or None,
        created_from=value["created_from"],
        created_to=value["created_to"],
        score_min=value["score_min"],
        score_max=value["score_max"],
        sort=value["sort"] or "newest",
    )
    return form, criteria


def _labels() -> Labels:
    live: LiveKnowledge = current_app.extensions["consultbot"]
    return Labels.from_form(live.current().knowledge.lead_form)


def _size_choices() -> list[SelectChoice]:
    """The sizes the lead form offers, then any other size stored on a lead."""
    live: LiveKnowledge = current_app.extensions["consultbot"]
    form = live.current().knowledge.lead_form
    question = form.question("size") if form else None
    choices = [SelectChoice(c.id, c.label) for c in question.choices] if question else []
    offered = {choice.value for choice in choices}
    extra = [
        SelectChoice(size) for size in sorted(known_sizes(get_session())) if size not in offered
    ]
    return choices + extra


@bp.get("/leads")
@require_role(StaffRole.SALES)
def leads() -> ResponseReturnValue:
    """The leads, searched, filtered, sorted and paginated."""
    form, criteria = _filter_form()
    page = page_of_leads(get_session(), criteria, request.args.get("page", 1, type=int))
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "dashboard/leads.html",
        form=form,
        page=page,
        query=query,
        labels=_labels(),
        another_conversation=ANOTHER_CONVERSATION,
    )


@bp.get("/leads.csv")
@require_role(StaffRole.SALES)
def leads_csv() -> ResponseReturnValue:
    """The filtered list as a CSV file (cells a spreadsheet would run are quoted).

    A filter that does not parse refuses the export (400), rather than export every lead as
    if it had not been given; the list shows the same errors next to its fields.
    """
    form, criteria = _filter_form()
    if form.errors:
        problems = "; ".join(
            f"{name}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
        )
        return Response(
            f"Fix the filters; nothing was exported. {problems}\n", 400, mimetype="text/plain"
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*COLUMNS, "score_reasons"])
    writer.writeheader()
    labels = _labels()
    for lead in iterate_leads(get_session(), criteria):
        writer.writerow(csv_row(lead, labels))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="leads-{stamp}.csv"'},
    )


def _not_found(lead_id: int) -> ResponseReturnValue:
    return render_template(
        "dashboard/error.html",
        title="No such lead",
        message=f"There is no lead number {lead_id}; it may have been deleted.",
    ), 404


def _lead_page(
    lead: Lead, note_form: NoteForm | None = None, status: int = 200
) -> ResponseReturnValue:
    db = get_session()
    labels = _labels()
    received = list(lead.submissions)
    # The answers the lead shows, and what each submission was compared with when it came:
    # the submission shown before it, never a spam one in between.
    latest = shown_submission(received)
    before = {s.id: shown_submission(received[:i]) for i, s in enumerate(received) if i > 0}
    another = {s.id for s in received[1:] if from_another_conversation(received[0], s)}
    changes = changed_answers(before[latest.id], latest) if latest and latest.id in before else []
    submissions = list(reversed(received))
    history = pipeline.status_history(db, lead.id)
    notes = pipeline.notes(db, lead.id)
    status_form = StatusForm(status=lead.status.value)
    return render_template(
        "dashboard/lead.html",
        lead=lead,
        labels=labels,
        submissions=submissions,
        latest=latest,
        changes=changes,
        another=another,
        another_conversation=ANOTHER_CONVERSATION,
        history=history,
        notes=notes,
        note_form=note_form or NoteForm(),
        status_form=status_form,
        live_lines=live_board.live_lines(db, lead.conversation_id),
    ), status


@bp.get("/leads/<id:lead_id>")
@require_role(StaffRole.SALES)
def lead(lead_id: int) -> ResponseReturnValue:
    """Everything about one lead."""
    found = pipeline.find_lead(get_session(), lead_id)
    return _not_found(lead_id) if found is None else _lead_page(found)


@bp.post("/leads/<id:lead_id>/notes")
@require_role(StaffRole.SALES)
def add_note(lead_id: int) -> ResponseReturnValue:
    """Add a note; a bad one is shown back with what to fix, and nothing is saved."""
    found = pipeline.find_lead(get_session(), lead_id)
    if found is None:
        return _not_found(lead_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _lead_page(found, note_form=form, status=400)
    lead_action.add_note(get_session(), found, signed_in().id, form.body.data or "")
    flash("Note added.", "success")
    return redirect(url_for("dashboard.lead", lead_id=lead_id, _anchor="notes"))


@bp.post("/leads/<id:lead_id>/status")
@require_role(StaffRole.SALES)
def change_status(lead_id: int) -> ResponseReturnValue:
    """Move the lead to another status, kept in its history."""
    found = pipeline.find_lead(get_session(), lead_id)
    if found is None:
        return _not_found(lead_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash("Choose one of the listed statuses; nothing was changed.", "error")
        return _lead_page(found, status=400)
    new = LeadStatus(form.status.data)
    if lead_action.change_status(get_session(), found, signed_in().id, new):
        flash(f"Status changed to {new.value}.", "success")
    else:
        flash(f"The lead was already {new.value}.", "info")
    return redirect(url_for("dashboard.lead", lead_id=lead_id))
