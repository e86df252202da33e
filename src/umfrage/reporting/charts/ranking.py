"""Ranking: ordered bars of the share that ranked each option at all, most often ranked first."""

from __future__ import annotations

from umfrage.analysis.results import RankingResult
from umfrage.reporting.charts.common import about
from umfrage.reporting.charts.style import Chart, bars


def chart(result: RankingResult, wave: str, compare: str | None = None) -> Chart | None:
    ranked = [o for o in result.options if o.top is not None]
    if not ranked:
        return None
    ranked.sort(key=lambda o: (-(o.top or 0.0), -(o.first or 0.0)))
    rows = [{"label": o.label, "wave": wave, "share": o.top} for o in ranked]
    return bars(
        rows,
        about(result, "Geordnetes Balkendiagramm", wave, None),
        key=result.id,
        x_title="Anteil, der die Antwort unter die wichtigsten gewählt hat",
    )
