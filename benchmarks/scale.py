"""Measure the matcher as the site grows: N comparison pages between distinct framework pairs.

Run from the checkout: ``.venv/bin/python benchmarks/scale.py`` (or ``make bench-scale``).
For N = 1, 50 and 200 it writes a knowledge folder holding the shipped Django-vs-FastAPI page
and N - 1 copies of it between made-up frameworks (ids and names swapped, facts unchanged),
then measures, each in a fresh process:

- loading and compiling the folder, and the process's resident memory once compiled;
- matching latency (p50 / p99) and accuracy on the visitor question sets of
  ``benchmarks/visitors/`` asked on the original page, and the same questions asked on the last
  generated page with its framework names (the item ids follow the page);
- at N = 200, how long ``consultbot serve`` takes to answer ``/readyz`` with 200.

Accuracy must not change with N: a question names its pair or comes with its page.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
VISITORS = ROOT / "benchmarks" / "visitors"
SIZES = (1, 50, 200)
PAGE = "django-vs-fastapi"
SYLLABLES = ("ka", "ro", "vel", "min", "tor", "sa", "lu", "dex", "qua", "zen", "pol", "fir")
READY_TIMEOUT = 120.0


def made_up_name(number: int) -> str:
    """Return a pronounceable, non-English framework name unique to the number."""
    parts = []
    for _ in range(3):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize() + "ix"


def pair_of(page: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """Return the (id, name) of both frameworks of a generated page."""
    first, second = made_up_name(2 * page), made_up_name(2 * page + 1)
    return (first.lower(), first), (second.lower(), second)


def swap_names(text: str, page: int) -> str:
    """Replace Django and FastAPI by the page's made-up pair: names in prose, ids elsewhere."""
    (first_id, first), (second_id, second) = pair_of(page)
    text = text.replace(PAGE, f"{first_id}-vs-{second_id}")
    for pattern, replacement in (
        (r"FastAPI|Fast API|Fastapi", second),
        (r"fast[ -]?api", second_id),
        (r"Django", first),
        (r"django", first_id),
    ):
        text = re.sub(pattern, replacement, text)
    return text


def write_knowledge(folder: Path, pages: int) -> None:
    """Write the shipped knowledge plus pages - 1 generated comparisons."""
    folder.mkdir(parents=True)
    for path in KNOWLEDGE.rglob("*.yaml"):
        if path.name == "matcher.yaml":
            continue
        target = folder / path.relative_to(KNOWLEDGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "matcher.yaml").write_text((KNOWLEDGE / "matcher.yaml").read_text("utf-8"), "utf-8")
    page_text = (KNOWLEDGE / "comparisons" / f"{PAGE}.yaml").read_text(encoding="utf-8")
    frameworks = []
    for page in range(1, pages):
        (first_id, first), (second_id, second) = pair_of(page)
        frameworks += [
            {"id": first_id, "name": first, "language": "Python"},
            {"id": second_id, "name": second, "language": "Python"},
        ]
        generated = swap_names(page_text, page)
        (folder / "comparisons" / f"{first_id}-vs-{second_id}.yaml").write_text(
            generated, encoding="utf-8"
        )
    if frameworks:
        (folder / "generated_frameworks.yaml").write_text(
            json.dumps({"frameworks": frameworks}), encoding="utf-8"
        )


def write_cases(folder: Path, pages: int) -> tuple[Path, Path]:
    """Write the visitor questions on the original page, and on the last generated page."""
    folder.mkdir(parents=True)
    rows = []
    for name in sorted(p.name for p in VISITORS.glob("dev*.jsonl")):
        rows += [json.loads(line) for line in (VISITORS / name).read_text("utf-8").splitlines()]
    original = folder / "original.jsonl"
    original.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    last = pages - 1
    moved = [json.loads(swap_names(json.dumps(r), last)) if last else r for r in rows]
    generated = folder / "generated.jsonl"
    generated.write_text("\n".join(json.dumps(r) for r in moved), encoding="utf-8")
    return original, generated


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from consultbot.dialogue.evaluation import case_from_data, run_cases, summarise
from consultbot.knowledge.loader import load_knowledge
from consultbot.matching.compile import compile_index
started = time.perf_counter()
kb = load_knowledge(Path(sys.argv[1]))
loaded = time.perf_counter()
index = compile_index(kb)
compiled = time.perf_counter()
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024
out = {"pages": len(kb.comparisons), "load_s": round(loaded - started, 2),
       "compile_s": round(compiled - loaded, 2), "rss_mb": round(rss, 1)}
for label, path in (("original", sys.argv[2]), ("generated", sys.argv[3])):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    cases = [case_from_data(json.loads(line), path) for line in lines if line.strip()]
    outcomes = run_cases(kb, index, cases, clock=time.perf_counter)
    report = summarise(outcomes, index.settings.threshold)
    out[label] = {"in_scope_accuracy": round(report.in_scope_accuracy, 4),
                  "oos_recall": report.oos_recall, "wrong_rate": round(report.wrong_rate, 4),
                  "match_ms_p50": round(report.latency_ms_p50, 3),
                  "match_ms_p99": round(report.latency_ms_p99, 3)}
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out))
"""


def measure(folder: Path, original: Path, generated: Path) -> dict:
    """Load, compile and match in a fresh process; return its figures."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder), str(original), str(generated)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def free_port() -> int:
    """Return a TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seconds_to_ready(folder: Path, work: Path) -> float:
    """Migrate a SQLite database, start ``consultbot serve`` and time /readyz until 200."""
    env = {
        **os.environ,
        "CONSULTBOT_KNOWLEDGE_DIR": str(folder),
        "CONSULTBOT_INSTANCE_PATH": str(work / "instance"),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("DATABASE_URL", None)
    consultbot = [sys.executable, "-m", "consultbot"]
    subprocess.run([*consultbot, "db", "upgrade"], check=True, env=env, capture_output=True)
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [*consultbot, "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < READY_TIMEOUT:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return round(time.perf_counter() - started, 2)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"not ready within {READY_TIMEOUT} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Measure every size and print JSON and a table."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for pages in SIZES:
            folder = work / f"knowledge-{pages}"
            write_knowledge(folder, pages)
            original, generated = write_cases(work / f"cases-{pages}", pages)
            figures = measure(folder, original, generated)
            if pages == max(SIZES):
                figures["serve_ready_s"] = seconds_to_ready(folder, work / "serve")
            results.append(figures)
            print(json.dumps(figures), file=sys.stderr)
    print(json.dumps(results, indent=2))
    print(
        "\n| pages | load + compile | RSS | match p50 / p99 | accuracy on its page "
        "(original / generated) | wrong answers |\n|---|---|---|---|---|---|"
    )
    for r in results:
        o, g = r["original"], r["generated"]
        print(
            f"| {r['pages']} | {r['load_s']:.2f} + {r['compile_s']:.2f} s | {r['rss_mb']:.0f} MB "
            f"| {o['match_ms_p50']:.2f} / {o['match_ms_p99']:.2f} ms "
            f"| {o['in_scope_accuracy']:.1%} / {g['in_scope_accuracy']:.1%} "
            f"| {o['wrong_rate']:.1%} / {g['wrong_rate']:.1%} |"
        )
    ready = results[-1].get("serve_ready_s")
    print(f"\n`consultbot serve` ready (/readyz 200) at {results[-1]['pages']} pages: {ready} s")


if __name__ == "__main__":
    main()
