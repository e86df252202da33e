"""Free text: no chart; the report gives the number of answers (and, internally, the texts)."""

from __future__ import annotations

from umfrage.analysis.results import TextResult
from umfrage.reporting.charts.style import Chart


def chart(result: TextResult, wave: str, compare: str | None = None) -> Chart | None:
    return None
