"""``umfrage worker``: runs the sending queued on the admin page (a database-backed task queue)."""

from __future__ import annotations

import time

import click

from umfrage.cli import ensure_database, main, reports_problems


def work(*, interval: float, once: bool) -> None:
    """Poll the queue until stopped: first queue again what a dead worker left running, then run
    every ready task (django-tasks' database worker, in batch mode), then wait ``interval``.

    SIGTERM or Ctrl+C lets a running send finish its current message and stop cleanly (a second
    signal stops at once); either way the next worker continues the run.
    """
    from django.db import close_old_connections
    from django.utils.crypto import get_random_string
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
    from django_tasks_db.management.commands.db_worker import Worker

    from umfrage.invitations.jobs import recover_abandoned

    tasks = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    tasks.configure_signals()
    while tasks.running:
        close_old_connections()
        for job in recover_abandoned():
            click.echo(f"Versandlauf {job.pk} (Welle {job.wave.key}) war unterbrochen.")
        tasks.run()
        if once or not tasks.running:
            return
        time.sleep(interval)


@main.command()
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 600),
    default=1.0,
    show_default=True,
    help="Sekunden zwischen zwei Blicken in die Warteschlange, wenn sie leer ist.",
)
@click.option("--once", is_flag=True, help="Nur abarbeiten, was jetzt wartet, dann beenden.")
@reports_problems
def worker(interval: float, once: bool) -> None:
    """Führt im Hintergrund aus, was in der Verwaltung angestoßen wurde (Versand).

    Die Warteschlange liegt in der Datenbank: Jeder Server, der dieselbe Datenbank nutzt, kann
    Versandläufe anstoßen und ihren Fortschritt zeigen. „umfrage serve“ startet einen solchen
    Hintergrunddienst mit (außer mit --no-worker). Wird er mitten im Versand beendet, setzt der
    nächste den Lauf fort, ohne etwas doppelt zu senden.
    """
    ensure_database()
    if not once:
        click.echo("Hintergrunddienst läuft. Beenden mit Strg+C.")
    work(interval=interval, once=once)
