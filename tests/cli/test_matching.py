"""``consultbot ask``, ``eval`` and ``calibrate``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from consultbot.cli import main
from consultbot.knowledge.loader import load_knowledge

FAQ = {
    "intents": [
        {"id": "hours", "examples": ["when are you open", "opening hours"], "answer": "9-5"},
        {"id": "refund", "examples": ["money back please", "how do refunds work"], "answer": "ok"},
    ]
}


def faq_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    folder.mkdir()
    (folder / "faq.yaml").write_text(yaml.safe_dump(FAQ))
    return folder


def cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    rows = [
        {"text": "what are your opening hours", "intent": "hours"},
        {"text": "i want a refund", "intent": "refund"},
        {"text": "purple elephants dancing", "intent": None},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    return path


def test_ask_prints_the_match_and_why(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["ask", "opening hours?", "--knowledge", str(faq_dir(tmp_path))]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("matched hours")
    assert "decided by:" in result.output


def test_ask_as_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["ask", "refund", "--knowledge", str(faq_dir(tmp_path)), "--json"]
    )
    assert json.loads(result.output)["intent"] == "refund"


def test_eval_prints_the_figures_as_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["eval", "--knowledge", str(faq_dir(tmp_path)), "--cases", str(cases_file(tmp_path)),
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    for key in ("in_scope_accuracy", "oos_recall", "oos_precision", "latency_ms_p50",
                "latency_ms_p99", "n"):  # fmt: skip
        assert key in figures
    assert figures["n"] == 3 and figures["in_scope_accuracy"] == 1.0


def test_eval_with_a_broken_cases_file_says_which_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "a", "intent": null}\nnot json\n')
    result = CliRunner().invoke(
        main, ["eval", "--knowledge", str(faq_dir(tmp_path)), "--cases", str(broken)]
    )
    assert result.exit_code == 1
    assert "broken.jsonl:2: not valid JSON" in result.output


def test_calibrate_stores_the_threshold_with_the_knowledge(tmp_path: Path) -> None:
    folder = faq_dir(tmp_path)
    result = CliRunner().invoke(
        main,
        ["calibrate", "--knowledge", str(folder), "--cases", str(cases_file(tmp_path)),
         "--oos-target", "0.9"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "threshold  in-scope accuracy  out-of-scope recall" in result.output
    assert "<- chosen" in result.output
    settings = load_knowledge(folder).matcher
    assert settings is not None and 0 < settings.threshold < 1
    assert "cases.jsonl: 3 cases, out-of-scope recall target 0.9" in (settings.calibrated_on or "")


def test_ask_follows_a_conversation_on_a_page() -> None:
    result = CliRunner().invoke(
        main,
        ["ask", "how long would that take?", "--page", "/compare/django-vs-fastapi",
         "--after", "what does a large migration cost?"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("matched django-vs-fastapi/tier/large")
    assert "follow-up to the last answer" in result.output


def test_eval_on_an_invalid_knowledge_dir_fails_cleanly(tmp_path: Path) -> None:
    folder = faq_dir(tmp_path)
    shutil.copy(folder / "faq.yaml", folder / "again.yaml")
    result = CliRunner().invoke(
        main, ["eval", "--knowledge", str(folder), "--cases", str(cases_file(tmp_path))]
    )
    assert result.exit_code == 1
    assert "duplicate" in result.output and "Traceback" not in result.output
