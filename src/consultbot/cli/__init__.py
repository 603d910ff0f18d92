"""The ``consultbot`` command: run the service and the editors' and operators' tools."""

from __future__ import annotations

import sys

import click
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from consultbot.errors import ConsultbotError


def load_app() -> Flask:
    """Build the app for a command, turning a configuration problem into a clean CLI error."""
    from consultbot import create_app

    try:
        return create_app()
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None


class AppLoggedRequests(WSGIRequestHandler):
    """The development server's request handler, leaving the access log to the app."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing: ``consultbot.access`` logs every request once, with its request id."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """consultbot: the chat assistant behind the framework comparison pages."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
def run(host: str, port: int) -> None:
    """Start the development server (`consultbot serve` runs gunicorn for production)."""
    from consultbot.notify.worker import start_for_app

    app = load_app()
    start_for_app(app)
    # Werkzeug's own banner and request lines are coloured with ANSI codes whether or not
    # anyone reads them on a terminal; the app already logs each request, with its id.
    server = make_server(host, port, app, threaded=True, request_handler=AppLoggedRequests)
    click.echo(f"consultbot is serving on http://{host}:{port} (Ctrl+C to stop)", err=True)
    server.serve_forever()  # until Ctrl+C, which it catches, closing the socket
    click.echo("stopped", err=True)


@main.command()
@click.option("--bind", help="Address to listen on (default CONSULTBOT_BIND or 0.0.0.0:$PORT).")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (WEB_CONCURRENCY).")
@click.option(
    "--threads", type=click.IntRange(1, 64), help="Threads per worker (GUNICORN_THREADS)."
)
def serve(bind: str | None, workers: int | None, threads: int | None) -> None:
    """Serve in production with gunicorn (settings in consultbot/gunicorn_conf.py).

    Checks first that the configuration is valid and the database is migrated, so a bad
    deployment fails here with what to fix instead of in every worker.
    """
    import os

    from consultbot.storage.db import closing_engine
    from consultbot.storage.migrations import check_database

    app = load_app()
    with closing_engine(app):
        try:
            check_database(app)
        except ConsultbotError as error:
            raise click.ClickException(error.message) from None
    arguments = [sys.executable, "-m", "gunicorn", "-c", "python:consultbot.gunicorn_conf"]
    if bind:
        arguments += ["--bind", bind]
    if workers:
        arguments += ["--workers", str(workers)]
    if threads:
        arguments += ["--threads", str(threads)]
    arguments.append("consultbot.wsgi:app")
    click.echo(f"starting gunicorn: {' '.join(arguments[1:])}", err=True)
    os.execv(sys.executable, arguments)


def _register_commands() -> None:
    from consultbot.cli.conversations import conversations
    from consultbot.cli.db import db
    from consultbot.cli.init import init
    from consultbot.cli.knowledge import knowledge
    from consultbot.cli.leads import leads
    from consultbot.cli.matching import ask, calibrate, evaluate
    from consultbot.cli.users import users
    from consultbot.cli.worker import worker

    main.add_command(init)
    main.add_command(db)
    main.add_command(knowledge)
    main.add_command(ask)
    main.add_command(evaluate)
    main.add_command(calibrate)
    main.add_command(leads)
    main.add_command(conversations)
    main.add_command(worker)
    main.add_command(users)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
