"""gunicorn settings for production, all from the environment (``consultbot serve`` uses them).

- ``CONSULTBOT_BIND``: address to listen on; default ``0.0.0.0:$PORT`` (``PORT`` 8000).
- ``WEB_CONCURRENCY``: worker processes; default two per CPU core, at most 8.
- ``GUNICORN_THREADS``: threads per worker; default 4 (the matcher holds the GIL briefly, the
  database waits release it).
- ``GUNICORN_TIMEOUT``: seconds before a stuck worker is killed and replaced; default 30.

Each worker builds its own app (no ``preload_app``): database pools are never shared across a
fork. Metrics from every worker are added up through ``PROMETHEUS_MULTIPROC_DIR``, a fresh
folder per start unless one is given.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

_cores = os.cpu_count() or 1

bind = os.environ.get("CONSULTBOT_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * _cores, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Replace workers now and then (a slow leak cannot grow for ever), spread out so they never
# all restart at once. Not too often: a new worker builds the app and compiles the knowledge
# again, about 2 s of CPU for the shipped page; every 5,000 requests that was 0.4 ms of CPU
# per request, and at a few hundred requests a second a restart every few seconds.
max_requests = 50_000
max_requests_jitter = 5_000
# The app logs each request itself, as JSON with its request id.
accesslog = None
errorlog = "-"
proc_name = "consultbot"
# No control socket: several instances on one host would fight over its one path.
control_socket_disable = True

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="consultbot-metrics-")
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server: Any) -> None:
    """Start with empty metric files (counters restart with the service); warn when several
    workers each count the rate limits in memory."""
    for entry in os.listdir(_metrics_dir):
        path = os.path.join(_metrics_dir, entry)
        if os.path.isfile(path):
            os.unlink(path)
    warn_about_per_worker_limits(server)


def warn_about_per_worker_limits(server: Any) -> None:
    """Log that each worker counts the limits for itself (no REDIS_URL), naming the fix."""
    from consultbot.config import load_config
    from consultbot.errors import ConfigError
    from consultbot.web.limits import per_process_warning

    try:
        config = load_config()
    except ConfigError:
        return  # each worker fails to start with the reason; nothing to add here
    warning = per_process_warning(config, server.cfg.workers)
    if warning is not None:
        server.log.warning("consultbot: %s", warning)


def child_exit(server: Any, worker: Any) -> None:
    """Tell the metrics that a worker is gone (its live gauges no longer count)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    """Remove the metrics folder this start made."""
    if _metrics_dir.startswith(tempfile.gettempdir()) and "consultbot-metrics-" in _metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)
