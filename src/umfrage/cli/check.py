"""``umfrage check``: validate a survey folder or one questionnaire file."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import main, print_problems, reports_problems
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.surveyfolder.survey import read_survey_folder


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@reports_problems
def check(path: Path) -> None:
    """Prüft einen Umfrageordner oder eine Fragebogendatei (questionnaire.yaml).

    Exit 0, wenn alles stimmt; sonst jedes Problem mit Datei, Zeile, Frage und Abhilfe.
    """
    if path.is_dir():
        survey = read_survey_folder(path)
        print_problems(survey.warnings, header="Hinweise:" if survey.warnings else None)
        for wave_id, wave in survey.waves.items():
            answered = (
                "keine Antworten" if wave.responses is None else f"{len(wave.responses)} Antworten"
            )
            click.echo(f"Welle {wave_id}: {len(wave.questionnaire.questions())} Fragen, {answered}")
        organisations = len(survey.register.organisations) if survey.register else 0
        click.echo(f"{path}: in Ordnung ({organisations} Organisationen im Register).")
    else:
        questionnaire = load_questionnaire(path)
        click.echo(
            f"{path}: in Ordnung ({len(questionnaire.questions())} Fragen in {len(questionnaire.sections)} Abschnitten)."
        )
