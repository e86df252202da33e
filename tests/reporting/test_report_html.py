"""The HTML report: self-contained, accessible structure, public and internal versions."""

from __future__ import annotations

import itertools
import re
from typing import Any

from syrupy.assertion import SnapshotAssertion

from tests.reporting.snapshots import HTMLSnapshot
from umfrage.reporting.html import render_html
from umfrage.reporting.report import build_report


def test_the_mini_report_matches_its_reviewed_snapshot(
    mini_report: Any, snapshot: SnapshotAssertion
) -> None:
    assert render_html(mini_report) == snapshot.use_extension(HTMLSnapshot)


def test_it_needs_nothing_from_outside(mini_report: Any) -> None:
    html = render_html(mini_report)
    assert "<script" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert not re.search(r'(src|href)="(?!#)', html)
    assert not re.search(r"url\((?!#)", html)


def test_every_chart_is_an_image_with_a_text_alternative_and_a_data_table(
    mini_report: Any,
) -> None:
    html = render_html(mini_report)
    figures = re.findall(r"<figure class=\"chart\">.*?</figure>", html, re.S)
    assert len(figures) == 4  # bundesland, social_media, kanaele, partner (a distribution)
    for figure in figures:
        assert re.search(r'<svg role="img" aria-label="[^"]+"', figure)
        assert "<figcaption>" in figure
    assert html.count("<table>") >= len(figures)


def test_tables_have_captions_and_header_cells(mini_report: Any) -> None:
    html = render_html(mini_report)
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert tables
    for table in tables:
        assert re.search(r'<caption id="tabelle-[a-z_]+-\d+">', table)
        assert '<th scope="col">' in table
        assert '<th scope="row">' in table


def test_headings_form_an_outline(mini_report: Any) -> None:
    html = render_html(mini_report)
    levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_it_says_when_the_data_is_synthetic(mini_report: Any) -> None:
    html = render_html(mini_report)
    assert "<strong>Synthetische Daten:</strong>" in html


def test_the_internal_report_shows_free_texts_and_the_public_one_does_not(
    mini_report: Any, mini_public_report: Any
) -> None:
    assert "Threads, Bluesky" in render_html(mini_report)
    public = render_html(mini_public_report)
    assert "Bluesky" not in public
    assert "öffentliche Fassung" in public


def test_the_method_names_field_period_invited_and_response_rate(mini_report: Any) -> None:
    html = render_html(mini_report)
    assert "<dt>Feldzeit</dt><dd>6.\u00a0Mai bis 28.\u00a0Juni 2024</dd>" in html
    assert "<dt>Eingeladen</dt><dd>4 (Zahl der Organisationen im Register" in html
    assert "<dt>Rücklaufquote</dt><dd>75,0\u00a0% (" in html
    assert "exakten Test nach Fisher" in html


def test_the_example_report_has_a_section_per_part_and_a_stacked_matrix(
    example_input: Any,
) -> None:
    html = render_html(build_report(example_input))
    titles = re.findall(r'<h2 id="teil-[A-Z]-titel">([^<]+)</h2>', html)
    assert titles == [
        "Ihr Bündnis",
        "Digitalisierung",
        "Bündnispartner:innen und Kund:innen",
        "Prioritäten für die kommenden drei Jahre",
        "Wichtige Themen",
        "Unterstützung durch das Servicebüro",
    ]
    assert "Gestapeltes Balkendiagramm zu „Wie zufrieden sind Sie" in html
    assert '<h2 id="kurzfassung-titel">Kurzfassung</h2>' in html


def test_free_texts_are_capped_so_the_report_does_not_grow_with_the_responses(
    mini_report: Any,
) -> None:
    from dataclasses import replace

    from umfrage.reporting.report import FREE_TEXT_LIMIT

    texts = tuple(f"Antwort {i}" for i in range(FREE_TEXT_LIMIT + 50))
    data = replace(
        mini_report.input,
        free_texts={"kanaele": texts},
        free_text_totals={"kanaele": 5000},
    )
    html = render_html(build_report(data))
    assert f"Antwort {FREE_TEXT_LIMIT - 1}<" in html
    assert f"Antwort {FREE_TEXT_LIMIT}<" not in html
    assert "Gezeigt werden die ersten 200 von 5.000 Antworten" in html


def test_the_founding_year_is_written_as_a_year_with_its_spread_and_interval(
    example_input: Any,
) -> None:
    html = render_html(build_report(example_input))
    section = html[html.index("In welchem Jahr wurde Ihr Bündnis gegründet?") :]
    table = section[: section.index("</table>")]
    mean = re.search(r"Mittelwert</th><td>([^<]+)</td>", table)
    assert mean is not None and re.fullmatch(r"(19|20)\d\d,\d", mean.group(1))
    assert "Unteres Quartil" in table and "Konfidenzintervall des Mittelwerts" in table
