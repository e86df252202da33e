"""``umfrage serve``'s options and help, apart from the server (umfrage/cli/serve.py).

Registering the command must not import gunicorn: every ``umfrage`` call would pay for it
(``umfrage --help`` and ``check`` load every command's module).
"""

from __future__ import annotations

import click

from umfrage.cli import main, reports_problems


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Adresse, an der der Server lauscht."
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Anzahl der Server-Prozesse. Standard: 2 × Prozessorkerne + 1.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Threads je Prozess.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Jede Anfrage protokollieren (persönliche Links erscheinen darin unkenntlich gemacht).",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Einen Hintergrunddienst für den Versand mitstarten (sonst „umfrage worker“ separat).",
)
@reports_problems
def serve(
    host: str, port: int, workers: int | None, threads: int, access_log: bool, worker: bool
) -> None:
    """Startet die Webanwendung mit einem Produktionsserver (gunicorn).

    Richtet vorher die Datenbank ein und sammelt die statischen Dateien (ausgeliefert über
    WhiteNoise, kein CDN). Im Betrieb: UMFRAGE_SECRET_KEY, UMFRAGE_ALLOWED_HOSTS und
    DATABASE_URL setzen und einen TLS-Proxy davorschalten. Ohne UMFRAGE_SECRET_KEY wird
    einmalig ein zufälliger Schlüssel im Datenordner angelegt (Datei secret-key). Ein
    Hintergrunddienst (wie „umfrage worker“) führt den in der Verwaltung gestarteten Versand aus.
    """
    from umfrage.cli.serve import run_server

    run_server(host, port, workers, threads, access_log, worker)
