"""``consultbot ask``, ``eval`` and ``calibrate``: see and measure how phrasings are matched."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click
import yaml

from consultbot.cli.cases import read_cases
from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.dialogue.engine import match_context, start, step
from consultbot.dialogue.evaluation import (
    DEFAULT_OOS_TARGET,
    Case,
    CurvePoint,
    Outcome,
    choose_threshold,
    run_cases,
    summarise,
    threshold_curve,
    with_threshold,
)
from consultbot.errors import ConsultbotError
from consultbot.knowledge.loader import load_knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

MATCHER_FILE = "matcher.yaml"
PROGRESS_FROM = 200

knowledge_option = click.option(
    "--knowledge",
    "knowledge_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=lambda: os.environ.get("CONSULTBOT_KNOWLEDGE_DIR", str(DEFAULT_KNOWLEDGE_DIR)),
    show_default="the configured knowledge directory",
    help="Knowledge directory to match against.",
)


oos_target_option = click.option(
    "--oos-target",
    type=click.FloatRange(0, 1),
    default=DEFAULT_OOS_TARGET,
    show_default=True,
    help="Calibration objective: the best in-scope accuracy that keeps at least this share "
    "of out-of-scope cases falling back.",
)


def _load(knowledge_dir: Path) -> tuple[KnowledgeBase, MatcherIndex]:
    try:
        kb = load_knowledge(knowledge_dir)
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None
    return kb, compile_index(kb)


def _cases(path: Path) -> list[Case]:
    try:
        return read_cases(path)
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None


def _run(kb: KnowledgeBase, index: MatcherIndex, cases: list[Case], label: str) -> list[Outcome]:
    if len(cases) < PROGRESS_FROM:
        return run_cases(kb, index, cases, clock=time.perf_counter)
    with click.progressbar(length=len(cases), label=label, file=sys.stderr) as bar:
        return run_cases(kb, index, cases, progress=bar.update, clock=time.perf_counter)


def _choose(outcomes: list[Outcome], oos_target: float) -> float:
    try:
        return choose_threshold(outcomes, oos_target)
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None


def _echo_curve(curve: list[CurvePoint], outcomes: list[Outcome], chosen: float) -> None:
    """Print threshold → in-scope accuracy and out-of-scope recall, marking the choice."""
    click.echo("threshold  in-scope accuracy  out-of-scope recall")
    report = summarise(outcomes, chosen)
    rows = [
        (p.threshold, p.in_scope_accuracy, p.oos_recall, "")
        for p in curve[:: max(1, len(curve) // 20)]
    ]
    rows.append((chosen, report.in_scope_accuracy, report.oos_recall, "  <- chosen"))
    for threshold, accuracy, recall, mark in sorted(rows, key=lambda row: (row[0], row[3])):
        shown = "-" if recall is None else f"{recall:.1%}"
        click.echo(f"{threshold:9.3f}  {accuracy:17.1%}  {shown:>19}{mark}")


@click.command()
@click.argument("text")
@knowledge_option
@click.option("--page", "page_url", help="The page the conversation is on, e.g. /compare/x-vs-y.")
@click.option(
    "--after",
    multiple=True,
    help="An earlier message of the conversation (repeat for several, in order).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def ask(
    text: str, knowledge_dir: Path, page_url: str | None, after: tuple[str, ...], as_json: bool
) -> None:
    """Show how a phrasing is matched, which rules and words decided, and why."""
    kb, index = _load(knowledge_dir)
    state = start(kb, page_url).state
    for earlier in after:
        state = step(state, earlier, kb, index).state
    result = determine_intent(index, text, match_context(state))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "intent": result.intent,
                    "best": result.best.intent_id if result.best else None,
                    "confidence": round(result.confidence, 4),
                    "fallback": result.fallback,
                    "runner_up": result.runner_up.intent_id if result.runner_up else None,
                    "suggestions": [s.intent_id for s in result.suggestions],
                    "explanation": result.explain(),
                }
            )
        )
        return
    click.echo(result.explain())
    if result.suggestions:
        click.echo("would offer: " + ", ".join(f"{s.ask!r}" for s in result.suggestions))


@click.command("eval")
@knowledge_option
@click.option(
    "--cases", "cases_path", required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--calibrate-on",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Choose the threshold from these labelled cases before scoring.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    help="Use this fallback threshold instead of the knowledge's (0 = never fall back).",
)
@oos_target_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def evaluate(
    knowledge_dir: Path,
    cases_path: Path,
    calibrate_on: Path | None,
    threshold: float | None,
    oos_target: float,
    as_json: bool,
) -> None:
    """Score labelled cases (JSONL, single questions or conversations): accuracy, fallbacks."""
    started = time.perf_counter()
    kb, index = _load(knowledge_dir)
    compile_seconds = time.perf_counter() - started
    cases = _cases(cases_path)
    if calibrate_on is not None:
        threshold = _choose(_run(kb, index, _cases(calibrate_on), "calibrating"), oos_target)
    if threshold is not None:
        index = with_threshold(index, threshold)
    report = summarise(_run(kb, index, cases, "matching"), index.settings.threshold)
    if as_json:
        click.echo(json.dumps({**report.to_json(), "compile_seconds": round(compile_seconds, 3)}))
        return
    click.echo(f"cases: {report.n}, threshold {report.threshold:.3f}")
    click.echo(f"in-scope accuracy: {report.in_scope_accuracy:.2%}")
    click.echo(f"answered with a wrong item: {report.wrong_rate:.2%} of all cases")
    if report.oos_recall is not None:
        click.echo(f"out-of-scope recall: {report.oos_recall:.2%}")
        click.echo(f"out-of-scope precision: {(report.oos_precision or 0):.2%}")
    click.echo(f"latency p50 {report.latency_ms_p50:.3f} ms, p99 {report.latency_ms_p99:.3f} ms")
    click.echo(f"compile: {compile_seconds:.2f} s")
    if report.confused:
        click.echo("most confused (expected -> got):")
        for expected, got, count in report.confused:
            click.echo(f"  {count:4d}  {expected} -> {got}")


@click.command()
@knowledge_option
@click.option(
    "--cases",
    "cases_paths",
    required=True,
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Labelled cases (JSONL); repeat to calibrate on several files.",
)
@oos_target_option
def calibrate(knowledge_dir: Path, cases_paths: tuple[Path, ...], oos_target: float) -> None:
    """Choose the fallback threshold from labelled cases and store it with the knowledge."""
    kb, index = _load(knowledge_dir)
    cases = [case for path in cases_paths for case in _cases(path)]
    outcomes = _run(kb, index, cases, "calibrating")
    threshold = _choose(outcomes, oos_target)
    _echo_curve(threshold_curve(outcomes), outcomes, threshold)
    report = summarise(outcomes, threshold)
    settings = {
        "matcher": {
            "threshold": round(float(threshold), 4),
            "margin": index.settings.margin,
            "calibrated_on": (
                f"{' + '.join(p.name for p in cases_paths)}: {report.n} cases, "
                f"out-of-scope recall target {oos_target:g}"
            ),
        }
    }
    target = knowledge_dir / MATCHER_FILE
    header = "# Written by `consultbot calibrate`; run it again rather than editing by hand.\n"
    target.write_text(header + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    click.echo(
        f"threshold {threshold:.3f} written to {target} (in-scope accuracy "
        f"{report.in_scope_accuracy:.2%}"
        + (
            f", out-of-scope recall {report.oos_recall:.2%})"
            if report.oos_recall is not None
            else ")"
        )
    )
