"""``umfrage analyze``: the results of a wave (contracts.md §4) from a folder or the database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems


@main.command()
@click.argument("source")
@click.option("--wave", "wave", required=True, help="Die Welle, z. B. 2024.")
@click.option("--compare", "compare", default=None, help="Vergleichswelle, z. B. 2023.")
@click.option("--by", "by", default=None, help="Aufschlüsseln nach einer Einfachauswahl-Frage.")
@click.option(
    "--series",
    "series",
    is_flag=True,
    help="Zeitreihe über alle früheren Wellen (über die compare-Angaben der Fragebögen).",
)
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
    default=None,
    help="Schwelle der Veröffentlichung: kleinere Zellen werden geschützt "
    "(Standard: min_cell aus survey.yaml, sonst 5).",
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
    series: bool,
    weighted: bool,
    publish: bool,
    min_cell: int | None,
    fmt: str,
) -> None:
    """Wertet eine Welle aus: aus einem Umfrageordner oder aus der Datenbank (Kennung der Umfrage).

    Anteile mit 95-%-Konfidenzintervall (Wilson) und Basis, Vergleich mit einer anderen Welle
    (z-Test bzw. exakter Test nach Fisher; Panel: McNemar), Kreuztabellen (--by), Gewichtung
    (--weighted), Ausblenden kleiner Zellen (--publish) und Zeitreihen über alle früheren
    Wellen (--series).
    """
    from umfrage.analysis.render import to_json, to_table
    from umfrage.analysis.sources import analyse_loaded, load_folder, warnings_of

    path = Path(source)
    if path.is_dir():
        loaded = load_folder(path, wave, compare, series)
    else:
        ensure_database()
        from umfrage.loaders.frames import load_survey

        loaded = load_survey(source, wave, compare, series)
    warnings = warnings_of(loaded)
    print_problems(warnings, header="Hinweise:" if warnings else None)
    result = analyse_loaded(loaded, by=by, weighted=weighted, publish=publish, min_cell=min_cell)
    if fmt == "json":
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(to_table(result), nl=False)
