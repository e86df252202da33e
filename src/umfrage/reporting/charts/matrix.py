"""Matrix: one 100-%-stacked bar per item on the matrix's scale (answers outside the base left out)."""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import MatrixResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.style import Chart, stacked


def chart(result: MatrixResult, wave: str, compare: str | None = None) -> Chart | None:
    rows: list[dict[str, Any]] = []
    categories: list[str] = []
    for item in result.items:
        for position, option in enumerate(item.options):
            if option.excluded_from_base or option.share is None:
                continue
            if option.label not in categories:
                categories.append(option.label)
            rows.append(
                {
                    "label": item.label,
                    "category": option.label,
                    "share": option.share,
                    "position": position,
                }
            )
    if not rows:
        return None
    return stacked(
        rows, about(result, "Gestapeltes Balkendiagramm", wave, None), categories, key=result.id
    )
