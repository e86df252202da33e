"""The wave tab "Ergebnisse": every question's chart and tables, and the downloads (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from umfrage.governance.audit import record
from umfrage.governance.roles import ANALYSE
from umfrage.questionnaire.problems import ProblemsError
from umfrage.reporting.tables import Table, crosstab_tables, question_tables, weighting_tables
from umfrage.web import results
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.navigation import WAVE_TABS, links


@dataclass(frozen=True)
class ShownTable:
    table: Table
    cells: list[list[str]]


@dataclass(frozen=True)
class ShownQuestion:
    block: Any
    tables: list[ShownTable]
    crosstabs: list[ShownTable]
    series: ShownTable | None = None
    """The series across three or more waves (beside ``block.series_chart``)."""


def _shown(tables: list[Table]) -> list[ShownTable]:
    return [ShownTable(t, t.shown()) for t in tables]


def _sections(report: Any, by_text: str | None) -> list[tuple[Any, list[ShownQuestion]]]:
    sections = []
    for section in report.sections:
        questions = []
        for block in section.questions:
            result = block.result
            questions.append(
                ShownQuestion(
                    block,
                    _shown(question_tables(result, report.result.wave)),
                    _shown(crosstab_tables(result, by_text)) if by_text else [],
                    _shown([block.series_table])[0] if block.series_table else None,
                )
            )
        sections.append((section, questions))
    return sections


def _messages(exc: ProblemsError) -> list[str]:
    return [f"{p.message} {p.fix}".strip() for p in exc.problems]


def _context(request: HttpRequest, wave: Any, **extra: Any) -> dict[str, Any]:
    return {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(WAVE_TABS, request.user, request.path, wave.survey.slug, wave.key),
        **extra,
    }


@require_GET
@staff_view(ANALYSE)
def results_page(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    try:
        offered = results.controls(wave)
    except ProblemsError as exc:
        return render(
            request,
            "web/results.html",
            _context(request, wave, problems=_messages(exc)),
        )
    query, notices = results.read_query(request.GET, offered)
    problems: list[str] = []
    report = None
    if wave.responses.exists():
        try:
            report = results.cached_report(wave, query)
        except ProblemsError as exc:
            problems = _messages(exc)
    by_text = None
    if query.by:
        by_text = wave.questionnaire().question(query.by).text
    base = reverse("web:results_download", args=(slug, key, "x")).rsplit("/", 1)[0] + "/"
    params = urlencode(query.params(by=None))
    downloads = [
        (d.label, f"{base}{d.name}" + (f"?{params}" if d.export is None else ""))
        for d in results.DOWNLOADS.values()
    ]
    compare_title = next((c.label for c in offered.compare if c.value == query.compare), None)
    context = _context(
        request,
        wave,
        offered=offered,
        query=query,
        notices=notices,
        problems=problems,
        report=report,
        sections=_sections(report, by_text) if report is not None else [],
        weighting_tables=_shown(weighting_tables(report.result)) if report is not None else [],
        by_text=by_text,
        compare_title=compare_title,
        downloads=downloads,
        public_url=(
            reverse("publication:wave", args=(slug, key))
            if wave.status == wave.Status.PUBLISHED
            else None
        ),
    )
    # A URL with values the page cannot show answers 400, with the page shown for the defaults.
    return render(request, "web/results.html", context, status=400 if notices else 200)


@require_GET
@staff_view(ANALYSE)
def results_download(request: HttpRequest, slug: str, key: str, name: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    download = results.DOWNLOADS.get(name)
    if download is None:
        raise Http404
    try:
        offered = results.controls(wave)
        query, notices = results.read_query(request.GET, offered)
        if notices:
            return render(
                request,
                "web/results.html",
                _context(request, wave, problems=notices),
                status=400,
            )
        if download.export is None:
            body = results.report_document(wave, query, download)
        else:
            body = results.export_document(wave, query, download)
    except ProblemsError as exc:
        return render(
            request,
            "web/results.html",
            _context(request, wave, problems=_messages(exc)),
            status=400,
        )
    filename = results.file_name(wave, download)
    content_type = download.content_type
    if content_type.startswith("text/") or content_type == "application/json":
        content_type += "; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if download.suffix == "html":
        response["Content-Security-Policy"] = results.report_policy(body.decode("utf-8"))
    record(
        request.user,
        "results.downloaded",
        f"{download.label} der Welle {wave.key} heruntergeladen ({filename}).",
        survey=slug,
        wave=key,
        file=filename,
        compare=query.compare or "",
        weighted=query.weighted,
    )
    return response
