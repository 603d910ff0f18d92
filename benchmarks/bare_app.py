"""The bare Flask endpoint ``benchmarks/load.py`` measures ``/healthz`` against.

The same JSON body as consultbot's ``GET /healthz``, with nothing else: no middleware, no
database, no knowledge. Served by the same gunicorn settings, it shows what a request costs
on this machine before the service adds anything.
"""

from __future__ import annotations

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

app = Flask(__name__)


@app.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer as consultbot's /healthz does."""
    return jsonify(status="ok")


@app.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Answer ready at once (the benchmark waits for it)."""
    return jsonify(status="ready")
