"""Measure the matcher on Banking77: accuracy, out-of-scope fallback, speed, memory.

Run from the checkout: ``.venv/bin/python benchmarks/banking77.py`` (or ``make bench``).
It converts the training queries into a generic ``intents:`` knowledge directory, scores the
test queries through ``consultbot eval``, and times matching against a naive rapidfuzz baseline.
Nothing is tuned on test.csv: the threshold is calibrated on a split of train.csv.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "banking77"
CONSULTBOT = [sys.executable, "-m", "consultbot"]
VALIDATION_SHARE = 0.1
SEED = 77


def intent_id(category: str) -> str:
    """Turn a Banking77 category into a knowledge id ("Refund_not_showing_up" → lower case)."""
    return re.sub(r"[^a-z0-9_-]", "", category.lower())


def read(name: str) -> list[tuple[str, str]]:
    """Read a Banking77 CSV as (text, intent) pairs."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return [(row["text"], row["category"]) for row in csv.DictReader(handle)]


def write_knowledge(folder: Path, rows: list[tuple[str, str]]) -> Path:
    """Write training rows as a generic intents knowledge directory."""
    folder.mkdir(parents=True, exist_ok=True)
    by_intent: dict[str, list[str]] = {}
    for text, intent in rows:
        by_intent.setdefault(intent, []).append(text)
    intents = [
        {"id": intent_id(intent), "examples": examples, "answer": f"About {intent}."}
        for intent, examples in sorted(by_intent.items())
    ]
    (folder / "intents.yaml").write_text(yaml.safe_dump({"intents": intents}), encoding="utf-8")
    return folder


def write_cases(path: Path, rows: list[tuple[str, str | None]]) -> Path:
    """Write labelled cases as JSONL."""
    lines = [json.dumps({"text": t, "intent": intent_id(i) if i else None}) for t, i in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def consultbot_eval(knowledge: Path, cases: Path, *options: str) -> dict:
    """Run ``consultbot eval --json`` and return its figures."""
    command = [*CONSULTBOT, "eval", "--knowledge", str(knowledge), "--cases", str(cases), "--json"]
    command += options
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout)


def split_validation(rows: list[tuple[str, str]]) -> tuple[list, list]:
    """Hold out a share of each intent's training queries for calibration."""
    rng = random.Random(SEED)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for _, intent in rows:
        counts[intent] = counts.get(intent, 0) + 1
    keep, validation = [], []
    for text, intent in shuffled:
        seen[intent] = seen.get(intent, 0) + 1
        target = validation if seen[intent] <= counts[intent] * VALIDATION_SHARE else keep
        target.append((text, intent))
    return keep, validation


def speed(knowledge: Path, texts: list[str], examples: list[str]) -> dict:
    """Time matching alone, next to rapidfuzz's extractOne over the same examples."""
    from rapidfuzz import fuzz, process

    from consultbot.knowledge.loader import load_knowledge
    from consultbot.matching.compile import compile_index
    from consultbot.matching.matcher import determine_intent

    started = time.perf_counter()
    kb = load_knowledge(knowledge)
    loaded = time.perf_counter()
    index = compile_index(kb)
    compiled = time.perf_counter()
    ours = []
    for text in texts:
        begin = time.perf_counter()
        determine_intent(index, text)
        ours.append((time.perf_counter() - begin) * 1000)
    choices = dict(enumerate(examples))
    baseline = []
    for text in texts[:500]:
        begin = time.perf_counter()
        process.extractOne(text, choices, scorer=fuzz.token_sort_ratio)
        baseline.append((time.perf_counter() - begin) * 1000)
    return {
        "load_seconds": round(loaded - started, 3),
        "compile_seconds": round(compiled - loaded, 3),
        "match_ms_p50": round(float(np.percentile(ours, 50)), 4),
        "match_ms_p99": round(float(np.percentile(ours, 99)), 4),
        "baseline_extractone_ms_p50": round(float(np.percentile(baseline, 50)), 4),
        "baseline_extractone_ms_p99": round(float(np.percentile(baseline, 99)), 4),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


WORKER_RSS = """
import gc
from consultbot import create_app
app = create_app()
app.extensions["consultbot"].current()
gc.collect()
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")))
"""


def worker_rss_mb(knowledge: Path, instance: Path) -> float:
    """Start a web app process with this knowledge and return its resident memory in MB."""
    env = {
        **os.environ,
        "CONSULTBOT_KNOWLEDGE_DIR": str(knowledge),
        "CONSULTBOT_INSTANCE_PATH": str(instance),
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER_RSS], check=True, capture_output=True, text=True, env=env
    )
    return round(int(done.stdout.strip()) / 1024, 1)


def main() -> None:
    """Run every Banking77 measurement and print them as JSON and as a table."""
    train, test = read("train.csv"), read("test.csv")
    categories = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    held_out = set(categories[3::4])
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = write_knowledge(work / "full", train)
        test_cases = write_cases(work / "test.jsonl", test)
        # Top-1 accuracy, comparable with the reference figures (which never fall back).
        results["in_scope"] = consultbot_eval(full, test_cases, "--threshold", "0")

        kept, validation = split_validation([r for r in train if r[1] not in held_out])
        partial = write_knowledge(work / "partial", kept)
        # Calibrate on in-scope validation queries only: the held-out intents stay unseen.
        val_cases = write_cases(work / "val.jsonl", validation)
        oos_test = [(t, None if i in held_out else i) for t, i in test]
        results["out_of_scope"] = consultbot_eval(
            partial, write_cases(work / "oos.jsonl", oos_test), "--calibrate-on", str(val_cases)
        )
        results["speed"] = speed(full, [t for t, _ in test], [t for t, _ in train])
        results["speed"]["worker_rss_mb"] = worker_rss_mb(full, work / "instance")
    print(json.dumps(results, indent=2))
    in_scope, oos, fast = results["in_scope"], results["out_of_scope"], results["speed"]
    print(
        "\n| measure | value | target |\n|---|---|---|\n"
        f"| in-scope top-1 accuracy, all 77 intents | {in_scope['in_scope_accuracy']:.1%} "
        "| >= 91% |\n"
        f"| held-out intents falling back (OOS recall) | {oos['oos_recall']:.1%} | >= 50% |\n"
        f"| in-scope accuracy, 1/4 intents held out | {oos['in_scope_accuracy']:.1%} "
        "| >= 87% |\n"
        f"| OOS precision | {oos['oos_precision']:.1%} | |\n"
        f"| calibrated threshold | {oos['threshold']:.3f} | |\n"
        f"| match p50 / p99 | {fast['match_ms_p50']:.3f} / {fast['match_ms_p99']:.3f} ms "
        "| <= 1 / 3 ms |\n"
        f"| rapidfuzz extractOne p50 / p99 | {fast['baseline_extractone_ms_p50']:.3f} / "
        f"{fast['baseline_extractone_ms_p99']:.3f} ms | baseline |\n"
        f"| load + compile | {fast['load_seconds']:.2f} + {fast['compile_seconds']:.2f} s "
        "| < 5 s |\n"
        f"| web worker RSS with it loaded | {fast['worker_rss_mb']:.0f} MB | < 150 MB |"
    )


if __name__ == "__main__":
    main()
