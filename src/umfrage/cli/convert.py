"""``umfrage convert``: other tools' questionnaires → our questionnaire file (no database)."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import main, print_problems, reports_problems


@main.group()
def convert() -> None:
    """Fragebögen anderer Werkzeuge in unser Format umwandeln."""


@convert.command()
@click.argument(
    "source", metavar="UMFRAGE.lss|.lsa|.txt", type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Zieldatei (questionnaire.yaml); ohne --out nur der Plan.",
)
@click.option("--wave", help="Kennung der Welle (Standard: die Jahreszahl im Titel).")
@click.option(
    "--language", help="Zu übernehmende Sprache (Standard: Deutsch, sonst die Basissprache)."
)
@reports_problems
def limesurvey(source: Path, out: Path | None, wave: str | None, language: str | None) -> None:
    """Wandelt eine LimeSurvey-Umfragestruktur in einen Fragebogen (YAML) um.

    Gelesen werden .lss, das Archiv .lsa (nur dessen Struktur) und der tabulatorgetrennte
    Strukturexport (.txt).

    Zeigt, was wohin geht und was nicht übernommen wird (mit Zeile und Grund). Der geschriebene
    Fragebogen besteht „umfrage check“.
    """
    from umfrage.importers import plan_structure
    from umfrage.surveyfolder.csvio import atomic_write

    conversion = plan_structure(source, wave=wave, language=language)
    for line in conversion.plan.summary_lines():
        click.echo(line)
    print_problems(
        conversion.plan.warnings, header="Hinweise:" if conversion.plan.warnings else None
    )
    if out is not None:
        atomic_write(out, conversion.text)
        click.echo(f"Fragebogen nach {out} geschrieben.")
