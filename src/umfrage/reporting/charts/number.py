"""Number: the spread as a box (quartiles), median mark and min–max line, per wave."""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import QuestionResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.style import Chart, distribution


def chart(result: QuestionResult, wave: str, compare: str | None = None) -> Chart | None:
    if result.quartiles is None or result.min is None or result.max is None:
        return None
    q1, median, q3 = result.quartiles
    rows: list[dict[str, Any]] = [
        {"wave": wave, "min": result.min, "q1": q1, "median": median, "q3": q3, "max": result.max}
    ]
    return distribution(
        rows, about(result, "Verteilungsdiagramm", wave, None), "Wert", key=result.id
    )
