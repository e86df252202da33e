"""Coded free-text categories in the report: a table in both reports, texts only internally."""

from __future__ import annotations

from pathlib import Path

from tests.reporting.coded_texts import make_coded_survey
from umfrage.cli.report import report_input
from umfrage.reporting.html import render_html
from umfrage.reporting.report import build_report
from umfrage.reporting.tables import question_tables


def _html(folder: Path, *, public: bool) -> str:
    return render_html(build_report(report_input(str(folder), "2024", None, public=public)))


def test_the_category_table_reads_the_coded_figures(tmp_path: Path) -> None:
    folder = make_coded_survey(tmp_path)
    data = report_input(str(folder), "2024", None, public=False)
    result = data.result.question("hindernisse")
    (table,) = question_tables(result, "2024")
    assert table.header[0] == "Kategorie"
    assert "Basis 5 codierte Antworten" in table.title
    assert [row[:3] for row in table.rows] == [
        ("Fehlende Zeit", 5, 1.0),
        ("Technische Ausstattung", 1, 0.2),
        ("Sonstiges", 1, 0.2),
    ]


def test_the_internal_report_shows_categories_and_texts_but_no_codes_as_text(
    tmp_path: Path,
) -> None:
    html = _html(make_coded_survey(tmp_path), public=False)
    assert "Kategorien der Antworten, Basis 5 codierte Antworten" in html
    assert "6 Antworten, davon 5 codiert" in html
    assert "Alte Laptops und keine Zeit" in html
    # The codes column holds codes, not respondents' words: it is not listed as a text.
    assert "<li>zeit;technik</li>" not in html and "<li>zeit</li>" not in html


def test_the_public_report_shows_categories_but_never_the_free_texts(tmp_path: Path) -> None:
    folder = make_coded_survey(tmp_path)
    html = _html(folder, public=True)
    assert "Kategorien der Antworten, Basis 5 codierte Antworten" in html
    assert "Fehlende Zeit" in html
    for text in ("Keine Zeit für Pflege der Kanäle", "Alte Laptops", "Das Rathaus verbietet es"):
        assert text not in html
    assert "Die Antworten im Wortlaut erscheinen nur im internen Bericht." in html
    # Small cells are hidden: one alliance named "Technische Ausstattung".
    published = report_input(str(folder), "2024", None, public=True).result
    categories = published.question("hindernisse").categories
    assert [(c.code, c.count, c.suppressed) for c in categories] == [
        ("zeit", 5, False),
        ("technik", None, True),
        ("sonstiges", None, True),
    ]
