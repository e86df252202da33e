"""The one look of every chart: palette, fonts, label wrapping, axis ranges, offline SVG rendering.

Charts are Vega-Lite specifications built with Altair and rendered to SVG by vl-convert, in
process and without a network. Every chart module (and any new chart, such as a trend line) takes
its look from here, so all charts agree:

- Size: every chart is exactly ``CHART_WIDTH`` pixels wide (Vega's ``fit-x``), which fits the
  PDF's text width (A4 less the margins, 657 px), so the PDF never shrinks a chart and its text
  stays ``FONT_SIZE`` pixels: at least the PDF's body text (10 pt = 13.3 px).
- Labels: never cut. Long labels are wrapped over several lines (``wrap``) and Vega's length
  limit is switched off (``labelLimit=0``).
- Share axes start at 0 and end one rounded step above the largest value (``share_scale``): a
  question whose largest share is 17 % is drawn on 0–20 %, not on 0–100 %. Only the 100 %
  stacked bars of a matrix keep 0–100 %.
- Colours: every filled mark has a contrast of at least 3:1 against the white background and
  text at least 4.5:1 (WCAG 2.1, 1.4.11 and 1.4.3); bars of two waves and the segments of a
  stacked bar are parted by white gaps, so each needs its contrast only against white. The
  values are in the table under each chart, so no reading depends on telling colours apart.
  The current wave is dark, the compared wave lighter, so the order survives greyscale printing.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final
from xml.etree import ElementTree

import altair as alt
import pandas as pd
import vl_convert

from umfrage.formatting import PERCENT_SIGN
from umfrage.reporting.charts import cache as chartcache

INK = "#1A1A1A"
"""Text: the report's own ink colour (16.8:1 on white)."""
MUTED = "#595959"
"""Axis lines and ticks, whiskers (7:1)."""
GRID = "#D9D9D9"
"""Grid lines only help to read off; the values are in the table."""
CURRENT = "#1F4E79"
"""This wave: dark blue (8.7:1 on white)."""
EARLIER = "#6A8FAE"
"""The compared wave: lighter blue-grey (3.4:1 on white), parted from ``CURRENT`` by a gap."""
ORDERED = ("#1F4E79", "#5B8DB8", "#767676", "#C2571A", "#8C3B0C")
"""An ordered scale from "very good" to "very bad": dark blue, blue, grey, orange, dark orange
(every one at least 3.5:1 on white; dark at both ends, as a diverging scale is read)."""
PALETTE = ("#1F4E79", "#B35806", "#00805E", "#A6508A", "#5A6B00", "#7B5EA7", "#555555")
"""Categories without an order (at least 4.8:1 on white each)."""
BACKGROUND = "#FFFFFF"
FONT = "DejaVu Sans"
LOCALE: Final = "de-DE"
"""Vega's number format locale: the decimal comma."""
FONT_SIZE = 14
"""Chart text in pixels: not smaller than the PDF's body text (reporting/pdf.py BODY_PT: 10 pt = 13.3 px)."""
LINE_HEIGHT = FONT_SIZE + 2
CHART_WIDTH = 640
"""The whole chart, labels included: fits the PDF's text width, so the PDF never scales it."""
WRAP = 32
"""Characters per label line: wraps long option labels into lines of about 260 pixels."""
BAR_HEIGHT = 18
MIN_BAR_HEIGHT = 12
PLOT_HEIGHT = 640
"""Bars of a chart with many options get thinner to stay within this height (a PDF page holds
about 960 pixels; heading, axis and legend need the rest)."""

