"""``umfrage import`` and ``umfrage dump``: survey folders and other tools' files into the database, and out."""

from __future__ import annotations

from pathlib import Path

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems


@main.command(name="import")
@click.argument("source", metavar="DATEI-ODER-ORDNER", type=click.Path(path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Ordner: eine vorhandene Umfrage gleicher Kennung ersetzen."
)
@click.option("--survey", help="Kennung der Umfrage, in die importiert wird.")
@click.option("--wave", help="Welle, in die importiert wird (bei .lss: die neu angelegte Welle).")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Zuordnungsdatei (YAML): Spalten → Fragen, Werte → Codes (siehe docs/importing.md).",
)
@click.option(
    "--responses",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Bei .lss: zugleich den LimeSurvey-Antwortexport dieser Umfrage importieren.",
)
@click.option("--language", help="Bei .lss: die zu übernehmende Sprache (Standard: Deutsch).")
@click.option("--dry-run", is_flag=True, help="Nur den Plan zeigen, nichts speichern.")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage speichern (nach dem Plan).")
@click.option(
    "--all-problems",
    is_flag=True,
    help="Alle gefundenen Probleme auflisten (sonst nur die ersten 100 und die Anzahl).",
)
@reports_problems
def import_(
    source: Path,
    replace: bool,
    survey: str | None,
    wave: str | None,
    mapping: Path | None,
    responses: Path | None,
    language: str | None,
    dry_run: bool,
    yes: bool,
    all_problems: bool,
) -> None:
    """Importiert einen Umfrageordner oder eine Datei in die Datenbank (alles oder nichts).

    Dateien: responses.csv, CSV und Excel (.xlsx) mit Zuordnungsdatei, SPSS (.sav), Stata
    (.dta), LimeSurvey-Struktur (.lss, tabulatorgetrennt .txt), LimeSurvey-Archiv (.lsa: Struktur
    und Antworten zusammen) und LimeSurvey-Antwortexport (.csv, VV). Zuerst wird der
    Plan gezeigt (was angelegt wird, was wohin geht, was nicht übernommen wird und warum);
    gespeichert wird mit --yes oder nach Bestätigung. Ein erneuter Import derselben Datei legt
    nichts doppelt an.
    """
    ensure_database()
    if source.is_dir():
        _import_folder(source, replace)
        return
    from umfrage.importers import STRUCTURE, detect, plan_responses, plan_structure
    from umfrage.importers.database import apply_plan, find_wave, plan_changes, wave_questionnaire
    from umfrage.importers.mapping import load_mapping

    rules = load_mapping(mapping)
    if detect(source) == STRUCTURE:
        if not survey:
            raise click.UsageError(
                "Für eine .lss- oder .lsa-Datei fehlt --survey (die Kennung der Umfrage)."
            )
        conversion = plan_structure(source, survey=survey, wave=wave, language=language)
        plan = conversion.plan
        if responses is None and conversion.archive_responses:
            # An .lsa archive: its responses are imported together with its structure.
            responses = source
        if responses is not None:
            found_survey, _ = find_wave(survey, plan.wave or "")
            keys = (
                set(found_survey.organisations.values_list("key", flat=True))
                if found_survey
                else set()
            )
            plan_responses(
                responses,
                conversion.questionnaire,
                mapping=rules,
                organisations=keys,
                conversion=conversion,
                plan=plan,
            )
    else:
        questionnaire, keys = wave_questionnaire(survey, wave, str(source))
        plan = plan_responses(
            source, questionnaire, mapping=rules, organisations=keys, survey=survey, wave=wave
        )
    changes = plan_changes(plan)
    click.echo("Plan (Probelauf):")
    for line in plan.summary_lines() + changes.lines(plan):
        click.echo(f"  {line}")
    print_problems(plan.warnings, header="Hinweise:" if plan.warnings else None)
    print_problems(
        changes.warnings,
        header=(
            "Nach dem Import meldet „umfrage check“ für die Wellen dieser Umfrage "
            "(ergänzen Sie compare-Angaben):"
        )
        if changes.warnings
        else None,
    )
    if dry_run:
        click.echo("Probelauf: nichts gespeichert.")
        return
    if changes.nothing():
        click.echo("Nichts zu tun: alles ist schon in der Datenbank.")
        return
    if not yes and not _confirmed():
        click.echo("Abgebrochen: nichts gespeichert.")
        return
    done = apply_plan(plan)
    if done.create_wave:
        click.echo(f"Gespeichert: Welle „{plan.wave}“ der Umfrage „{plan.survey}“ angelegt.")
    if plan.records is not None:
        click.echo(
            f"Gespeichert: {len(done.new)} neue, {len(done.updated)} geänderte Antworten "
            f"in Welle „{plan.wave}“."
        )


def _confirmed() -> bool:
    answer = click.prompt("Jetzt speichern? [j/N]", default="n", show_default=False)
    return str(answer).strip().lower() in ("j", "ja", "y", "yes")


def _import_folder(folder: Path, replace: bool) -> None:
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
        from umfrage.store.lookup import survey_missing

        raise survey_missing(survey, survey)
    dump_survey_folder(found, out)
    click.echo(f"Umfrage „{survey}“ nach {out} geschrieben.")


# `umfrage convert` lives in its own module; importing it here registers it without touching the
# shared import line in cli/__init__.py (which ruff would merge with every branch's addition).
from umfrage.cli import convert  # noqa: E402,F401
