"""Charts: one module per question type, all rendered offline to accessible SVG."""

from __future__ import annotations

import html
import re
from typing import Any

from umfrage.analysis.types.text import as_choice
from umfrage.reporting.charts import MODULES, chart_for, style
from umfrage.reporting.charts.style import CHART_WIDTH, CURRENT
from umfrage.reporting.tables import current_label


def _result(example_input: Any, qid: str) -> Any:
    return example_input.result.question(qid)


def test_every_question_type_has_a_chart_module() -> None:
    from umfrage.questionnaire.types import QUESTION_TYPES

    assert set(MODULES) == set(QUESTION_TYPES)


def test_a_compared_single_choice_shows_both_waves_side_by_side(example_input: Any) -> None:
    chart = chart_for(_result(example_input, "social_media"), "2024", "2023")
    assert chart is not None
    assert chart.svg.startswith('<svg role="img" aria-label="Balkendiagramm zu „Hat Ihr Bündnis')
    assert "Welle 2024 (Basis 80), im Vergleich mit 2023 (Basis 230)" in chart.description
    # Recoded to the earlier wave's codes: "Nein" holds 2024's "nein" and "planung".
    assert ">Nein<" in chart.svg and ">Nein, aber in Planung<" not in chart.svg
    assert ">2023<" in chart.svg and ">2024<" in chart.svg
    assert CURRENT.lower() in chart.svg.lower()


def test_axes_use_german_percent_labels(example_input: Any) -> None:
    chart = chart_for(_result(example_input, "themen"), "2024", "2023")
    assert chart is not None
    # The no-break space before %, as the text of the report writes it (umfrage.formatting).
    # The largest share is 63 %: the axis ends at 70 %, not at 100 %.
    assert ">40\u00a0%<" in chart.svg and ">70\u00a0%<" in chart.svg
    assert ">100\u00a0%<" not in chart.svg


def test_matrix_and_ranking_and_number_have_their_own_chart(example_input: Any) -> None:
    matrix = chart_for(_result(example_input, "zufriedenheit"), "2024")
    ranking = chart_for(_result(example_input, "partner_wichtigste"), "2024")
    number = chart_for(_result(example_input, "anzahl_partner"), "2024")
    assert matrix is not None and ranking is not None and number is not None
    assert matrix.description.startswith("Gestapeltes Balkendiagramm")
    assert ">sehr zufrieden<" in matrix.svg and ">nicht genutzt<" not in matrix.svg
    assert ranking.description.startswith("Geordnetes Balkendiagramm")
    labels = re.findall(r">(Kommunale Verwaltung|Vereine|Sonstige)<", ranking.svg)
    assert labels == ["Kommunale Verwaltung", "Vereine", "Sonstige"]
    assert number.description.startswith("Verteilungsdiagramm")


def test_free_text_has_a_chart_only_of_its_coded_categories(example_input: Any) -> None:
    assert chart_for(_result(example_input, "wunsch_unterstuetzung"), "2024") is None  # not coded
    coded = chart_for(_result(example_input, "digital_hindernisse"), "2024")
    assert coded is not None
    categories = _result(example_input, "digital_hindernisse").categories
    assert any(f">{c.label}<" in coded.svg for c in categories if c.share is not None)


def test_charts_carry_no_screen_reader_noise_and_no_shared_ids(example_input: Any) -> None:
    svgs = [
        c.svg
        for q in example_input.result.questions
        if (c := chart_for(q, "2024", "2023")) is not None
    ]
    for svg in svgs:
        assert svg.count("role=") == 1
        assert "aria-roledescription" not in svg
    ids = [i for svg in svgs for i in re.findall(r'id="([^"]+)"', svg)]
    assert len(ids) == len(set(ids))
    assert not [
        svg
        for svg in svgs
        if "http://"
        in svg.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
        )
    ]


def test_a_chart_with_hidden_cells_says_so(example_input: Any) -> None:
    from dataclasses import replace

    result = _result(example_input, "social_media_kanaele")
    first = replace(result.options[0], count=None, share=None, ci=None, suppressed=True)
    hidden = replace(result, options=(first, *result.options[1:]))
    chart = chart_for(hidden, "2024")
    assert chart is not None
    assert chart.description.endswith("Zu kleine Zellen sind ausgeblendet und fehlen im Diagramm.")
    assert f">{result.options[0].label}<" not in chart.svg


# ---- a chart a reader can use (issue 19, item 7) ---------------------------------------------


def _example_charts(example_input: Any) -> list[tuple[Any, Any]]:
    """Every chart of the example with the table it draws (a coded free text's categories are
    drawn as a multiple choice, analysis.types.text.as_choice)."""
    return [
        (as_choice(q) if q.type == "text" else q, c)
        for q in example_input.result.questions
        if (c := chart_for(q, "2024", "2023")) is not None
    ]


def _texts(svg: str) -> list[str]:
    """Every text of the SVG as read: the lines (tspans) of one label joined by a space."""
    texts = []
    for inner in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S):
        lines = re.findall(r"<tspan[^>]*>(.*?)</tspan>", inner) or [inner]
        texts.append(html.unescape(" ".join(lines)).replace("\u00a0", " "))
    return texts


