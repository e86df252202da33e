"""Multiple choice: bars of the share choosing each option, largest first (waves side by side)."""

from __future__ import annotations

from umfrage.analysis.results import ChoiceResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.single import share_rows
from umfrage.reporting.charts.style import Chart, bars


def chart(result: ChoiceResult, wave: str, compare: str | None = None) -> Chart | None:
    rows = share_rows(result, wave, compare)
    if not rows:
        return None
    current = {r["label"]: r["share"] or 0.0 for r in rows if r["wave"] == wave}
    rows.sort(key=lambda r: -current.get(r["label"], 0.0))
    waves = [wave, compare] if compare and result.comparison is not None else [wave]
    return bars(rows, about(result, "Balkendiagramm", wave, compare), key=result.id, waves=waves)
