"""``umfrage check``: validate a survey folder or one questionnaire file."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import main, print_problems, reports_problems


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@reports_problems
def check(path: Path) -> None:
    """Prüft einen Umfrageordner oder eine Fragebogendatei (questionnaire.yaml).

    Exit 0, wenn alles stimmt; sonst jedes Problem mit Datei, Zeile, Frage und Abhilfe.
    """
    # Imported here, not at the top: every ``umfrage`` call loads this module (issue 23).
    from umfrage.questionnaire.problems import ProblemsError

    if path.is_dir():
        # The answers are checked column-wise, by the reader ``analyze`` uses (same messages as
        # the row-by-row reader; a fraction of its time and memory at a million responses).
        from umfrage.analysis.sources import check_folder_responses
        from umfrage.surveyfolder.survey import read_survey_folder

        survey = read_survey_folder(path, with_responses=False)
        counts, problems = check_folder_responses(survey)
        if problems:
            raise ProblemsError(problems)
        print_problems(survey.warnings, header="Hinweise:" if survey.warnings else None)
        for wave_id, wave in survey.waves.items():
            answered = f"{counts[wave_id]} Antworten" if wave_id in counts else "keine Antworten"
            click.echo(f"Welle {wave_id}: {len(wave.questionnaire.questions())} Fragen, {answered}")
        organisations = len(survey.register.organisations) if survey.register else 0
        click.echo(f"{path}: in Ordnung ({organisations} Organisationen im Register).")
    else:
        from umfrage.questionnaire.loader import load_questionnaire

        questionnaire = load_questionnaire(path)
        click.echo(
            f"{path}: in Ordnung ({len(questionnaire.questions())} Fragen in {len(questionnaire.sections)} Abschnitten)."
        )