def _labels(result: Any) -> list[str]:
    if result.type == "matrix":
        items = [i.label for i in result.items]
        options = [o.label for i in result.items for o in i.options if not o.excluded_from_base]
        return items + options
    if result.comparison is not None and result.comparison.options:
        # Compared: in the earlier wave's codes (recodes), as the chart draws them.
        return [current_label(result, o) for o in result.comparison.options]
    return [
        o.label
        for o in result.options
        if not getattr(o, "excluded_from_base", False) and getattr(o, "share", 0) is not None
    ]


def test_every_label_is_drawn_whole_over_as_many_lines_as_it_needs(example_input: Any) -> None:
    wrapped = 0
    for question, chart in _example_charts(example_input):
        if question.type == "number":
            continue
        texts = _texts(chart.svg)
        for label in _labels(question):
            assert label in texts, (question.id, label)
        assert "…" not in chart.svg, question.id
        wrapped += chart.svg.count("<tspan")
    # The long labels of the example (e.g. "Nicht-traditionelle Familien (z. B. …)") are wrapped.
    assert wrapped > 10


def _axis_top(svg: str) -> float:
    shares = [int(t) for t in re.findall(r">(\d+)\u00a0%<", svg)]
    return max(shares) / 100


def test_a_share_axis_ends_a_little_above_the_largest_share() -> None:
    rows = [
        {"label": "Ja", "wave": "2024", "share": 0.17},
        {"label": "Nein", "wave": "2024", "share": 0.11},
    ]
    chart = style.bars(rows, "Balkendiagramm zu „Test“.", key="test")
    assert _axis_top(chart.svg) == 0.2
    assert ">0\u00a0%<" in chart.svg  # shares start at 0
    assert style.share_scale([0.17]) == (0.2, 0.05)
    assert style.share_scale([0.42, None]) == (0.5, 0.1)
    assert style.share_scale([0.42, float("nan")]) == (0.5, 0.1)  # a hidden share in a frame
    assert style.share_scale([0.5]) == (0.6, 0.1)
    assert style.share_scale([0.88]) == (1.0, 0.2)
    assert style.share_scale([0.03]) == (0.04, 0.02)


def test_every_example_share_axis_fits_its_data(example_input: Any) -> None:
    for question, chart in _example_charts(example_input):
        if question.type in ("number", "matrix"):
            continue
        values = [
            v
            for o in (question.comparison.options if question.comparison else question.options)
            for v in (
                (o.current_share, o.share)
                if question.comparison
                else (getattr(o, "top", None) if question.type == "ranking" else o.share,)
            )
            if v is not None
        ]
        top = _axis_top(chart.svg)
        assert max(values) < top <= max(values) + 0.2, question.id
        if max(values) <= 0.17:
            assert top <= 0.25, question.id


def _pdf_body_px() -> float:
    from umfrage.reporting.pdf import BODY_PT

    return BODY_PT * 96 / 72


def _pdf_text_width_px() -> float:
    from umfrage.reporting.pdf import MARGIN_X_CM

    return (21.0 - 2 * MARGIN_X_CM) / 2.54 * 96


def test_chart_text_is_at_least_the_pdf_body_text_and_never_shrunk(example_input: Any) -> None:
    from umfrage.reporting.pdf import pdf_source
    from umfrage.reporting.report import build_report

    body = _pdf_body_px()  # 10 pt = 13.3 px
    width = _pdf_text_width_px()
    for question, chart in _example_charts(example_input):
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', chart.svg)]
        assert sizes and min(sizes) >= body, question.id
        svg_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', chart.svg).group(1))
        # Not wider than the PDF's text: the PDF draws it at its own size.
        assert svg_width <= width, question.id
    # The PDF places every chart at its own width in points (1 px = 0.75 pt), never scaled.
    source = pdf_source(build_report(example_input))
    placed = re.findall(r'format: "svg", width: ([\d.]+)pt', source)
    assert placed and {float(w) for w in placed} == {CHART_WIDTH * 0.75}
    assert "height:" not in "".join(re.findall(r'format: "svg",[^)]*\)', source))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_pass_wcag_contrast_against_the_background(example_input: Any) -> None:
    assert round(contrast("#FFFFFF", "#000000"), 1) == 21.0
    assert round(contrast("#767676", "#FFFFFF"), 2) == 4.54
    seen: set[str] = set()
    for question, chart in _example_charts(example_input):
        background = re.search(r'<svg[^>]*>\s*<rect[^>]* fill="(#[0-9A-Fa-f]{6})"', chart.svg)
        assert background is not None
        page = background.group(1)
        for tag in re.findall(r"<text[^>]*>", chart.svg):
            fill = re.search(r'fill="(#[0-9A-Fa-f]{6})"', tag)
            assert fill is not None and contrast(fill.group(1), page) >= 4.5, (question.id, tag)
        for tag in re.findall(r"<path[^>]*>", chart.svg):
            if "background" in tag:
                continue
            for kind, colour in re.findall(r'(fill|stroke)="(#[0-9A-Fa-f]{6})"', tag):
                if colour.upper() in (page.upper(), style.GRID):
                    continue  # white gaps between bars; grid lines only help to read off
                seen.add(colour.upper())
                assert contrast(colour, page) >= 3, (question.id, kind, colour)
    # The example draws both waves, the ordered scale of the matrix and the number's box.
    assert {style.CURRENT, style.EARLIER, *style.ORDERED} <= seen
