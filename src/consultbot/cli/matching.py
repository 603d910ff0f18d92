"""``consultbot ask``, ``eval`` and ``calibrate``: see and measure how phrasings are matched."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
import yaml

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.errors import ConsultbotError
from consultbot.knowledge.loader import load_knowledge
from consultbot.matching.compile import compile_index
from consultbot.matching.evaluation import (
    choose_threshold,
    read_cases,
    run_cases,
    summarise,
    with_threshold,
)
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


def _load_index(knowledge_dir: Path) -> MatcherIndex:
    try:
        return compile_index(load_knowledge(knowledge_dir))
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None


def _cases(path: Path) -> list:
    try:
        return read_cases(path)
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None


def _run(index: MatcherIndex, cases: list, label: str) -> list:
    if len(cases) < PROGRESS_FROM:
        return run_cases(index, cases)
    with click.progressbar(
        length=len(cases), label=label, file=click.get_text_stream("stderr")
    ) as bar:
        return run_cases(index, cases, progress=bar.update)


@click.command()
@click.argument("text")
@knowledge_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def ask(text: str, knowledge_dir: Path, as_json: bool) -> None:
    """Show how a phrasing is matched, and why."""
    result = determine_intent(_load_index(knowledge_dir), text)
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
        click.echo("closest topics: " + ", ".join(s.intent_id for s in result.suggestions))


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
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def evaluate(
    knowledge_dir: Path,
    cases_path: Path,
    calibrate_on: Path | None,
    threshold: float | None,
    as_json: bool,
) -> None:
    """Score a labelled JSONL file: accuracy, out-of-scope recall and precision, latency."""
    started = time.perf_counter()
    index = _load_index(knowledge_dir)
    compile_seconds = time.perf_counter() - started
    cases = _cases(cases_path)
    if calibrate_on is not None:
        threshold = choose_threshold(_run(index, _cases(calibrate_on), "calibrating"))
    if threshold is not None:
        index = with_threshold(index, threshold)
    report = summarise(_run(index, cases, "matching"), index.settings.threshold)
    if as_json:
        click.echo(json.dumps({**report.to_json(), "compile_seconds": round(compile_seconds, 3)}))
        return
    click.echo(f"cases: {report.n}, threshold {report.threshold:.3f}")
    click.echo(f"in-scope accuracy: {report.in_scope_accuracy:.2%}")
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
    "--cases", "cases_path", required=True, type=click.Path(path_type=Path, dir_okay=False)
)
def calibrate(knowledge_dir: Path, cases_path: Path) -> None:
    """Choose the fallback threshold from labelled cases and store it with the knowledge."""
    index = _load_index(knowledge_dir)
    cases = _cases(cases_path)
    try:
        threshold = choose_threshold(_run(index, cases, "calibrating"))
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None
    report = summarise(run_cases(with_threshold(index, threshold), cases), threshold)
    settings = {
        "matcher": {
            "threshold": round(float(threshold), 4),
            "margin": index.settings.margin,
            "calibrated_on": f"{cases_path.name}: {report.n} cases",
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
