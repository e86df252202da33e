"""Number: the spread as a box (quartiles), median mark and min–max line, per wave."""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import NumberResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.style import Chart, distribution


def chart(result: NumberResult, wave: str, compare: str | None = None) -> Chart | None:
    if result.quartiles is None:
        return None
    q1, median, q3 = result.quartiles
    rows: list[dict[str, Any]] = [
        {"wave": wave, "min": result.min, "q1": q1, "median": median, "q3": q3, "max": result.max}
    ]
    description = about(result, "Verteilungsdiagramm", wave, None)
    if result.min is None or result.max is None:
        # Published reports hide minimum and maximum (each is one alliance's answer).
        description += " Ohne Minimum und Maximum, die nicht veröffentlicht werden."
    return distribution(rows, description, "Wert", key=result.id, grouping=result.grouping)
