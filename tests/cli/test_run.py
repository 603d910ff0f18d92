"""``consultbot run``: the development server ``make run`` starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from consultbot.resources import example_knowledge_dir
from tests.conftest import TEST_SECRET_KEY, free_port


def test_run_serves_and_logs_each_request_once_without_colour_codes(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CONSULTBOT_")},
        "CONSULTBOT_INSTANCE_PATH": str(tmp_path / "instance"),
        "CONSULTBOT_KNOWLEDGE_DIR": str(example_knowledge_dir()),
        "SECRET_KEY": TEST_SECRET_KEY,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "consultbot", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert f"consultbot is serving on http://127.0.0.1:{port} (Ctrl+C to stop)" in output
    assert output.count("GET /healthz 200") == 1
    assert "\x1b[" not in output
    assert output.rstrip().endswith("stopped")
