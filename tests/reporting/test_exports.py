"""Exports of a wave's responses with labels: CSV, Excel, SPSS, Stata, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pyreadstat
import pytest

from tests.minisurvey import make_minisurvey
from umfrage.reporting.exports import FORMATS, dataset_from_folder, export
from umfrage.reporting.exports.codebook import codebook
from umfrage.reporting.exports.names import spss_names, stata_names
from umfrage.reporting.exports.xlsx import neutralise
from umfrage.surveyfolder.responses import read_responses_csv
from umfrage.surveyfolder.survey import read_survey_folder

INJECTED = '=HYPERLINK("http://example.invalid","klick")'

# The mini survey plus a matrix, a ranking and a free text whose answers try formulas.
Q2024_MORE = """\
      - id: zufriedenheit
        type: matrix
        text: Wie zufrieden sind Sie?
        items: [{code: newsletter, label: Newsletter}, {code: webinare, label: Webinare}]
        scale:
          - {code: 1, label: sehr zufrieden}
          - {code: 2, label: zufrieden}
          - {code: 9, label: nicht genutzt, exclude_from_base: true}
      - id: wichtigste
        type: ranking
        text: Was ist am wichtigsten?
        top: 2
        options: [{code: geld, label: Geld}, {code: zeit, label: Zeit}, {code: leute, label: Leute}]
      - id: wunsch
        type: text
        text: Was wünschen Sie sich?
