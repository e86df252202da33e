"""``umfrage import`` and ``umfrage dump``: survey folders into and out of the database."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError


@main.command(name="import")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Eine vorhandene Umfrage gleicher Kennung ersetzen.")
@reports_problems
def import_(folder: Path, replace: bool) -> None:
    """Lädt einen Umfrageordner in die Datenbank (alles oder nichts)."""
    ensure_database()
    from umfrage.store.folder import load_survey_folder

    summary = load_survey_folder(folder, replace=replace)
    print_problems(summary.warnings, header="Hinweise:" if summary.warnings else None)
    waves = ", ".join(f"{wave}: {count} Antworten" for wave, count in summary.waves.items())
    click.echo(
        f"Umfrage „{summary.survey}“ geladen: {summary.organisations} Organisationen; {waves}."
    )


@main.command()
@click.argument("survey")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Zielordner.")
@reports_problems
def dump(survey: str, out: Path) -> None:
    """Schreibt eine Umfrage aus der Datenbank als Umfrageordner."""
    ensure_database()
    from umfrage.store.folder import dump_survey_folder
    from umfrage.store.models import Survey

    found = Survey.objects.filter(slug=survey).first()
    if found is None:
        known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "keine"
        raise ProblemsError(
            [
                Problem(
                    survey,
                    None,
                    None,
                    f"Die Umfrage „{survey}“ ist nicht in der Datenbank.",
                    f"Vorhandene Umfragen: {known}.",
                )
            ]
        )
    dump_survey_folder(found, out)
    click.echo(f"Umfrage „{survey}“ nach {out} geschrieben.")
