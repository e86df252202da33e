"""``umfrage report``: the full German report of a wave as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError

SUFFIXES = (".html", ".pdf")


@main.command()
@click.argument("source")
@click.option("--wave", required=True, help="Die Welle, z. B. 2024.")
@click.option("--compare", default=None, help="Vergleichswelle, z. B. 2023.")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="bericht.html oder bericht.pdf."
)
@click.option(
    "--public",
    is_flag=True,
    help="Öffentliche Fassung: ohne Freitexte, kleine Zellen ausgeblendet.",
)
@click.option(
    "--weighted", is_flag=True, help="Auf die Randverteilungen aus survey.yaml gewichten."
)
@reports_problems
def report(
    source: str, wave: str, compare: str | None, out: Path, public: bool, weighted: bool
) -> None:
    """Schreibt den Ergebnisbericht einer Welle (HTML oder PDF, je nach Endung von --out).

    SOURCE ist ein Umfrageordner oder die Kennung einer Umfrage in der Datenbank.
    """
    if out.suffix.lower() not in SUFFIXES:
        raise ProblemsError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "Der Bericht kann nur als .html oder .pdf geschrieben werden.",
                    "Geben Sie z. B. --out bericht.html oder --out bericht.pdf an.",
                )
            ]
        )
    from umfrage.reporting.report import build_report

    data = report_input(source, wave, compare, public=public, weighted=weighted)
    built = build_report(data)
    write_report(built, out)
    click.echo(f"Bericht der Welle {wave} nach {out} geschrieben.")
    if data.result.synthetic:
        click.echo("Hinweis: Der Bericht beruht auf synthetischen (erfundenen) Daten.")


def write_demo_report(survey: str, folder: Path) -> Path:
    """The example's 2024 report (against 2023) from the database, for ``umfrage demo``."""
    from umfrage.reporting.report import build_report

    out = folder / "bericht-2024.html"
    write_report(build_report(report_input(survey, "2024", "2023", public=False)), out)
    return out


def write_report(built: Any, out: Path) -> None:
    """HTML or PDF by the file's suffix; written whole or not at all."""
    from umfrage.reporting.html import render_html
    from umfrage.reporting.pdf import render_pdf

    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        if out.suffix.lower() == ".pdf":
            temporary.write_bytes(render_pdf(built))
        else:
            temporary.write_text(render_html(built), encoding="utf-8")
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)


def report_input(
    source: str,
    wave: str,
    compare: str | None,
    *,
    public: bool,
    weighted: bool = False,
    by: str | None = None,
    quiet: bool = False,
) -> Any:
    """Analyse the wave (the analysis engine's own loaders) and gather the report's facts.

    ``by`` adds the cross-tab by that single choice to every result (the web's results page);
    ``quiet`` leaves the reading warnings to the result instead of printing them.
    """
    from umfrage.analysis.sources import analyse_loaded, load_folder, warnings_of
    from umfrage.reporting.report import FREE_TEXT_LIMIT, ReportInput

    path = Path(source)
    if path.is_dir():
        loaded = load_folder(path, wave, compare)
        invited = _invited_in_folder(path)
        fieldwork = None
    else:
        ensure_database()
        from umfrage.loaders.frames import load_survey

        loaded = load_survey(source, wave, compare)
        invited = _invited_in_database(source)
        fieldwork = fieldwork_in_database(source, wave)
    if not quiet:
        warnings = warnings_of(loaded)
        print_problems(warnings, header="Hinweise:" if warnings else None)
    result = analyse_loaded(loaded, by=by, weighted=weighted, publish=public)
    frame, config = loaded.frame, loaded.config
    entry = config.wave(wave)
    questionnaire = frame.questionnaire
    free_texts: dict[str, tuple[str, ...]] = {}
    totals: dict[str, int] = {}
    if not public:
        for question in questionnaire.questions():
            for column in question.columns():
                # A text's `.codes` column holds category codes, not words of respondents.
                if (
                    column == question.id
                    if question.type_name == "text"
                    else column.endswith(".other")
                ):
                    answered = frame.data[column].dropna()
                    totals[question.id] = totals.get(question.id, 0) + len(answered)
                    # Only the first texts: rendering must not grow with the number of responses.
                    texts = answered.head(FREE_TEXT_LIMIT).astype(str).tolist()
                    kept = (*free_texts.get(question.id, ()), *texts)
                    free_texts[question.id] = kept[:FREE_TEXT_LIMIT]
    return ReportInput(
        result=result,
        questionnaire=questionnaire,
        survey_title=config.title,
        wave_title=entry.title or f"Welle {wave}",
        opens=entry.opens,
        closes=entry.closes,
        invited=invited,
        fieldwork=fieldwork,
        compare_title=(config.wave(compare).title or compare) if compare else None,
        synthetic_note=config.note if config.synthetic else None,
        public=public,
        free_texts=free_texts,
        free_text_totals=totals,
        # The first part describes the respondents (Land, size, …); with more parts, the findings
        # are drawn from the others.
        profile_sections=(questionnaire.sections[0].id,) if len(questionnaire.sections) > 1 else (),
    )


def _invited_in_folder(folder: Path) -> int | None:
    from umfrage.surveyfolder.organisations import read_register

    register = folder / "organisations.csv"
    if not register.exists():
        return None
    return len(read_register(register, "organisations.csv").organisations)


def _invited_in_database(slug: str) -> int | None:
    from umfrage.store.models import Organisation

    count = Organisation.objects.filter(survey__slug=slug).count()
    return count or None


def fieldwork_in_database(slug: str, wave: str) -> Any:
    """The wave's invitation figures from ``wave_progress``, if it was sent out by e-mail.

    A wave without sent invitations (answers imported, or links handed out otherwise) has
    none; the report then falls back to the register's size.
    """
    from umfrage.invitations.tracking import wave_progress
    from umfrage.reporting.report import Fieldwork
    from umfrage.store.models import Wave

    item = Wave.objects.select_related("survey").filter(survey__slug=slug, key=wave).first()
    if item is None:
        return None
    total = wave_progress(item).total
    if not total.invited:
        return None
    return Fieldwork(total.invited, total.opened, total.complete, total.response_rate)
