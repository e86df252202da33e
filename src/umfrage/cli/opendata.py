"""``umfrage opendata``: a survey's open data as files, the same ones ``/ergebnisse/`` serves."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import ensure_database, main, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError


def _problem(source: str, message: str, fix: str) -> ProblemsError:
    return ProblemsError([Problem(file=source, line=None, question=None, message=message, fix=fix)])


def _write(path: Path, text: str) -> None:
    """Written next to the target and renamed: a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".teil")
    partial.write_bytes(text.encode("utf-8"))
    partial.replace(path)


@main.command()
@click.argument("survey")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="Zielordner (wird angelegt)."
)
@reports_problems
def opendata(survey: str, out: Path) -> None:
    """Schreibt die offenen Daten einer Umfrage in einen Ordner.

    SURVEY ist die Kennung einer Umfrage in der Datenbank, für die offene Daten eingeschaltet
    sind (Verwaltung: Umfrage › Offene Daten). Für jede veröffentlichte Welle entsteht
    <Welle>/daten.csv (die Tabellen des öffentlichen Berichts), dazu die Beschreibung nach
    DCAT-AP.de als dcat.ttl, dcat.rdf und dcat.jsonld – dieselben Dateien, die unter
    /ergebnisse/ abrufbar sind; ihre Adressen beginnen mit UMFRAGE_SITE_URL.
    """
    ensure_database()
    from umfrage.publication import dcat
    from umfrage.publication.snapshots import csv_of, open_data_enabled, snapshot_for
    from umfrage.store.models import Survey

    item = Survey.objects.filter(slug=survey).first()
    if item is None:
        raise _problem(
            survey,
            f"Eine Umfrage mit der Kennung „{survey}“ gibt es in der Datenbank nicht.",
            "Geben Sie die Kennung an, die die Verwaltung unter „Umfragen“ zeigt.",
        )
    if not open_data_enabled(item):
        raise _problem(
            survey,
            f"Für die Umfrage „{item.title}“ sind offene Daten nicht eingeschaltet.",
            "Schalten Sie sie in der Verwaltung unter Umfrage › Offene Daten ein.",
        )
    waves = dcat.open_waves(item)
    if not waves:
        raise _problem(
            survey,
            f"Die Umfrage „{item.title}“ hat keine veröffentlichte Welle.",
            "Veröffentlichen Sie zuerst eine Welle (Verwaltung: Welle › Status).",
        )
    written = []
    for wave in waves:
        text = csv_of(snapshot_for(wave))
        if text is None:
            raise _problem(
                f"{survey}/{wave.key}",
                f"Die Welle {wave.key} wurde veröffentlicht, bevor es offene Daten gab, und "
                "ihre Antworten haben sich seitdem geändert.",
                "Ziehen Sie die Veröffentlichung zurück und veröffentlichen Sie die Welle erneut.",
            )
        target = out / wave.key / "daten.csv"
        _write(target, text)
        written.append(target)
    graph = dcat.survey_graph(item)
    assert graph is not None  # it has published waves
    for ext in dcat.RDF_FORMATS:
        target = out / f"dcat.{ext}"
        _write(target, dcat.serialise(graph, ext))
        written.append(target)
    for path in written:
        click.echo(f"Geschrieben: {path}")
