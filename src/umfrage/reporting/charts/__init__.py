"""Charts: one module per question type, each with ``chart(result, wave, compare) -> Chart | None``.

To add a question type, copy the closest module (``single.py`` for shares, ``number.py`` for
figures), adapt ``chart``, and add it to ``MODULES``; ``style.py`` holds the one look of all.
"""

from __future__ import annotations

from typing import Protocol

from umfrage.analysis.results import QuestionResult
from umfrage.reporting.charts import matrix, multi, number, ranking, single, text
from umfrage.reporting.charts.style import Chart


class ChartType(Protocol):
    """One question type's chart (a module in this folder)."""

    def chart(
        self, result: QuestionResult, wave: str, compare: str | None = None
    ) -> Chart | None: ...


MODULES: dict[str, ChartType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


def chart_for(result: QuestionResult, wave: str, compare: str | None = None) -> Chart | None:
    if result.type not in MODULES:
        raise LookupError(
            f"No chart module for question type {result.type!r}; known: {', '.join(MODULES)}."
        )
    return MODULES[result.type].chart(result, wave, compare)
