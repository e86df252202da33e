"""The PDF: the same HTML laid out by WeasyPrint (page numbers, table of contents, vector charts).

Charts stay inline SVG, which WeasyPrint draws as vectors; page numbers and the table of
contents' page references come from CSS paged media (``counter(page)``, ``target-counter``).
The file is tagged (PDF/UA-1), so headings and tables keep their structure for assistive tools.
"""

from __future__ import annotations

from pathlib import Path

from umfrage.reporting.html import render_html
from umfrage.reporting.report import Report


def render_pdf(report: Report) -> bytes:
    return pdf_from_html(render_html(report, for_pdf=True))


def pdf_from_html(html: str) -> bytes:
    """Lay out a report's PDF-HTML (``render_html(..., for_pdf=True)``), e.g. a stored one."""
    from weasyprint import HTML  # heavy import: only the PDF pays for it

    # No base_url: the document references nothing outside itself, so nothing is fetched.
    # PDF/UA: a tagged PDF whose headings, tables and reading order screen readers can follow.
    data: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return data


def write_pdf(report: Report, path: Path) -> None:
    path.write_bytes(render_pdf(report))
