"""``umfrage analyze``: the results of a wave (contracts.md §4) from a folder or the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError


@main.command()
@click.argument("source")
@click.option("--wave", "wave", required=True, help="Die Welle, z. B. 2024.")
@click.option("--compare", "compare", default=None, help="Vergleichswelle, z. B. 2023.")
@click.option("--by", "by", default=None, help="Aufschlüsseln nach einer Einfachauswahl-Frage.")
@click.option(
    "--weighted", is_flag=True, help="Auf die Randverteilungen aus survey.yaml gewichten."
)
@click.option(
    "--publish",
    is_flag=True,
    help="Für die Veröffentlichung: kleine Zellen ausblenden (siehe --min-cell).",
)
@click.option(
    "--min-cell",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Kleinste veröffentlichte Zellgröße.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
    help="json (Datenformat) oder table (Tabelle zum Lesen).",
)
@reports_problems
def analyze(
    source: str,
    wave: str,
    compare: str | None,
    by: str | None,
    weighted: bool,
    publish: bool,
    min_cell: int,
    fmt: str,
) -> None:
    """Wertet eine Welle aus: aus einem Umfrageordner oder aus der Datenbank (Kennung der Umfrage).

    Anteile mit 95-%-Konfidenzintervall (Wilson) und Basis, Vergleich mit einer anderen Welle
    (z-Test bzw. exakter Test nach Fisher; Panel: McNemar), Kreuztabellen (--by), Gewichtung
    (--weighted) und Ausblenden kleiner Zellen (--publish).
    """
    from umfrage.analysis.engine import analyse
    from umfrage.analysis.render import to_json, to_table

    path = Path(source)
    if path.is_dir():
        loaded = _from_folder(path, wave, compare)
    else:
        loaded = _from_database(source, wave, compare)
    frame, other, config = loaded
    warnings = [*frame.warnings, *(other.warnings if other is not None else ())]
    print_problems(warnings, header="Hinweise:" if warnings else None)
    result = analyse(
        frame,
        compare=other,
        by=by,
        population=config.population,
        weighted=weighted,
        survey=config.title,
        synthetic=config.synthetic,
        wave_order=config.wave_ids(),
        publish=publish,
        min_cell=min_cell,
    )
    if fmt == "json":
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(to_table(result), nl=False)


def _unknown_wave(where: str, wave: str, known: list[str]) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                where,
                None,
                None,
                f"Die Welle „{wave}“ gibt es nicht.",
                f"Vorhandene Wellen: {', '.join(known) or 'keine'}.",
            )
        ]
    )


def _from_folder(folder: Path, wave: str, compare: str | None) -> tuple[Any, Any, Any]:
    from umfrage.analysis.reader import read_wave_csv
    from umfrage.surveyfolder.survey import read_survey_folder

    survey = read_survey_folder(folder, with_responses=False)
    organisations = survey.register.ids() if survey.register is not None else None
    frames: list[Any] = []
    for wanted in (wave, compare):
        if wanted is None:
            frames.append(None)
            continue
        if wanted not in survey.waves:
            raise _unknown_wave(str(folder / "survey.yaml"), wanted, list(survey.waves))
        path = folder / "waves" / wanted / "responses.csv"
        if not path.exists():
            raise ProblemsError(
                [
                    Problem(
                        str(path),
                        None,
                        None,
                        f"Für die Welle {wanted} liegen keine Antworten vor.",
                        "Legen Sie responses.csv an oder importieren Sie die Antworten.",
                    )
                ]
            )
        display = f"{folder.name}/waves/{wanted}/responses.csv"
        frames.append(read_wave_csv(path, survey.questionnaire(wanted), organisations, display))
    return frames[0], frames[1], survey.config


def _from_database(slug: str, wave: str, compare: str | None) -> tuple[Any, Any, Any]:
    ensure_database()
    from umfrage.analysis.dbload import load_wave
    from umfrage.store.models import Survey
    from umfrage.surveyfolder.survey import parse_survey_config

    survey = Survey.objects.filter(slug=slug).first()
    if survey is None:
        known = ", ".join(Survey.objects.values_list("slug", flat=True)) or "keine"
        raise ProblemsError(
            [
                Problem(
                    slug,
                    None,
                    None,
                    f"„{slug}“ ist weder ein Umfrageordner noch eine Umfrage in der Datenbank.",
                    f"Geben Sie den Pfad eines Ordners an oder eine dieser Kennungen: {known}.",
                )
            ]
        )
    config = parse_survey_config(survey.config_text, f"{slug}/survey.yaml")
    frames: list[Any] = []
    for wanted in (wave, compare):
        if wanted is None:
            frames.append(None)
            continue
        found = survey.waves.filter(key=wanted).first()
        if found is None:
            raise _unknown_wave(slug, wanted, list(survey.waves.values_list("key", flat=True)))
        frames.append(load_wave(found))
    return frames[0], frames[1], config
