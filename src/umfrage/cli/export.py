"""``umfrage export``: one wave's responses with labels for other tools (CSV, Excel, SPSS, Stata, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from umfrage.cli import ensure_database, main, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError

if TYPE_CHECKING:
    from umfrage.reporting.exports.dataset import Dataset


def load_dataset(source: str, wave: str) -> Dataset:
    """The wave's labelled responses from a survey folder on disk, or else from the survey of
    that id in the database.

    Both roads go through the wave's frame and the frame cache (as analyze, report and the
    results pages), and both write the cells of the wave's ``responses.csv``.
    """
    from umfrage.analysis.sources import unknown_wave
    from umfrage.reporting.exports import dataset_from_folder
    from umfrage.surveyfolder.survey import read_survey_folder

    path = Path(source)
    if path.is_dir():
        return dataset_from_folder(read_survey_folder(path, with_responses=False), wave)
    if path.name in ("survey.yaml", "questionnaire.yaml", "responses.csv") or path.suffix:
        raise ProblemsError(
            [
                Problem(
                    file=source,
                    line=None,
                    question=None,
                    message="Das ist kein Umfrageordner.",
                    fix="Geben Sie den Ordner mit survey.yaml an oder die Kennung einer Umfrage in der Datenbank.",
                )
            ]
        )
    ensure_database()
    from umfrage.loaders.dataset import wave_dataset
    from umfrage.store.lookup import neither_folder_nor_survey
    from umfrage.store.models import Survey

    found = Survey.objects.filter(slug=source).first()
    if found is None:
        raise neither_folder_nor_survey(source)
    stored = found.waves.filter(key=wave).first()
    if stored is None:
        known = list(found.waves.order_by("position").values_list("key", flat=True))
        raise unknown_wave(str(Path(found.slug) / "survey.yaml"), wave, known)
    return wave_dataset(stored)


def result_tables(source: str, wave: str, compare: str | None) -> list[Any]:
    """The analysis tables of every question, as the report shows them."""
    from umfrage.cli.report import report_input
    from umfrage.reporting.tables import question_tables

    data = report_input(source, wave, compare, public=False)
    return [t for q in data.result.questions for t in question_tables(q, wave)]


@main.command()
@click.argument("source")
@click.option("--wave", required=True, help="Die Welle, z. B. 2024.")
@click.option(
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["csv", "excel-csv", "codebook-csv", "xlsx", "sav", "dta", "json"]),
    help="csv (responses.csv), excel-csv (für deutsches Excel: Semikolon, Beschriftungen), "
    "codebook-csv (Codebuch dazu), xlsx (Excel mit Codebuch), sav (SPSS), dta (Stata) oder json.",
)
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Zieldatei.")
@click.option(
    "--compare",
    default=None,
    help="Nur xlsx: Vergleichswelle für die Ergebnistabellen (je Tabelle ein Blatt).",
)
@reports_problems
def export(source: str, wave: str, format_name: str, out: Path, compare: str | None) -> None:
    """Exportiert die Antworten einer Welle mit Beschriftungen.

    SOURCE ist ein Umfrageordner oder die Kennung einer Umfrage in der Datenbank. Excel
    enthält zusätzlich das Codebuch und je Ergebnistabelle ein Blatt.
    """
    from dataclasses import replace

    from umfrage import memory
    from umfrage.reporting.exports import export as write_export
    from umfrage.reporting.exports.limits import format_cut_notes

    dataset = load_dataset(source, wave)
    memory.give_back()  # the frame's memory, before the writer needs its own
    if format_name == "xlsx" and dataset.rows:
        dataset = replace(dataset, tables=tuple(result_tables(source, wave, compare)))
    write_export(dataset, format_name, out)
    click.echo(
        f"{dataset.rows} Antworten der Welle {wave} als {format_name} nach {out} geschrieben."
    )
    for line in format_cut_notes(dataset, format_name):
        click.echo(f"Hinweis: {line}")
    notice = dataset.synthetic_notice()
    if notice:
        click.echo(notice)
