"""A question's series across waves: one line per answer, a point per wave (``style.py``'s look).

Drawn for every question type with a series (``QuestionResult.series``) of at least three
waves; a hidden point (disclosure) leaves a gap in its line, never a guessed value.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from umfrage.analysis.results import QuestionResult, Series
from umfrage.reporting.charts.style import GRID, PALETTE, PERCENT_LABEL, Chart, render, share_scale

MIN_WAVES = 3
"""A trend needs three waves; two are the pairwise comparison."""
SERIES_WIDTH = 300
"""Narrower than the bars: the table of the values stands beside it on a wide screen."""


def drawable(series: Series | None) -> bool:
    return series is not None and len(series.waves) >= MIN_WAVES and bool(series.lines)


def chart(result: QuestionResult) -> Chart | None:
    series = result.series
    if series is None or not drawable(series):
        return None
    rows: list[dict[str, Any]] = []
    for line in series.lines:
        # A hidden point breaks the line: the parts on either side are separate segments.
        segment = 0
        for p in line.points:
            if p.share is None:
                segment += 1
                continue
            rows.append({"label": line.label, "wave": p.wave, "share": p.share, "part": segment})
    shares = [r["share"] for r in rows]
    if not shares:
        return None
    frame = pd.DataFrame(rows)
    labels = [line.label for line in series.lines]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    # Shares start at 0 and end a rounded step above the largest one, as on the bar charts.
    top, _ = share_scale(shares)
    encoding: dict[str, Any] = {
        "x": alt.X(
            "wave:O",
            title="Welle",
            sort=list(series.waves),
            # Every wave on the axis, also one whose points are all hidden.
            scale=alt.Scale(domain=list(series.waves)),
            axis=alt.Axis(labelAngle=0),
        ),
        "y": alt.Y(
            "share:Q",
            title="Anteil",
            scale=alt.Scale(domain=[0, top]),
            axis=alt.Axis(labelExpr=PERCENT_LABEL, tickCount=5, grid=True, gridColor=GRID),
        ),
        "color": alt.Color(
            "label:N", title=None, sort=labels, scale=alt.Scale(domain=labels, range=colours)
        ),
        "shape": alt.Shape("label:N", title=None, sort=labels, scale=alt.Scale(domain=labels)),
        "tooltip": alt.value(None),
    }
    base = alt.Chart(frame, description=_about(result, series))
    line = base.mark_line(strokeWidth=2).encode(
        detail="part:N", **{k: v for k, v in encoding.items() if k != "shape"}
    )
    points = base.mark_point(size=70, filled=True, opacity=1).encode(**encoding)
    layered = alt.layer(line, points).properties(width=SERIES_WIDTH, height=220)
    return render(layered, _about(result, series), f"{result.id}-reihe")


def _about(result: QuestionResult, series: Series) -> str:
    waves = ", ".join(series.waves)
    text = (
        f"Liniendiagramm zu „{result.text}“: Anteile der Antworten in den Wellen {waves}. "
        "Die Werte stehen in der Tabelle zum Diagramm."
    )
    if any(p.suppressed for line in series.lines for p in line.points):
        text += " Zu kleine Zellen sind ausgeblendet und fehlen im Diagramm."
    return text
