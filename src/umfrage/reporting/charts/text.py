"""Free text: a coded text's categories as a multiple choice's bars (waves side by side); an
uncoded text has no chart (the report gives the number of answers, and internally the texts)."""

from __future__ import annotations

from umfrage.analysis.results import TextResult
from umfrage.analysis.types.text import as_choice
from umfrage.reporting.charts import multi
from umfrage.reporting.charts.style import Chart


def chart(result: TextResult, wave: str, compare: str | None = None) -> Chart | None:
    choice = as_choice(result)
    if choice is None:
        return None
    return multi.chart(choice, wave, compare)
