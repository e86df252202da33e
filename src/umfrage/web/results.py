"""The results browser's logic: its query, the cached analysis and the downloads.

The statistics come from the analysis engine and the charts and tables from the reporting
package (the same ``build_report`` as ``umfrage report``); this module only chooses what to ask
for, caches the built report per data version, and packs downloads.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.core.cache import cache

from umfrage.loaders.report import build_wave_report
from umfrage.loaders.report import data_version as data_version
from umfrage.questionnaire.problems import ProblemsError
from umfrage.reporting.csp import report_policy as report_policy
from umfrage.reporting.csp import style_hashes as style_hashes
from umfrage.reporting.formatting import neutralise
from umfrage.store.models import Wave

NONE = "keine"
CACHE_SECONDS = 3600
YES, NO = "ja", "nein"
INTERNAL, PUBLIC = "intern", "oeffentlich"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Query:
    """What the results page shows: cross-tab, compared wave, weighting, internal or public."""

    by: str | None = None
    compare: str | None = None
    weighted: bool = False
    public: bool = False

    def params(self, **changes: Any) -> dict[str, str]:
        """The query string that shows this (shareable; the download links carry it on)."""
        query = replace(self, **changes)
        return {
            "nach": query.by or "",
            "vergleich": query.compare or NONE,
            "gewichtung": YES if query.weighted else NO,
            "fassung": PUBLIC if query.public else INTERNAL,
        }


@dataclass(frozen=True)
class Controls:
    by: tuple[Choice, ...]
    compare: tuple[Choice, ...]
    default_compare: str | None
    weighting: bool
    """Whether the survey has population margins, so that weighting can be offered."""
    wave: str = ""
    """The wave shown (the one comparison that is refused with its own message)."""


def earlier_waves(wave: Wave) -> list[Wave]:
    """The survey's waves before this one, the latest first (the default comparison)."""
    return list(wave.survey.waves.filter(position__lt=wave.position).order_by("-position"))


def weighting_configured(wave: Wave) -> bool:
    from umfrage.surveyfolder.survey import parse_survey_config

    try:
        config = parse_survey_config(wave.survey.config_text, f"{wave.survey.slug}/survey.yaml")
    except ProblemsError:
        return False
    return config.population is not None and bool(config.population.margins)


def controls(wave: Wave) -> Controls:
    """The choices the form offers; ProblemsError when the wave's questionnaire has problems."""
    questionnaire = wave.questionnaire()
    singles = tuple(
        Choice(q.id, f"{q.text} ({q.id})") for q in questionnaire.questions() if q.splits_results
    )
    earlier = earlier_waves(wave)
    return Controls(
        by=singles,
        compare=tuple(Choice(w.key, w.title or f"Welle {w.key}") for w in earlier),
        default_compare=earlier[0].key if earlier else None,
        weighting=weighting_configured(wave),
        wave=wave.key,
    )


def read_query(params: Mapping[str, str], offered: Controls) -> tuple[Query, list[str]]:
    """The query from the URL; every value that is not offered is replaced by its default and
    explained in a German message (never an error page)."""
    problems: list[str] = []
    by: str | None = (params.get("nach") or "").strip() or None
    if by is not None and by not in {c.value for c in offered.by}:
        problems.append(
            f"„{by[:60]}“ ist keine Einfachauswahl-Frage dieser Welle; aufschlüsseln lässt sich "
            f"nur nach einer solchen (z. B. {', '.join(c.value for c in offered.by[:3]) or 'keine vorhanden'}). "
            "Gezeigt wird das Ergebnis ohne Aufschlüsselung."
        )
        by = None
    compare = offered.default_compare
    if "vergleich" in params:
        wanted = params["vergleich"].strip()
        if wanted == NONE:
            compare = None
        elif wanted in {c.value for c in offered.compare}:
            compare = wanted
        elif wanted == offered.wave:
            problems.append(
                f"Die Welle {wanted[:60]} kann nicht mit sich selbst verglichen werden. "
                f"Verglichen wird mit {'Welle ' + compare if compare else 'keiner Welle'}."
            )
        else:
            known = ", ".join(c.value for c in offered.compare) or "keine"
            problems.append(
                f"„{wanted[:60]}“ ist keine frühere Welle dieser Umfrage (möglich: {known}). "
                f"Verglichen wird mit {'Welle ' + compare if compare else 'keiner Welle'}."
            )
    weighted = False
    wanted_weighting = params.get("gewichtung", NO)
    if wanted_weighting == YES:
        if offered.weighting:
            weighted = True
        else:
            problems.append(
                "Für diese Umfrage ist keine Gewichtung eingerichtet (Randverteilungen in "
                "survey.yaml); gezeigt werden ungewichtete Ergebnisse."
            )
    elif wanted_weighting != NO:
        problems.append(
            f"„{wanted_weighting[:60]}“ ist bei der Gewichtung nicht möglich (ja oder nein); "
            "gezeigt werden ungewichtete Ergebnisse."
        )
    version = params.get("fassung", INTERNAL)
    if version not in (INTERNAL, PUBLIC):
        problems.append(
            f"„{version[:60]}“ ist keine Fassung (intern oder oeffentlich); gezeigt wird die "
            "interne Fassung."
        )
    return Query(by, compare, weighted, version == PUBLIC), problems


def build(wave: Wave, query: Query) -> Any:
    """The report for this query (charts, tables, findings), built by the reporting package
    from the database loader beside the store (no checks, no migrations in a request)."""
    return build_wave_report(
        wave, query.compare, public=query.public, weighted=query.weighted, by=query.by
    )


