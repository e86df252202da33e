"""Coded categories in the report like a multiple choice: chart, findings, Kurzfassung, and the
example's 2024 report with its topics compared to 2023."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.test_text_comparison import (
    CODEBOOK_2023,
    CODEBOOK_2024,
    ROWS_2023,
    ROWS_2024,
    questionnaire,
    write,
)
from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.results import TextResult, WaveResult
from umfrage.cli.report import report_input
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types import TextQuestion
from umfrage.reporting.charts import text as text_chart
from umfrage.reporting.kurzfassung import build_kurzfassung
from umfrage.reporting.types import text as text_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def analysed(tmp_path: Path, *, publish: bool = False) -> tuple[WaveResult, Questionnaire]:
    _, q23 = questionnaire("2023", CODEBOOK_2023)
    _, q24 = questionnaire("2024", CODEBOOK_2024)
    write(tmp_path / "2023.csv", ROWS_2023)
    write(tmp_path / "2024.csv", ROWS_2024)
    result = analyse(
        read_wave_csv(tmp_path / "2024.csv", q24),
        compare=read_wave_csv(tmp_path / "2023.csv", q23),
        wave_order=("2023", "2024"),
        publish=publish,
        min_cell=5,
    )
    return result, q24


def test_the_kurzfassung_names_the_first_categories_with_2023(tmp_path: Path) -> None:
    result, q24 = analysed(tmp_path)
    summary = build_kurzfassung(result, q24, wave_title="Test 2024")
    text = " ".join(summary.body())
    assert "Am häufigsten genannt wird „Wohnen“: 50\xa0%. 2023 waren es etwa so viele." in text
    # Kita and Ganztag follow; 2024 split 2023's Kinderbetreuung (10 of 60 coded answers).
    assert "Es folgen „Kita“ (33\xa0%, 2023: 17\xa0%)" in text


def test_findings_and_chart_read_the_categories(tmp_path: Path) -> None:
    result, q24 = analysed(tmp_path)
    answer = result.question("themen")
    question = q24.question("themen")
    assert isinstance(answer, TextResult) and isinstance(question, TextQuestion)
    findings = text_report.findings(answer, question, result)
    assert findings and "„Wohnen“ am häufigsten genannt" in findings[0].text
    chart = text_chart.chart(answer, "2024", "2023")
    assert chart is not None
    spec = chart.spec if hasattr(chart, "spec") else chart
    assert "Wohnen" in str(spec) and "2023" in str(spec)


def test_an_uncoded_text_has_no_chart_findings_or_headline(tmp_path: Path) -> None:
    result, q24 = analysed(tmp_path)
    answer = result.question("themen")
    assert isinstance(answer, TextResult)
    bare = TextResult(
        id=answer.id,
        type="text",
        text=answer.text,
        base=answer.base,
        asked=answer.asked,
        not_asked=0,
        no_answer=0,
        small_base=False,
        answered=answer.answered,
    )
    question = q24.question("themen")
    assert isinstance(question, TextQuestion)
    assert text_chart.chart(bare, "2024") is None
    assert text_report.findings(bare, question, result) == []
    assert text_report.headlines(bare, question, result) == []


@pytest.mark.parametrize("public", [False, True])
def test_the_example_2024_report_compares_the_coded_topics_with_2023(public: bool) -> None:
    data = report_input(str(EXAMPLE), "2024", "2023", public=public)
    themen = data.result.question("themen_weitere")
    assert isinstance(themen, TextResult)
    assert themen.coded == 10 and themen.comparison is not None
    assert themen.comparison.wave == "2023" and themen.comparison.base == 52
    shown = [o for o in themen.comparison.options if not o.suppressed]
    if public:
        # Ten coded texts in 2024: every category with 1 … 4 of them is hidden, in the
        # comparison too.
        assert all((o.current_count or 0) == 0 or o.current_count >= 5 for o in shown)
        assert all(c.suppressed or c.count == 0 or c.count >= 5 for c in themen.categories or ())
    else:
        assert len(shown) == len(themen.comparison.options)
