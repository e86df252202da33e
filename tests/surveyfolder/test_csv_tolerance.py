"""responses.csv and organisations.csv as spreadsheets write them (contracts.md §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.minisurvey import make_minisurvey
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.csvio import parse_table
from umfrage.surveyfolder.organisations import parse_register
from umfrage.surveyfolder.survey import read_survey_folder

EXCEL_STYLE = (
    "organisation;submitted_at;status;bundesland;social_media;kanaele.insta;kanaele.sonstige;kanaele.other;partner\r\n"
    "B-1;2024-05-10T10:00:00+02:00;complete;BE;ja;1;0;Größere Reichweite;12,0\r\n"
)


@pytest.mark.parametrize(
    "data",
    [
        EXCEL_STYLE.encode("utf-8"),
        b"\xef\xbb\xbf" + EXCEL_STYLE.encode("utf-8"),
        EXCEL_STYLE.encode("cp1252"),
    ],
    ids=["utf8-semicolon-crlf", "utf8-bom", "windows-1252"],
)
def test_it_reads_what_a_german_excel_saves(tmp_path: Path, data: bytes) -> None:
    folder = make_minisurvey(tmp_path)
    (folder / "waves/2024/responses.csv").write_bytes(data)
    record = read_survey_folder(folder).waves["2024"].responses[0]  # type: ignore[index]
    assert record.answers == {
        "bundesland": "BE",
        "social_media": "ja",
        "kanaele": ["insta"],
        "kanaele.other": "Größere Reichweite",
        "partner": 12,
    }


def test_a_row_with_too_many_fields_names_its_line() -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_table(b"id,name\nA,Eins\nB,Zwei,zu viel\n", "organisations.csv")
    assert [str(p) for p in caught.value.problems] == [
        "organisations.csv:3: Die Zeile hat 3 Felder, die Kopfzeile 2. → Prüfen Sie Trennzeichen („,“) "
        "und Anführungszeichen in dieser Zeile."
    ]


def test_a_binary_file_is_refused_plainly() -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_table(b"PK\x03\x04\x00\x00binary", "antworten.csv")
    assert str(caught.value.problems[0]) == (
        "antworten.csv: Das ist keine CSV-Datei (Binärdaten). → Speichern Sie die Tabelle als CSV (UTF-8)."
    )


def test_register_rows_with_bad_ids_duplicates_and_addresses_are_all_reported() -> None:
    data = (
        "id,name,email\n"
        "A-1,Bündnis A,a@example.org\n"
        "A-1,Bündnis B,b@example.org\n"
        "C 3,Bündnis C,c@example\n"
        "D-4,,d@example.org\n"
    ).encode()
    with pytest.raises(ProblemsError) as caught:
        parse_register(data, "organisations.csv")
    assert [str(p) for p in caught.value.problems] == [
        "organisations.csv:3: Spalte A („id“): Die Kennung „A-1“ steht schon in Zeile 2. → Jede Organisation braucht eine eigene Kennung.",
        "organisations.csv:4: Spalte A („id“): „C 3“ ist keine gültige Kennung. → Verwenden Sie Buchstaben, Ziffern, Punkt, - und _ (höchstens 64 Zeichen).",
        "organisations.csv:4: Spalte C („email“): „c@example“ ist keine gültige E-Mail-Adresse. → Korrigieren Sie die Adresse (Form name@beispiel.de) oder lassen Sie die Zelle leer.",
        "organisations.csv:5: Spalte B („name“): Der Name fehlt. → Tragen Sie den Namen der Organisation ein.",
    ]


def test_a_register_without_required_columns_is_refused() -> None:
    with pytest.raises(ProblemsError) as caught:
        parse_register(b"kennung,name\nA,B\n", "organisations.csv")
    assert str(caught.value.problems[0]) == (
        "organisations.csv:1: Die Spalte „id“ fehlt. → Ergänzen Sie die Spalte „id“ in der Kopfzeile."
    )
