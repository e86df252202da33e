"""Charts: one module per question type, all rendered offline to accessible SVG."""

from __future__ import annotations

import re
from typing import Any

from umfrage.reporting.charts import MODULES, chart_for
from umfrage.reporting.charts.style import PALETTE


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
    assert PALETTE[0].lower() in chart.svg.lower()


def test_axes_use_german_percent_labels(example_input: Any) -> None:
    chart = chart_for(_result(example_input, "themen"), "2024", "2023")
    assert chart is not None
    # The no-break space before %, as the text of the report writes it (umfrage.formatting).
    assert ">40\u00a0%<" in chart.svg and ">100\u00a0%<" in chart.svg


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


def test_free_text_has_no_chart(example_input: Any) -> None:
    assert chart_for(_result(example_input, "digital_hindernisse"), "2024") is None


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