"""

R2024 = f"""\
organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,partner,zufriedenheit.newsletter,zufriedenheit.webinare,wichtigste.geld,wichtigste.zeit,wichtigste.leute,wunsch
B-1,2024-05-10T10:00:00+02:00,complete,BE,ja,1,1,"@Threads, Bluesky",12,1,9,2,1,,"{INJECTED.replace('"', '""')}"
B-2,2024-05-12T09:15:00+02:00,complete,BE,planung,,,,3,2,,1,,,-weniger Bürokratie
H-2,,partial,HH,,,,,,,,,,,
"""


@pytest.fixture
def survey(tmp_path: Path):  # type: ignore[no-untyped-def]
    from tests.minisurvey import Q2024

    folder = make_minisurvey(
        tmp_path,
        {"waves/2024/questionnaire.yaml": Q2024 + Q2024_MORE, "waves/2024/responses.csv": R2024},
    )
    return read_survey_folder(folder)


def test_the_csv_export_is_the_contract_file_and_reads_back_identically(
    survey, tmp_path: Path
) -> None:
    out = export(dataset_from_folder(survey, "2024"), "csv", tmp_path / "out" / "antworten.csv")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("organisation,submitted_at,status,bundesland,")
    back = read_responses_csv(out, survey.questionnaire("2024"))
    assert back.records == survey.waves["2024"].responses


def test_the_spss_file_reads_back_with_identical_values_and_labels(survey, tmp_path: Path) -> None:
    dataset = dataset_from_folder(survey, "2024")
    out = export(dataset, "sav", tmp_path / "antworten.sav")
    frame, meta = pyreadstat.read_sav(str(out))

    assert meta.column_names == [spss_names(dataset.columns)[c] for c in dataset.columns]
    assert meta.column_names[:8] == [
        "organisation",
        "submitted_at",
        "status",
        "bundesland",
        "social_media",
        "kanaele.insta",
        "kanaele.sonstige",
        "kanaele.other",
    ]
    assert meta.column_labels == [v.label for v in dataset.variables]
    assert meta.variable_value_labels["social_media"] == {
        1.0: "Ja",
        2.0: "In Planung",
        3.0: "Nein",
    }
    # Scales whose codes are numbers keep them: 9 stays 9 ("nicht genutzt").
    assert meta.variable_value_labels["zufriedenheit.webinare"] == {
        1.0: "sehr zufrieden",
        2.0: "zufrieden",
        9.0: "nicht genutzt",
    }
    assert meta.variable_value_labels["kanaele.insta"] == {0.0: "nicht gewählt", 1.0: "gewählt"}
    rows = dataset.typed_rows()
    for index, column in enumerate(meta.column_names):
        written = frame[column].tolist()
        wanted = [row[index] for row in rows]
        if frame[column].dtype == object:
            assert written == [w if w is not None else "" for w in wanted], column
        else:
            assert [None if x != x else x for x in written] == wanted, column  # NaN is missing
    assert frame["social_media"].tolist()[:2] == [1.0, 2.0]
    assert frame["wunsch"].tolist()[0] == INJECTED


def test_the_stata_file_has_legal_names_mapped_in_the_codebook(survey, tmp_path: Path) -> None:
    dataset = dataset_from_folder(survey, "2024")
    out = export(dataset, "dta", tmp_path / "antworten.dta")
    frame, meta = pyreadstat.read_dta(str(out))
    names = stata_names(dataset.columns)
    assert meta.column_names == [names[c] for c in dataset.columns]
    assert "kanaele_insta" in meta.column_names
    assert all("." not in n and len(n) <= 32 for n in meta.column_names)
    assert meta.variable_value_labels["social_media"] == {1: "Ja", 2: "In Planung", 3: "Nein"}
    assert frame["partner"].tolist()[:2] == [12.0, 3.0]
    rows = {row.name: row for row in codebook(dataset)}
    assert rows["kanaele.insta"].stata == "kanaele_insta"
    assert rows["kanaele.insta"].spss == "kanaele.insta"


def test_stata_names_are_cut_and_kept_unique_deterministically() -> None:
    columns = [
        "digital_unterstuetzung_schulungen_und_webinare.a",
        "digital_unterstuetzung_schulungen_und_webinare.b",
        "in",
        "str12",
        "9lives",
    ]
    names = stata_names(columns)
    assert names == stata_names(columns)
    assert (
        names["digital_unterstuetzung_schulungen_und_webinare.a"] == "digital_unterstuetzung_schul"
    )
    assert names["digital_unterstuetzung_schulungen_und_webinare.b"].endswith("_2")
    assert len(set(names.values())) == len(columns)
    assert names["in"] == "in_"
    assert names["str12"] == "str12_"
    assert names["9lives"] == "v_9lives"
    assert spss_names(["by", "a_"]) == {"by": "by_x", "a_": "a_x"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 123", "'+49 30 123"),
        ("-weniger", "'-weniger"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("harmlos = ja", "harmlos = ja"),
        (-5, -5),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_the_excel_file_has_data_codebook_and_no_formula(survey, tmp_path: Path) -> None:
    out = export(dataset_from_folder(survey, "2024"), "xlsx", tmp_path / "antworten.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Hinweise", "Daten", "Codebuch"]
    assert "synthetisch" in str(book["Hinweise"]["A2"].value)
    data = book["Daten"]
    header = [c.value for c in data[1]]
    row = dict(zip(header, (c.value for c in data[2]), strict=True))
    assert row["wunsch"] == "'" + INJECTED
    assert row["kanaele.other"] == "'@Threads, Bluesky"
    assert row["partner"] == 12
    assert row["kanaele.insta"] == 1
    assert row["social_media"] == "ja"
    every_cell = [c for sheet in book for r in sheet.iter_rows() for c in r]
    assert not [c.coordinate for c in every_cell if c.data_type == "f"]
    codebook_rows = [[c.value for c in r] for r in book["Codebuch"].iter_rows()]
    assert codebook_rows[0][0] == "Variable (CSV)"
    social = next(r for r in codebook_rows if r[0] == "social_media")
    assert social[6] == "1 = ja: Ja; 2 = planung: In Planung; 3 = nein: Nein"


def test_the_json_export_carries_codebook_and_responses(survey, tmp_path: Path) -> None:
    out = export(dataset_from_folder(survey, "2024"), "json", tmp_path / "antworten.json")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["synthetic"] is True
    assert document["n"] == 3
    first = document["responses"][0]
    assert first["social_media"] == "ja"
    assert first["partner"] == 12
    assert first["wichtigste.zeit"] == 1
    assert first["zufriedenheit.webinare"] == "9"
    social = next(v for v in document["variables"] if v["name"] == "social_media")
    assert social["values"][1] == {"value": 2, "code": "planung", "label": "In Planung"}


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_every_format_writes_a_whole_file_or_leaves_the_old_one(
    format_name: str, survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exporte" / f"antworten.{format_name}"
    dataset = dataset_from_folder(survey, "2024")
    export(dataset, format_name, out)
    before = out.read_bytes()
    assert before

    def half_then_fail(_dataset: object, path: Path) -> None:
        path.write_bytes(b"halb")
        raise OSError("Datenträger voll")

    monkeypatch.setattr(FORMATS[format_name], "write", half_then_fail)
    with pytest.raises(OSError):
        export(dataset, format_name, out)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_an_unknown_wave_is_a_plain_problem(survey) -> None:
    from umfrage.questionnaire.problems import ProblemsError

    with pytest.raises(ProblemsError, match="Die Welle „2030“ gibt es nicht"):
        dataset_from_folder(survey, "2030")


def test_texts_a_format_cannot_hold_are_cut_and_said_so_never_silently(tmp_path: Path) -> None:
    from tests.minisurvey import Q2024
    from umfrage.reporting.exports.frame import CUT_MARK

    longest = "ä" * 40_000  # 40,000 characters, 80,000 bytes: too long for SPSS and Excel
    long = "ö" * 20_000  # 40,000 bytes: too long for SPSS only
    questionnaire = Q2024 + Q2024_MORE.replace(
        "text: Was wünschen Sie sich?\n",
        "text: Was wünschen Sie sich?\n        max_length: 100000\n",
    )
    responses = R2024.replace(f'"{INJECTED.replace(chr(34), chr(34) * 2)}"', longest).replace(
        "-weniger Bürokratie", long
    )
    folder = make_minisurvey(
        tmp_path,
        {"waves/2024/questionnaire.yaml": questionnaire, "waves/2024/responses.csv": responses},
    )
    dataset = dataset_from_folder(read_survey_folder(folder), "2024")
    whole = "vollständig in der CSV-Ausgabe (umfrage export --format csv, antworten.csv)"

    frame, meta = pyreadstat.read_sav(str(export(dataset, "sav", tmp_path / "a.sav")))
    names = spss_names(dataset.columns)
    assert meta.column_names == [names[c] for c in dataset.columns]  # no stray variables
    assert frame["wunsch"].tolist()[:2] == ["ä" * 16_383, "ö" * 16_383]  # 32,766 bytes each
    assert meta.column_names_to_labels["wunsch"] == "Was wünschen Sie sich?" + CUT_MARK
    assert all(len(line.encode()) <= 80 for line in meta.notes)  # SPSS's document lines
    assert " ".join(meta.notes) == (
        f"SPSS: In der Variable „wunsch“ sind 2 Texte länger als 32.767 Bytes und dort gekürzt; "
        f"{whole}."
    )

    frame, meta = pyreadstat.read_dta(str(export(dataset, "dta", tmp_path / "a.dta")))
    assert frame["wunsch"].tolist()[:2] == [longest, long]  # strL: whole

    book = openpyxl.load_workbook(export(dataset, "xlsx", tmp_path / "a.xlsx"))
    header = [c.value for c in book["Daten"][1]]
    cells = [c.value for c in book["Daten"][2]]
    assert cells[header.index("wunsch")] == "ä" * 32_767
    notes = [r[0].value for r in book["Hinweise"].iter_rows()]
    assert (
        f"Excel: In der Variable „wunsch“ ist 1 Text länger als 32.767 Zeichen und dort gekürzt; "
        f"{whole}." in notes
    )
    rows = {r[0].value: [c.value for c in r] for r in book["Codebuch"].iter_rows()}
    assert rows["Variable (CSV)"][7] == "Hinweis"
    assert rows["wunsch"][7] == (
        f"SPSS: 2 Texte über 32.767 Bytes gekürzt; Excel: 1 Text über 32.767 Zeichen gekürzt; "
        f"{whole}."
    )
    assert rows["kanaele.other"][7] is None

    export(dataset, "csv", tmp_path / "a.csv")
    records = read_responses_csv(
        tmp_path / "a.csv", read_survey_folder(folder).waves["2024"].questionnaire
    )
    assert [r.answers.get("wunsch") for r in records.records][:2] == [longest, long]


def test_the_excel_csv_has_labels_german_times_and_decimal_commas(survey, tmp_path: Path) -> None:
    """What German Excel shows on a double-click: one column per variable, answer labels, local
    time, decimal commas, inert formulas; the codebook maps every header back."""
    import csv
    from dataclasses import replace

    from umfrage.reporting.exports.dataset import columns_of

    dataset = dataset_from_folder(survey, "2024")
    partner = dataset.columns.index("partner")
    submitted = dataset.columns.index("submitted_at")
    first = list(dataset.cells[0])
    first[partner], first[submitted] = "2.5", "2024-05-10T08:00:00+00:00"
    rows = [tuple(first), *dataset.cells[1:]]
    dataset = replace(dataset, data=columns_of(rows, len(dataset.columns)))
    out = export(dataset, "excel-csv", tmp_path / "antworten-excel.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    header = rows[0]
    assert header[dataset.columns.index("bundesland")] == (
        f"{dataset.variables[dataset.columns.index('bundesland')].label} [bundesland]"
    )
    b1 = dict(zip(dataset.columns, rows[1], strict=True))
    assert b1["submitted_at"] == "10.05.2024, 10:00"  # 08:00 UTC is 10:00 in Berlin in May
    assert b1["status"] == "vollständig"
    assert b1["bundesland"] == "Berlin" and b1["social_media"] == "Ja"
    assert b1["kanaele.insta"] == "gewählt"
    assert b1["partner"] == "2,5"
    assert b1["zufriedenheit.webinare"] == "nicht genutzt"
    assert b1["wunsch"] == neutralise(INJECTED)
    assert dict(zip(dataset.columns, rows[2], strict=True))["kanaele.insta"] == ""

    book = export(dataset, "codebook-csv", tmp_path / "codebuch.csv")
    codebook_rows = list(csv.reader(book.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert [row[0] for row in codebook_rows[1 : len(header) + 1]] == [
        h.removesuffix(" – SYNTHETISCHE DATEN (erfunden)") for h in header
    ]
    assert header[0].endswith("SYNTHETISCHE DATEN (erfunden)") == dataset.synthetic
    assert [row[1] for row in codebook_rows[1 : len(header) + 1]] == list(dataset.columns)
