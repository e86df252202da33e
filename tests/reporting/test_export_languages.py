"""The exports' codebook carries every language of the questionnaire (issue 21): additive
columns in the codebook (CSV, Excel) and a ``translations`` entry per variable in JSON."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from tests.collect.multilingual import QUESTIONNAIRE
from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.reporting.exports import codebookcsv, xlsx
from umfrage.reporting.exports import json as json_export
from umfrage.reporting.exports.codebook import HEADER, codebook, header
from umfrage.reporting.exports.dataset import build_dataset
from umfrage.surveyfolder.responses import ResponseRecord


def _dataset(text: str = QUESTIONNAIRE) -> object:
    questionnaire = questionnaire_from_text(text, "q.yaml")
    record = ResponseRecord(
        organisation="b1",
        submitted_at=None,
        status="partial",
        answers={"koordination": "kommune", "themen": ["kita"]},
    )
    return build_dataset(
        survey="test",
        survey_title="Test",
        wave="2030",
        wave_title="Test 2030",
        synthetic=True,
        questionnaire=questionnaire,
        records=[record],
    )


def test_codebook_has_columns_per_further_language() -> None:
    dataset = _dataset()
    columns = header(dataset)  # type: ignore[arg-type]
    assert columns[: len(HEADER)] == HEADER
    assert columns[len(HEADER) :] == (
        "Beschriftung (Englisch, en)",
        "Werte (Englisch, en)",
        "Beschriftung (Leichte Sprache, de-x-ls)",
        "Werte (Leichte Sprache, de-x-ls)",
        "Beschriftung (Arabisch, ar)",
        "Werte (Arabisch, ar)",
    )
    rows = {row.name: row.as_tuple() for row in codebook(dataset)}  # type: ignore[arg-type]
    single = dict(zip(columns, rows["koordination"], strict=True))
    assert single["Frage"] == "koordination"
    assert "Wo ist die Koordination" in single["Beschriftung"]
    assert single["Beschriftung (Englisch, en)"] == "Where is your alliance coordinated?"
    assert "kommune: Local authority" in single["Werte (Englisch, en)"]
    assert "kommune: الإدارة المحلية" in single["Werte (Arabisch, ar)"]
    assert "kommune: Kommunale Verwaltung" in single["Werte (Zahl = Code: Beschriftung)"]
    # Metadata columns have no question; their labels stay German in every language.
    assert rows["status"][len(HEADER)] == rows["status"][4]


def test_files_carry_the_languages(tmp_path: Path) -> None:
    dataset = _dataset()
    codebookcsv.write(dataset, tmp_path / "c.csv")  # type: ignore[arg-type]
    text = (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    first = next(csv.reader(text.splitlines(), delimiter=";"))
    assert "Beschriftung (Arabisch, ar)" in first
    assert "Which topics do you work on?" in text
    document = json_export.document(dataset)  # type: ignore[arg-type]
    themen = next(v for v in document["variables"] if v["name"] == "themen.kita")
    assert "Childcare" in themen["translations"]["en"]["label"]
    xlsx.write(dataset, tmp_path / "d.xlsx")  # type: ignore[arg-type]
    book = load_workbook(tmp_path / "d.xlsx", read_only=True)
    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert "Beschriftung (Leichte Sprache, de-x-ls)" in found


def test_a_german_only_questionnaire_keeps_the_codebook_as_it_was() -> None:
    dataset = _dataset(
        "wave: w\ntitle: T\nsections:\n  - id: a\n    title: A\n    questions:\n"
        "      - {id: q, type: text, text: Frage}\n"
    )
    assert header(dataset) == HEADER  # type: ignore[arg-type]
    assert "translations" not in json_export.document(dataset)["variables"][0]  # type: ignore[arg-type]
