"""Charts: one module per question type, each with ``chart(result, wave, compare) -> Chart | None``.

``result`` is the type's own result class (e.g. ``ChoiceResult``, see ``analysis/results.py``).
To add a question type, copy the closest module (``single.py`` for shares, ``number.py`` for
figures), adapt ``chart``, check it against ``ChartType`` with its result class below and add it
to ``MODULES``; ``style.py`` holds the one look of all.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from umfrage.analysis.results import (
    ChoiceResult,
    MatrixResult,
    NumberResult,
    QuestionResult,
    RankingResult,
    TextResult,
)
from umfrage.reporting.charts import matrix, multi, number, ranking, single, text
from umfrage.reporting.charts.style import Chart

R = TypeVar("R", bound=QuestionResult, contravariant=True)


class ChartType(Protocol[R]):
    """One question type's chart (a module in this folder), of the type's result class."""

    def chart(self, result: R, wave: str, compare: str | None = None) -> Chart | None: ...


# Each module against the protocol with its own result class (mypy checks these).
_SINGLE: ChartType[ChoiceResult] = single
_MULTI: ChartType[ChoiceResult] = multi
_RANKING: ChartType[RankingResult] = ranking
_MATRIX: ChartType[MatrixResult] = matrix
_NUMBER: ChartType[NumberResult] = number
_TEXT: ChartType[TextResult] = text

MODULES: dict[str, ChartType[Any]] = {
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