def cached_report(wave: Wave, query: Query) -> Any:
    """:func:`build`, cached per (wave, query, data version): a page view after the first does
    not analyse again, and any change to the answers makes a new key."""
    # Every earlier wave: the series across three or more waves reads them all.
    version = data_version(wave, *earlier_waves(wave))
    key = "umfrage-results:" + hashlib.sha256(repr((wave.pk, query, version)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = build(wave, query)
        cache.set(key, found, CACHE_SECONDS)
    return found


# ---- downloads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    name: str
    """The last part of the URL."""
    label: str
    content_type: str
    suffix: str
    public: bool = False
    export: str | None = None
    """An export format of ``umfrage.reporting.exports``; None for the report."""


DOWNLOADS: dict[str, Download] = {
    d.name: d
    for d in (
        Download("bericht-intern.html", "Bericht, interne Fassung (HTML)", "text/html", "html"),
        Download("bericht-intern.pdf", "Bericht, interne Fassung (PDF)", "application/pdf", "pdf"),
        Download(
            "bericht-oeffentlich.html",
            "Bericht, öffentliche Fassung (HTML)",
            "text/html",
            "html",
            public=True,
        ),
        Download(
            "bericht-oeffentlich.pdf",
            "Bericht, öffentliche Fassung (PDF)",
            "application/pdf",
            "pdf",
            public=True,
        ),
        Download(
            "antworten-excel.csv",
            "Antworten als CSV für Excel (Semikolon, Beschriftungen statt Codes)",
            "text/csv",
            "csv",
            export="excel-csv",
        ),
        Download(
            "codebuch.csv",
            "Codebuch als CSV für Excel (Spalten, Fragen, Codes)",
            "text/csv",
            "csv",
            export="codebook-csv",
        ),
        Download(
            "antworten.csv",
            "Antworten als CSV mit Codes (Rohdaten wie responses.csv, zum Weiterverarbeiten)",
            "text/csv",
            "csv",
            export="csv",
        ),
        Download(
            "antworten.xlsx",
            "Antworten und Ergebnistabellen als Excel-Datei",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            export="xlsx",
        ),
        Download(
            "antworten.sav",
            "Antworten für SPSS (.sav)",
            "application/x-spss-sav",
            "sav",
            export="sav",
        ),
        Download(
            "antworten.dta",
            "Antworten für Stata (.dta)",
            "application/x-stata-dta",
            "dta",
            export="dta",
        ),
        Download(
            "antworten.json",
            "Antworten und Codebuch als JSON",
            "application/json",
            "json",
            export="json",
        ),
    )
}


def file_name(wave: Wave, download: Download) -> str:
    """``buendnisumfrage-2024-bericht-intern.pdf``: survey, wave, what (ASCII, no spaces)."""
    stem = download.name.rsplit(".", 1)[0]
    safe_key = "".join(c if c.isalnum() or c in "-_" else "-" for c in wave.key)
    return f"{wave.survey.slug}-{safe_key}-{stem}.{download.suffix}"


def report_document(wave: Wave, query: Query, download: Download) -> bytes:
    """The report file, rendered once per data version and then served from the file cache
    (web/reportcache.py): laying out a PDF takes seconds."""
    from umfrage.web import reportcache

    # The report shows no cross-tabs; leaving ``by`` out shares the cache with the page.
    report_query = replace(query, by=None, public=download.public)
    version = data_version(wave, *earlier_waves(wave))

    def render() -> bytes:
        from umfrage.reporting.html import render_html
        from umfrage.reporting.pdf import render_pdf

        report = cached_report(wave, report_query)
        if download.suffix == "pdf":
            return render_pdf(report)
        return render_html(report).encode("utf-8")

    group = "-".join(
        (
            f"w{wave.pk}",
            download.name,
            report_query.compare or NONE,
            YES if report_query.weighted else NO,
        )
    )
    key = (wave.pk, wave.survey.slug, wave.key, download.name, report_query, version)
    return reportcache.cached_file(group, key, render)


def formula_safe(cell: str) -> str:
    """A cell a spreadsheet program would run as a formula gets a leading apostrophe;
    numbers (``-3``, ``+4``) stay numbers."""
    try:
        float(cell)
    except ValueError:
        return str(neutralise(cell))
    return cell


def export_document(wave: Wave, query: Query, download: Download) -> bytes:
    from umfrage.loaders.dataset import wave_dataset
    from umfrage.reporting.exports import export
    from umfrage.surveyfolder.csvio import write_table

    dataset = wave_dataset(wave)  # the wave's frame (frame cache), as the results pages read it
    if download.export == "xlsx" and dataset.rows:
        from umfrage.reporting.tables import question_tables

        report = cached_report(wave, replace(query, by=None, public=False))
        tables = [t for q in report.result.questions for t in question_tables(q, wave.key)]
        dataset = replace(dataset, tables=tuple(tables))
    with tempfile.TemporaryDirectory(prefix="umfrage-export-") as folder_name:
        path = Path(folder_name) / f"export.{download.suffix}"
        if download.export == "csv":
            # Opened by double-click in a spreadsheet program: no cell may run as a formula
            # (the lossless contract file is `umfrage export --format csv`).
            rows = [[formula_safe(str(c)) for c in row] for row in dataset.cells]
            write_table(path, [formula_safe(c) for c in dataset.columns], rows)
        else:
            export(dataset, str(download.export), path)
        return path.read_bytes()
