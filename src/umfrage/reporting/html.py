"""The report as one self-contained, accessible HTML file (inline CSS and SVG, no network).

Templates are Jinja2, used standalone: the reporting layer must not import Django (see
docs/architecture.md), Jinja2 needs no settings and autoescapes HTML. The PDF is typeset from
the same built report by Typst (``reporting/pdf.py``), not from this HTML.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from umfrage.reporting import formatting as fmt
from umfrage.reporting.charts.style import Chart
from umfrage.reporting.kurzfassung import Kurzfassung
from umfrage.reporting.report import (
    Report,
    ReportInput,
    answer_languages,
    invited_text,
    tests_text,
)
from umfrage.reporting.tables import weighting_tables
from umfrage.reporting.types import modules


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("umfrage.reporting", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = fmt.percent
    env.filters["number"] = fmt.number
    env.globals["type_names"] = {name: kind.NAME for name, kind in modules().items()}
    env.globals["chart_markup"] = chart_markup
    return env


def chart_markup(chart: Chart) -> Markup:
    """A chart in the page: inline SVG, drawn by vl-convert (its labels escaped there), with
    its text alternative as ``aria-label``."""
    return Markup(chart.svg)


def stylesheet(medium: str) -> str:
    return (files("umfrage.reporting") / "templates" / f"report-{medium}.css").read_text("utf-8")


def render_html(report: Report, *, links: tuple[tuple[str, str], ...] = ()) -> str:
    """The report as one HTML document; ``links`` (label, href) are shown under the title,
    e.g. the public page's link to its PDF (a downloaded file gets none)."""
    data = report.input
    result = report.result
    context: dict[str, Any] = {
        "report": report,
        "data": data,
        "result": result,
        "css": Markup(stylesheet("screen")),
        "period": fmt.period(data.opens, data.closes),
        "answer_languages": answer_languages(result.languages),
        "invited": invited_text(data),
        "fieldwork": data.fieldwork,
        "response_rate": fmt.percent(report.response_rate, 1) if report.response_rate else None,
        "tests": tests_text(result),
        "small_base": result.small_base_limit,
        "audience": "öffentliche Fassung" if data.public else "interne Fassung",
        "links": links,
        "weighting_warnings": result.weighting.warnings() if result.weighting else (),
        "weighting_tables": weighting_tables(result),
    }
    return environment().get_template("report.html").render(context)


def render_kurzfassung_html(data: ReportInput, kurz: Kurzfassung) -> str:
    """The Kurzfassung on its own: one short, self-contained web page (its PDF: ``pdf.py``)."""
    context: dict[str, Any] = {
        "data": data,
        "kurz": kurz,
        "css": Markup(stylesheet("screen")),
    }
    return environment().get_template("kurzfassung.html").render(context)


def kurzfassung_fragment(kurz: Kurzfassung, *, h: int) -> str:
    """The Kurzfassung's text as the public report renders it (the same template), for a page
    of its own whose heading above it has level ``h`` (the sections get ``h + 1``); e.g. the
    publish confirmation shows staff what the public will read."""
    return environment().get_template("_kurzfassung.html").render({"kurz": kurz, "h": h})
