"""``umfrage serve``: the web application behind gunicorn, static files through WhiteNoise."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import click
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from umfrage.cli import ensure_database
from umfrage.collect.logredact import redact

# How long the worker may take to finish its current message when the server stops.
WORKER_GRACE_SECONDS = 20.0


def cores() -> int:
    """Cores this process may use (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(core_count: int) -> int:
    # gunicorn's rule of thumb: while one process waits for the database another computes.
    return 2 * core_count + 1


class RedactingLogger(Logger):
    """gunicorn's access log without personal tokens (``/t/<token>`` → placeholder)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


def gunicorn_options(
    host: str, port: int, workers: int, threads: int, access_log: bool
) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "logger_class": RedactingLogger,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        # The application is imported once, in the master, and the workers are forked from
        # it: a worker starts (and restarts, below) in milliseconds instead of importing
        # Django and Umfrage anew, about a second of CPU each, which under load came out of
        # the time for answering respondents.
        "preload_app": True,
        # Restart workers now and then so that a slow leak can never take the server down.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Newer gunicorn opens a control socket in the home folder; several servers would clash.
        "control_socket_disable": True,
    }


class UmfrageServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None and key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from django.db import connections

        from umfrage import secretkey, warmup

        secretkey.ensure_served_key()  # (done by run_server; again for any other caller)
        from umfrage.wsgi import application

        # Loaded in the master before the workers are forked (preload_app), with what every
        # worker would otherwise build on its first requests (umfrage.warmup). No database
        # connection may stay open here, or every worker would share it.
        warmup.warm_up()
        connections.close_all()
        warmup.freeze()
        return application


def ensure_key() -> None:
    """Never serve with the public development key (umfrage.secretkey)."""
    from umfrage.secretkey import KeyProblem, announcement, ensure_served_key

    try:
        created = ensure_served_key()
    except KeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    if created is not None:
        click.echo(announcement(created))


def start_worker() -> subprocess.Popen[bytes]:
    """``umfrage worker`` as a child process, on the database this process uses."""
    from umfrage.invitations.process import PYTHON_CLI, database_env

    return subprocess.Popen([*PYTHON_CLI, "worker"], env=database_env(), stdin=subprocess.DEVNULL)


def stop_worker(child: subprocess.Popen[bytes], grace: float = WORKER_GRACE_SECONDS) -> None:
    """Ask the worker to stop after its current message; stop it outright after ``grace``
    seconds (the next worker continues an interrupted run; nothing is sent twice)."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(grace)
        return
    except subprocess.TimeoutExpired:
        child.terminate()  # the second signal: stop now
    try:
        child.wait(5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def run_server(
    host: str,
    port: int,
    workers: int | None = None,
    threads: int = 1,
    access_log: bool = True,
    worker: bool = True,
) -> None:
    """Prepare database and static files, then serve until stopped (Ctrl+C or SIGTERM); with
    ``worker``, a background worker for sending runs alongside (``umfrage worker``)."""
    from django.core.management import call_command
    from django.db import connections

    ensure_database()
    ensure_key()
    call_command("collectstatic", interactive=False, verbosity=0)
    # The workers are forked from this process: an open database connection would be shared by
    # all of them, and their queries would read each other's results.
    connections.close_all()
    count = workers or default_workers(cores())
    click.echo(
        f"Umfrage läuft unter http://{host}:{port}/ mit {count} Prozess{'en' if count != 1 else ''}."
        " Beenden mit Strg+C."
    )
    child = start_worker() if worker else None
    if child is not None:
        click.echo(f"Hintergrunddienst für den Versand läuft (Prozess {child.pid}).")
    try:
        UmfrageServer(gunicorn_options(host, port, count, threads, access_log)).run()
    finally:
        if child is not None:
            stop_worker(child)
