"""The one look of every chart: palette, fonts, German axis labels, offline SVG rendering.

Charts are Vega-Lite specifications built with Altair and rendered to SVG by vl-convert, in
process and without a network. The palette is Okabe–Ito (distinguishable with every common
colour-vision deficiency); ordered scales use a light-to-dark sequence of one hue pair that stays
ordered in greyscale, so print and PDF keep the meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from umfrage.formatting import PERCENT_SIGN

# Okabe & Ito (2008): blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
CURRENT, EARLIER = PALETTE[0], "#9DB4C7"
"""This wave dark, the compared wave light: the order stays readable in greyscale."""
# From "very good" to "very bad": blue to vermillion through neutral grey (Okabe–Ito anchors).
ORDERED = ("#0072B2", "#56B4E9", "#BBBBBB", "#E69F00", "#D55E00")
EXCLUDED = "#E5E5E5"
FONT = "DejaVu Sans"
WIDTH = 420
BAR_HEIGHT = 22

PERCENT_LABEL = f"replace(format(datum.value, '.0%'), '%', '{PERCENT_SIGN}')"
"""German axis labels: "30 %" with a no-break space, as the text writes them (umfrage.formatting);
the chart's German locale (``format_locale="de-DE"``) gives the decimal comma."""


@dataclass(frozen=True)
class Chart:
    """A rendered chart: inline SVG plus the one-sentence text alternative it carries."""

    svg: str
    description: str


def config(chart: alt.TopLevelMixin) -> Any:
    return (
        chart.configure(font=FONT, background="white")
        .configure_axis(labelFontSize=11, titleFontSize=11, labelLimit=260, grid=False)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom", labelLimit=300)
        .configure_view(stroke=None)
    )


def share_axis(title: str = "Anteil") -> alt.X:
    return alt.X(
        "share:Q",
        title=title,
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(labelExpr=PERCENT_LABEL, tickCount=5, grid=True, gridColor="#EEEEEE"),
    )


def bars(
    rows: Sequence[dict[str, Any]],
    description: str,
    *,
    key: str,
    waves: Sequence[str] = (),
    x_title: str = "Anteil",
) -> Chart:
    """Horizontal bars of shares in the given order; two waves side by side when given two."""
    frame = pd.DataFrame(rows)
    order = list(dict.fromkeys(frame["label"]))
    encoding: dict[str, Any] = {
        "y": alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        "x": share_axis(x_title),
        "tooltip": alt.value(None),
    }
    if len(waves) > 1:
        encoding["color"] = alt.Color(
            "wave:N",
            title="Welle",
            sort=list(waves),
            scale=alt.Scale(domain=list(waves), range=[CURRENT, EARLIER]),
        )
        encoding["yOffset"] = alt.YOffset("wave:N", sort=list(waves))
        step = BAR_HEIGHT * len(waves) + 8
    else:
        encoding["color"] = alt.value(CURRENT)
        step = BAR_HEIGHT + 4
    chart = (
        alt.Chart(frame, description=description)
        .mark_bar()
        .encode(**encoding)
        .properties(width=WIDTH, height=len(order) * step)
    )
    return render(chart, description, key)


def stacked(
    rows: Sequence[dict[str, Any]], description: str, categories: Sequence[str], *, key: str
) -> Chart:
    """100-%-stacked bars per item (a matrix), the scale's categories in order."""
    frame = pd.DataFrame(rows)
    order = list(dict.fromkeys(frame["label"]))
    colours = list(ORDERED[: len(categories)]) if len(categories) <= len(ORDERED) else list(PALETTE)
    chart = (
        alt.Chart(frame, description=description)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            x=share_axis(),
            color=alt.Color(
                "category:N",
                title=None,
                sort=list(categories),
                scale=alt.Scale(domain=list(categories), range=colours[: len(categories)]),
            ),
            order=alt.Order("position:Q"),
            tooltip=alt.value(None),
        )
        .properties(width=WIDTH, height=alt.Step(BAR_HEIGHT + 6))
    )
    return render(chart, description, key)


def distribution(
    rows: Sequence[dict[str, Any]],
    description: str,
    unit: str,
    *,
    key: str,
    grouping: bool = True,
) -> Chart:
    """Box of the quartiles with median, and min–max whiskers where they may be shown."""
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame, description=description).encode(
        y=alt.Y("wave:N", title="Welle", sort=list(frame["wave"]))
    )
    axis = alt.Axis(format=",.0f" if grouping else ".0f", grid=True, gridColor="#EEEEEE")
    x = alt.X("q1:Q", title=unit, axis=axis, scale=alt.Scale(zero=False))
    box = base.mark_bar(size=18, color=EARLIER, stroke=CURRENT).encode(x=x, x2="q3:Q")
    median = base.mark_tick(size=18, thickness=3, color=CURRENT).encode(x="median:Q")
    layers = [box, median]
    if "min" in frame and frame["min"].notna().all():
        whisker = base.mark_rule(color="#555555").encode(x="min:Q", x2="max:Q")
        layers.insert(0, whisker)
    chart = alt.layer(*layers).properties(width=WIDTH, height=alt.Step(34))
    return render(chart, description, key)


def render(chart: Any, description: str, key: str) -> Chart:
    """The chart as accessible inline SVG: role img with its text alternative, ids under ``key``."""
    spec = config(chart).to_dict()
    svg = vl_convert.vegalite_to_svg(spec, format_locale="de-DE")
    return Chart(_accessible(svg, description, f"chart-{key}"), description)


def _accessible(svg: str, description: str, prefix: str) -> str:
    # Vega labels every mark for screen readers; the page already gives the chart's data as a
    # table, so the picture is one image with one text alternative instead of hundreds of nodes.
    svg = re.sub(r'\s(role|aria-[a-z]+)="[^"]*"', "", svg)
    # Several charts inline in one page must not share clip-path ids.
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
