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
                "examples/buendnisumfrage",
                None,
                None,
                "Das Beispiel wurde nicht gefunden.",
                "Starten Sie „umfrage demo“ im Ordner des Projekts (dort liegt examples/).",
            )
        ]
    )


@main.command()
@reports_problems
def demo() -> None:
    """Richtet die Datenbank ein und lädt das synthetische Beispiel (Bündnisumfrage)."""
    from django.conf import settings

    ensure_database()
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
