"""What the knowledge's words added since a commit lend the held-out visitor sets.

Run from the checkout: ``.venv/bin/python benchmarks/leaks.py <commit>``. It lists the phrases,
aliases, related words and shorthand added to ``knowledge/`` since the commit that occur word for
word in a held-out question (the questions themselves are not printed), then scores the held-out
sets on a copy of the knowledge without those words: the conservative held-out figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from consultbot.matching.normalize import normalize, tokenize

ROOT = Path(__file__).resolve().parents[1]
VISITORS = ROOT / "benchmarks" / "visitors"
FILES = ("cues.yaml", "faq.yaml", "frameworks.yaml", "comparisons/django-vs-fastapi.yaml")
LISTS = frozenset({"phrases", "hints", "aliases", "related", "examples"})


def words_of(node: Any, found: set[str]) -> set[str]:
    """Collect every listed phrase and shorthand key of a parsed knowledge file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in LISTS and isinstance(value, list):
                found.update(str(item) for item in value)
            elif key == "shorthand" and isinstance(value, dict):
                found.update(str(item) for item in value)
            else:
                words_of(value, found)
    elif isinstance(node, list):
        for item in node:
            words_of(item, found)
    return found


def without(node: Any, dropped: set[str]) -> None:
    """Remove the dropped phrases from a parsed knowledge file, in place."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key in LISTS and isinstance(value, list):
                kept = [item for item in value if str(item) not in dropped]
                node[key] = kept or value[:1]
            elif key == "shorthand" and isinstance(value, dict):
                node[key] = {k: v for k, v in value.items() if k not in dropped}
            else:
                without(value, dropped)
    elif isinstance(node, list):
        for item in node:
            without(item, dropped)


def held_out_texts() -> list[str]:
    texts = []
    for path in sorted(VISITORS.glob("holdout*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            said = " ".join(case.get("turns") or [case["text"]])
            texts.append(f" {' '.join(tokenize(normalize(said)))} ")
    return texts


def main() -> None:
    """Print the added words found in held-out questions and the held-out figures without them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit the knowledge is compared with")
    commit = parser.parse_args().commit
    added: set[str] = set()
    for name in FILES:
        old = subprocess.run(
            ["git", "show", f"{commit}:knowledge/{name}"], capture_output=True, text=True, cwd=ROOT
        ).stdout
        new = (ROOT / "knowledge" / name).read_text(encoding="utf-8")
        added |= words_of(yaml.safe_load(new), set()) - words_of(yaml.safe_load(old or "{}"), set())
    texts = held_out_texts()
    found = {}
    for phrase in sorted(added):
        key = f" {' '.join(tokenize(normalize(phrase)))} "
        count = sum(key in text for text in texts)
        if count:
            found[phrase] = count
    print(f"{len(added)} words added since {commit}; {len(found)} occur in held-out questions:")
    print(json.dumps(found, indent=1))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "knowledge"
        shutil.copytree(ROOT / "knowledge", copy)
        for name in FILES:
            data = yaml.safe_load((copy / name).read_text(encoding="utf-8"))
            without(data, set(found))
            (copy / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        print("\n| held-out set | right | wrong | off-topic falling back |\n|---|---|---|---|")
        for path in sorted(VISITORS.glob("holdout*.jsonl")):
            done = subprocess.run(
                [sys.executable, "-m", "consultbot", "eval", "--knowledge", str(copy),
                 "--cases", str(path), "--json"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            r = json.loads(done.stdout)
            print(
                f"| {path.name} | {r['in_scope_accuracy']:.1%} | {r['wrong_rate']:.1%} "
                f"| {r['oos_recall']:.1%} |"
            )


if __name__ == "__main__":
    main()
