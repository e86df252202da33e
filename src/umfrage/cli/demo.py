"""``umfrage demo``: the example in the embedded database, ready to look at."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import ensure_database, main, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError


def example_folder() -> Path:
    """The example survey folder of the checkout (``examples/buendnisumfrage``)."""
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        candidate = base / "examples" / "buendnisumfrage"
        if (candidate / "survey.yaml").exists():
            return candidate
    raise ProblemsError(
        [
            Problem(
                file="examples/buendnisumfrage",
                line=None,
                question=None,
                message="Das Beispiel wurde nicht gefunden.",
                fix="Starten Sie „umfrage demo“ im Ordner des Projekts (dort liegt examples/).",
            )
        ]
    )


@main.command()
@click.option(
    "--serve/--no-serve", default=True, show_default=True, help="Danach den Server starten."
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port des Servers.",
)
@reports_problems
def demo(serve: bool, port: int) -> None:
    """Richtet die Datenbank ein, lädt das synthetische Beispiel (Bündnisumfrage) und startet den Server."""
    from django.conf import settings

    ensure_database()
    # The demo's own key, kept in its data folder (the server started below uses it too).
    from umfrage.cli.serve import ensure_key

    ensure_key()
    from umfrage.store.folder import load_survey_folder
    from umfrage.surveyfolder.survey import read_survey_folder

    folder = example_folder()
    survey = read_survey_folder(folder)
    summary = load_survey_folder(folder, replace=True)
    click.echo(f"Beispiel geprüft und geladen: {folder}")
    if survey.config.synthetic:
        click.echo(
            "Hinweis: Register und Antworten des Beispiels sind SYNTHETISCH (erfundene Daten)."
        )
    click.echo(f"Datenbank: {settings.DATABASES['default']['NAME']}")
    for wave, count in summary.waves.items():
        questions = len(survey.waves[wave].questionnaire.questions())
        click.echo(f"  Welle {wave}: {questions} Fragen, {count} Antworten")
    click.echo(f"  Register: {summary.organisations} Organisationen")
    from umfrage.cli.report import write_demo_report

    click.echo(
        f"Bericht 2024 (intern, HTML): {write_demo_report(summary.survey, settings.DATA_DIR)}"
    )

    from django.utils import timezone

    from umfrage.collect.demo import demo_link
    from umfrage.demo import DEMO_ADMIN, demo_admin_password, open_demo_wave
    from umfrage.store.models import Survey

    stored = Survey.objects.get(slug=survey.config.id)
    demo_wave = open_demo_wave(stored, timezone.now())
    click.echo(f"  Welle {demo_wave.key}: zum Ausprobieren geöffnet (nur in dieser Demo-Datenbank)")
    base_url = f"http://127.0.0.1:{port}"
    link, whom = demo_link(stored, base_url)
    click.echo("")
    click.echo(f"Startseite: {base_url}/")
    if link:
        click.echo(f"Fragebogen ausfüllen ({whom}): {link}")
        english, english_whom = demo_link(stored, base_url, language="en")
        if english:
            click.echo(
                f"Fragebogen auf Englisch (Registersprache Englisch, {english_whom}): {english}"
            )
    else:
        click.echo(f"Kein Teilnahme-Link: {whom}")
    click.echo(f"Öffentliche Ergebnisse (ohne Anmeldung): {base_url}/ergebnisse/")
    click.echo(f"Verwaltung: {base_url}/verwaltung/")
    click.echo(f"  Anmeldung: Benutzername {DEMO_ADMIN}, Passwort {demo_admin_password()}")
    if serve:
        import os
        import sys

        from django.db import connections

        connections.close_all()
        # The server starts as a fresh process: gunicorn forks its workers, and this process has
        # already drawn the report's charts (vl-convert runs a JavaScript engine whose threads do
        # not survive a fork; a forked worker hangs on the next chart). The demo speaks plain
        # http on this machine, so cookies must not be marked "secure" (browsers would drop them
        # and every form would fail its CSRF check).
        os.environ["UMFRAGE_SECURE_COOKIES"] = "0"
        # Links in messages sent from this demo point at the port it serves on, unless the
        # site address was set explicitly.
        os.environ.setdefault("UMFRAGE_SITE_URL", base_url)
        sys.stdout.flush()
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-c",
                "from umfrage.cli import main; main()",
                "serve",
                "--port",
                str(port),
            ],
        )
