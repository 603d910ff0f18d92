"""Score the shipped knowledge on the visitor question sets: development halves and held out.

Run from the checkout: ``.venv/bin/python benchmarks/visitors.py`` (or ``make bench-visitors``).
Every case is played through the dialogue on its page (earlier turns first) and its last turn
is scored with the threshold stored in ``knowledge/matcher.yaml``, which ``consultbot
calibrate`` chose from the development sets only. The held-out set's figure is the one that
counts: its failures are never read while the matcher is changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VISITORS = ROOT / "benchmarks" / "visitors"
DEVELOPMENT = tuple(
    f"dev{n}.jsonl" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
)
SETS = (
    *((f"development ({name})", VISITORS / name)
      for name in DEVELOPMENT),
    ("held out (holdout.jsonl)", VISITORS / "holdout.jsonl"),
    ("held out, written after session 10 (holdout2.jsonl)", VISITORS / "holdout2.jsonl"),
    ("held out, written first in session 11 (holdout3.jsonl)", VISITORS / "holdout3.jsonl"),
    ("held out, written first in session 12 (holdout4.jsonl)", VISITORS / "holdout4.jsonl"),
    ("held out, written first in session 13 (holdout5.jsonl)", VISITORS / "holdout5.jsonl"),
    ("held out, written first in session 14 (holdout6.jsonl)", VISITORS / "holdout6.jsonl"),
    ("held out, written late in session 14 (holdout7.jsonl)", VISITORS / "holdout7.jsonl"),
    ("held out, written first in session 15 (holdout8.jsonl)", VISITORS / "holdout8.jsonl"),
    ("project phrasings (domain_cases.jsonl)", ROOT / "tests" / "matching" / "domain_cases.jsonl"),
)  # fmt: skip


def evaluate(cases: Path) -> dict:
    """Run ``consultbot eval --json`` on the shipped knowledge."""
    command = [sys.executable, "-m", "consultbot", "eval", "--knowledge", str(ROOT / "knowledge")]
    done = subprocess.run(
        [*command, "--cases", str(cases), "--json"], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def main() -> None:
    """Print each set's figures as JSON and as a table."""
    results = {label: evaluate(path) for label, path in SETS}
    print(json.dumps(results, indent=2))
    print(
        "\n| set | cases | answered right (in scope) | answered with a wrong item "
        "| off-topic falling back |\n|---|---|---|---|---|"
    )
    for label, r in results.items():
        recall = "-" if r["oos_recall"] is None else f"{r['oos_recall']:.1%}"
        print(
            f"| {label} | {r['n']} | {r['in_scope_accuracy']:.1%} | {r['wrong_rate']:.1%} "
            f"| {recall} |"
        )


if __name__ == "__main__":
    main()