PERCENT_LABEL = f"replace(format(datum.value, '.0%'), '%', '{PERCENT_SIGN}')"
"""German axis labels: "30 %" with a no-break space, as the text writes them (umfrage.formatting);
the chart's German locale (``format_locale="de-DE"``) gives the decimal comma."""
LINES = "split(datum.value, '\\n')"
"""Vega draws a label given as a list of lines over several lines (see ``wrap``)."""
CENTRED = f"-(length({LINES}) - 1) * {LINE_HEIGHT} / 2"
"""Vega puts a label's first line at its tick; this moves every label up to centre all lines."""
ABBREVIATION = re.compile(r"\b(z\. B|d\. h|u\. a|o\. Ä|u\. Ä|z\. T)\.")
SHARE_STEPS = (0.02, 0.05, 0.1, 0.2, 0.25)
"""Rounded steps of a share axis; the first that needs at most ``MAX_TICKS`` steps is used."""
MAX_TICKS = 7


@dataclass(frozen=True)
class Chart:
    """A rendered chart: inline SVG plus the one-sentence text alternative it carries."""

    svg: str
    description: str


def config(chart: alt.TopLevelMixin) -> Any:
    """The shared look applied to a finished chart: font, sizes, ink, no cut labels."""
    text = {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": INK}
    return (
        chart.configure(font=FONT, background=BACKGROUND)
        .configure_axis(
            **text,
            titleColor=INK,
            titleFontWeight="normal",
            labelLimit=0,
            labelLineHeight=LINE_HEIGHT,
            grid=False,
            domainColor=MUTED,
            tickColor=MUTED,
        )
        .configure_legend(
            **text,
            titleColor=INK,
            titleFontWeight="normal",
            orient="bottom",
            labelLimit=0,
        )
        .configure_view(stroke=None)
        .properties(
            width=CHART_WIDTH,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            # Room on the right for the last axis label, centred on its tick.
            padding={"left": 2, "top": 5, "right": 22, "bottom": 5},
        )
    )


def wrap(label: str, width: int = WRAP) -> str:
    """A label broken into lines of about ``width`` characters, joined by newlines (never cut).

    Words stay whole (a longer word gets a line of its own); the axis draws each line
    (``LINES``). Labels are keys of the chart's data, so wrapped labels stay unique.
    """
    # Abbreviations such as "z. B." stay on one line.
    label = ABBREVIATION.sub(lambda m: m.group(0).replace(" ", "\u00a0"), label)
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or label


def line_count(labels: Iterable[str]) -> int:
    return max((label.count("\n") + 1 for label in labels), default=1)


def band(labels: Sequence[str], bars: int = 1) -> tuple[int, alt.Scale]:
    """The height per label and the scale that keeps bars ``BAR_HEIGHT`` thick.

    A label of several lines gets the room it needs; its bars stay as thick as all others. A
    chart of many options gets thinner bars (down to ``MIN_BAR_HEIGHT``), so that with its
    heading it fits on one PDF page (``PLOT_HEIGHT``).
    """
    text = line_count(labels) * LINE_HEIGHT + 8
    gap = 4 if bars > 1 else 0
    thickness = BAR_HEIGHT
    while (
        thickness > MIN_BAR_HEIGHT
        and len(labels) * max(thickness * bars + gap + 8, text) > PLOT_HEIGHT
    ):
        thickness -= 1
    block = thickness * bars + gap
    step = max(block + 8, text)
    padding = (step - block) / step
    return step, alt.Scale(paddingInner=padding, paddingOuter=padding / 2)


def label_axis() -> alt.Axis:
    """The category axis: wrapped labels (``wrap``) drawn whole, centred on their bar."""
    return alt.Axis(labelExpr=LINES, labelOffset=alt.ExprRef(CENTRED))


def legend(labels: Sequence[str], title: str | None) -> alt.Legend:
    """A legend below the chart in as many columns as fit the chart's width (labels whole)."""
    widest = max((len(label) for label in labels), default=1) * FONT_SIZE * 0.62 + 28
    return alt.Legend(title=title, columns=max(1, min(len(labels), int(CHART_WIDTH // widest))))


def share_scale(values: Iterable[float | None]) -> tuple[float, float]:
    """``(top, step)`` of a share axis: from 0 to one rounded step above the largest value.

    17 % gives 0–20 % in steps of 5 %, 42 % gives 0–50 % in steps of 10 %, 88 % gives 0–100 % in
    steps of 20 %. The top is never above 100 %.
    """
    # A hidden share is None (or NaN in a data frame): it draws no bar and sets no scale.
    largest = max((v for v in values if v is not None and not math.isnan(v)), default=0.0)
    for step in SHARE_STEPS:
        # A little room above the largest bar (half a point), so it never touches the frame.
        steps = math.ceil(round((largest + 0.005) / step, 9))
        if steps <= MAX_TICKS:
            top = min(1.0, round(steps * step, 4))
            return top, step
    return 1.0, 0.2


def share_axis(title: str = "Anteil", values: Iterable[float | None] | None = None) -> alt.X:
    """The x axis of shares: 0 to a little above the largest of ``values`` (all: 0–100 %)."""
    top, step = share_scale(values) if values is not None else (1.0, 0.2)
    ticks = [round(i * step, 4) for i in range(round(top / step) + 1)]
    return alt.X(
        "share:Q",
        title=wrap(title, 60).split("\n"),
        scale=alt.Scale(domain=[0, top], nice=False),
        # Each label centred on its tick (Vega would push the last one inwards, onto its neighbour).
        axis=alt.Axis(
            labelExpr=PERCENT_LABEL, values=ticks, labelFlush=False, grid=True, gridColor=GRID
        ),
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
    frame["label"] = [wrap(label) for label in frame["label"]]
    order = list(dict.fromkeys(frame["label"]))
    step, scale = band(order, max(1, len(waves)))
    encoding: dict[str, Any] = {
        "y": alt.Y("label:N", sort=order, title=None, axis=label_axis(), scale=scale),
        "x": share_axis(x_title, frame["share"]),
        "tooltip": alt.value(None),
    }
    if len(waves) > 1:
        encoding["color"] = alt.Color(
            "wave:N",
            title="Welle",
            legend=legend(list(waves), "Welle"),
            sort=list(waves),
            scale=alt.Scale(domain=list(waves), range=[CURRENT, EARLIER]),
        )
        encoding["yOffset"] = alt.YOffset(
            "wave:N", sort=list(waves), scale=alt.Scale(paddingInner=0.2)
        )
    else:
        encoding["color"] = alt.value(CURRENT)
    chart = (
        alt.Chart(frame, description=description)
        .mark_bar()
        .encode(**encoding)
        .properties(height=len(order) * step)
    )
    return render(chart, description, key)


def stacked(
    rows: Sequence[dict[str, Any]], description: str, categories: Sequence[str], *, key: str
) -> Chart:
    """100-%-stacked bars per item (a matrix), the scale's categories in order.

    Segments are parted by a white line, so each colour needs its contrast against white only.
    """
    frame = pd.DataFrame(rows)
    frame["label"] = [wrap(label) for label in frame["label"]]
    order = list(dict.fromkeys(frame["label"]))
    colours = list(ORDERED[: len(categories)]) if len(categories) <= len(ORDERED) else list(PALETTE)
    step, scale = band(order)
    chart = (
        alt.Chart(frame, description=description)
        .mark_bar(stroke=BACKGROUND, strokeWidth=1.5)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=label_axis(), scale=scale),
            x=share_axis(),
            color=alt.Color(
                "category:N",
                title=None,
                legend=legend(list(categories), None),
                sort=list(categories),
                scale=alt.Scale(domain=list(categories), range=colours[: len(categories)]),
            ),
            order=alt.Order("position:Q"),
            tooltip=alt.value(None),
        )
        .properties(height=len(order) * step)
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
        y=alt.Y("wave:N", title=None, sort=list(frame["wave"]))
    )
    axis = alt.Axis(format=",.0f" if grouping else ".0f", tickCount=6, grid=True, gridColor=GRID)
    x = alt.X("q1:Q", title=unit, axis=axis, scale=alt.Scale(zero=False))
    box = base.mark_bar(size=22, color=EARLIER, stroke=CURRENT, strokeWidth=1.5).encode(
        x=x, x2="q3:Q"
    )
    # The median in ink, longer than the box is high: visible against the box and the page.
    median = base.mark_tick(size=30, thickness=3, color=INK).encode(x="median:Q")
    layers = [box, median]
    if "min" in frame and frame["min"].notna().all():
        whisker = base.mark_rule(color=MUTED, strokeWidth=1.5).encode(x="min:Q", x2="max:Q")
        layers.insert(0, whisker)
    chart = alt.layer(*layers).properties(height=alt.Step(40))
    return render(chart, description, key)


def render(chart: Any, description: str, key: str) -> Chart:
    """The chart as accessible inline SVG: role img with its text alternative, ids under ``key``.

    Drawn once per content: the cache (``cache.py``) keys it by the full specification."""
    configured = config(chart)
    spec = configured.to_dict(validate=False)

    def draw() -> str:
        configured.to_dict()  # checked against the Vega-Lite schema before it is drawn
        return light(vl_convert.vegalite_to_svg(spec, format_locale=LOCALE))

    svg = chartcache.svg_for(spec, draw, locale=LOCALE, font=FONT)
    return Chart(_accessible(svg, description, f"chart-{key}"), description)


SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
_NOISE = re.compile(r'\s(?:role|aria-[a-z]+|class|pointer-events)="[^"]*"| opacity="1"')
_ATTRIBUTE = re.compile(r'="([^"]*)"')
_LONG_NUMBER = re.compile(r"(?<![\d.])(-?\d+\.\d{3,})")
_EMPTY_PATHS = {"", "M0,0h0v0h0Z"}


def light(svg: str) -> str:
    """Vega's SVG without what nobody sees: the classes, roles and pointer events of its
    scenegraph, invisible empty paths, empty groups and groups without attributes (their
    children move up), and coordinates rounded to 1/100 pixel (``304.49999999999994``).

    The picture is the same; the file is about a third smaller with 40 % fewer elements, which
    every HTML page that embeds it, the stored snapshots and the PDF's SVG reader pay for."""
    root = ElementTree.fromstring(_NOISE.sub("", svg))
    _prune(root)
    # Written without namespace prefixes (``ns0:svg``), whatever else registered one: plain
    # names, the SVG namespace as the root's default, ``xlink:`` where Vega links.
    linked = False
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
        for name in [n for n in element.attrib if n.startswith("{")]:
            space, _, local = name[1:].partition("}")
            linked |= space == XLINK_NAMESPACE
            prefix = "xlink:" if space == XLINK_NAMESPACE else ""
            element.set(prefix + local, element.attrib.pop(name))
    root.set("xmlns", SVG_NAMESPACE)
    if linked:
        root.set("xmlns:xlink", XLINK_NAMESPACE)
    text = ElementTree.tostring(root, encoding="unicode")
    # Only in attribute values (coordinates, paths): the labels' text stays as it is.
    return _ATTRIBUTE.sub(lambda m: '="' + _LONG_NUMBER.sub(_rounded, m.group(1)) + '"', text)


def _prune(parent: ElementTree.Element) -> None:
    for child in list(parent):
        _prune(child)
        tag = child.tag.rpartition("}")[2]
        empty_path = tag == "path" and (
            child.get("display") == "none" or child.get("d", "x") in _EMPTY_PATHS
        )
        empty_group = tag == "g" and len(child) == 0 and not (child.text or "").strip()
        if empty_path or empty_group:
            parent.remove(child)
    for child in list(parent):
        if child.tag.rpartition("}")[2] == "g" and child.attrib in (
            {},
            {"transform": "translate(0,0)"},
        ):
            at = list(parent).index(child)
            parent.remove(child)
            for offset, grandchild in enumerate(list(child)):
                parent.insert(at + offset, grandchild)


def _rounded(match: re.Match[str]) -> str:
    text = f"{round(float(match.group(1)), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


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
