"""Single choice: bars of the shares in option order; with a comparison, both waves side by side."""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import ChoiceResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.style import Chart, bars
from umfrage.reporting.tables import current_label


def chart(result: ChoiceResult, wave: str, compare: str | None = None) -> Chart | None:
    rows = share_rows(result, wave, compare)
    if not rows:
        return None
    waves = [wave, compare] if compare and result.comparison is not None else [wave]
    return bars(rows, about(result, "Balkendiagramm", wave, compare), key=result.id, waves=waves)


def share_rows(result: ChoiceResult, wave: str, compare: str | None) -> list[dict[str, Any]]:
    """One row per option (and wave): in the earlier wave's codes when compared (recodes)."""
    comparison = result.comparison
    if compare and comparison is not None and comparison.options:
        rows = []
        for option in comparison.options:
            if option.current_share is None and option.share is None:
                continue
            label = current_label(result, option)
            rows.append({"label": label, "wave": wave, "share": option.current_share})
            rows.append({"label": label, "wave": compare, "share": option.share})
        return rows
    return [
        {"label": o.label, "wave": wave, "share": o.share}
        for o in result.options or ()
        if o.share is not None and not getattr(o, "excluded_from_base", False)
    ]
