"""``umfrage report``: the full German report of a wave as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from umfrage.cli import ensure_database, main, print_problems, reports_problems
from umfrage.questionnaire.problems import Problem, ProblemsError

SUFFIXES = (".html", ".pdf")
KURZ_SUFFIXES = (".html", ".pdf", ".txt")


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
@click.option(
    "--kurzfassung",
    is_flag=True,
    help=(
        "Nur die Kurzfassung (HTML, PDF oder Text für Webseite und Newsletter, je nach Endung "
        "von --out); immer aus den veröffentlichbaren Ergebnissen, kleine Zellen ausgeblendet."
    ),
)
@reports_problems
def report(
    source: str,
    wave: str,
    compare: str | None,
    out: Path,
    public: bool,
    weighted: bool,
    kurzfassung: bool,
) -> None:
    """Schreibt den Ergebnisbericht einer Welle (HTML oder PDF, je nach Endung von --out).

    SOURCE ist ein Umfrageordner oder die Kennung einer Umfrage in der Datenbank.
    """
    if kurzfassung:
        write_kurzfassung(source, wave, compare, out, weighted=weighted)
        return
    if out.suffix.lower() not in SUFFIXES:
        raise ProblemsError(
            [
                Problem(
                    file=str(out),
                    line=None,
                    question=None,
                    message="Der Bericht kann nur als .html oder .pdf geschrieben werden.",
                    fix="Geben Sie z. B. --out bericht.html oder --out bericht.pdf an.",
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


def write_kurzfassung(
    source: str, wave: str, compare: str | None, out: Path, *, weighted: bool
) -> None:
    """The Kurzfassung alone, for a web page or a newsletter: it is meant to be published, so
    it is drawn from the disclosure-protected results (as ``--public``)."""
    if out.suffix.lower() not in KURZ_SUFFIXES:
        raise ProblemsError(
            [
                Problem(
                    file=str(out),
                    line=None,
                    question=None,
                    message="Die Kurzfassung kann nur als .html, .pdf oder .txt geschrieben werden.",
                    fix="Geben Sie z. B. --out kurzfassung.html, .pdf oder .txt an.",
                )
            ]
        )
    from umfrage.reporting.html import render_kurzfassung_html
    from umfrage.reporting.kurzfassung import kurzfassung_for
    from umfrage.reporting.pdf import PdfError, kurzfassung_pdf

    data = report_input(source, wave, compare, public=True, weighted=weighted)
    kurz = kurzfassung_for(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        suffix = out.suffix.lower()
        if suffix == ".pdf":
            temporary.write_bytes(kurzfassung_pdf(data, kurz))
        elif suffix == ".txt":
            temporary.write_text(kurz.text(), encoding="utf-8")
        else:
            temporary.write_text(render_kurzfassung_html(data, kurz), encoding="utf-8")
        temporary.replace(out)
    except PdfError as error:
        raise click.ClickException(str(error)) from None
    finally:
        temporary.unlink(missing_ok=True)
    click.echo(
        f"Kurzfassung der Welle {wave} nach {out} geschrieben "
        f"({kurz.words} Wörter, öffentliche Fassung)."
    )
    if data.result.synthetic:
        click.echo("Hinweis: Die Kurzfassung beruht auf synthetischen (erfundenen) Daten.")


def write_demo_report(survey: str, folder: Path) -> Path:
    """The example's 2024 report (against 2023) from the database, for ``umfrage demo``."""
    from umfrage.reporting.report import build_report

    out = folder / "bericht-2024.html"
    write_report(build_report(report_input(survey, "2024", "2023", public=False)), out)
    return out


def write_report(built: Any, out: Path) -> None:
    """HTML or PDF by the file's suffix; written whole or not at all."""
    from umfrage.reporting.html import render_html
    from umfrage.reporting.pdf import PdfError, render_pdf

    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        if out.suffix.lower() == ".pdf":
            temporary.write_bytes(render_pdf(built))
        else:
            temporary.write_text(render_html(built), encoding="utf-8")
        temporary.replace(out)
    except PdfError as error:
        raise click.ClickException(str(error)) from None
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
    """The report's input of a survey folder or a survey in the database.

    The CLI's front door onto ``reporting.assemble`` (pure) and ``loaders.report`` (Django, beside
    the store): a folder needs no database; for the database, the CLI prepares it here
    (``ensure_database``, checks and migrations), never the loader. ``quiet`` leaves the reading
    warnings to the result instead of printing them.
    """
    from umfrage.analysis.sources import warnings_of
    from umfrage.reporting.assemble import ReportSource, assemble, folder_source

    path = Path(source)
    found: ReportSource
    if path.is_dir():
        found = folder_source(path, wave, compare)
    else:
        ensure_database()
        from umfrage.loaders.report import database_source

        found = database_source(source, wave, compare)
    if not quiet:
        warnings = warnings_of(found.loaded)
        print_problems(warnings, header="Hinweise:" if warnings else None)
    return assemble(found, wave, compare, public=public, weighted=weighted, by=by)
