"""One table reader: the same defect gets the same words from every feature that reads a table.

The callers are the register upload (and ``umfrage invite import``), the response import and
the survey folder's organisations.csv and responses.csv; each is given the same broken CSV or
Excel file and must refuse it with the same problem (line, message, fix), never a traceback.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from umfrage.importers import plan_responses
from umfrage.importers.mapping import Mapping
from umfrage.invitations.register import parse_register_file, read_register_file
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.organisations import read_register
from umfrage.surveyfolder.responses import read_responses_csv
from umfrage.surveyfolder.tables import read_table

QUESTIONNAIRE = """\
wave: "2024"
title: Synthetische Testumfrage
sections:
  - id: A
    title: Teil A
    questions:
      - id: bundesland
        type: single
        text: Bundesland?
        options: [{code: BE, label: Berlin}, {code: HH, label: Hamburg}]
"""

Caller = Callable[[bytes, str, Path], object]


def questionnaire() -> Questionnaire:
    return parse_questionnaire(*parse_yaml(QUESTIONNAIRE, "questionnaire.yaml"))


def _file(data: bytes, name: str, folder: Path) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


CALLERS: dict[str, Caller] = {
    "register upload": lambda data, name, folder: parse_register_file(data, name),
    "register command": lambda data, name, folder: read_register_file(
        _file(data, name, folder), name
    ),
    "response import": lambda data, name, folder: plan_responses(
        _file(data, name, folder), questionnaire(), mapping=Mapping(), organisations=None
    ),
}
# The survey folder holds CSV files only.
FOLDER_CALLERS: dict[str, Caller] = {
    "organisations.csv": lambda data, name, folder: read_register(_file(data, name, folder), name),
    "responses.csv": lambda data, name, folder: read_responses_csv(
        _file(data, name, folder), questionnaire(), display=name
    ),
}


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusals(callers: dict[str, Caller], data: bytes, name: str, tmp_path: Path) -> dict:
    """Each caller's problems as (line, message, fix); every caller must refuse the file."""
    found = {}
    for number, (caller, read) in enumerate(callers.items()):
        folder = tmp_path / str(number)
        folder.mkdir(parents=True)
        with pytest.raises(ProblemsError) as caught:
            read(data, name, folder)
        found[caller] = [(p.line, p.message, p.fix) for p in caught.value.problems]
    return found


def same_everywhere(found: dict) -> list:
    first = next(iter(found.values()))
    assert all(problems == first for problems in found.values()), found
    return first


HEADER = ["id", "name", "bundesland"]
SPLIT = "Teilen Sie die Datei in mehrere Dateien mit höchstens 2 Zeilen (jede mit der Kopfzeile) und lesen Sie sie nacheinander ein."
SAVE_AS_UTF8 = (
    "Öffnen Sie die Datei in Ihrer Tabellenkalkulation und speichern Sie sie als „CSV UTF-8“."
)

# Defect → (CSV text or bytes, Excel rows or bytes, settings, the one expected problem list).
DEFECTS: dict[str, tuple[bytes | None, bytes | None, dict[str, str], list]] = {
    "duplicate header": (
        b"id,name,id\nb1,A,b1\n",
        xlsx([["id", "name", "id"], ["b1", "A", "b1"]]),
        {},
        [
            (
                1,
                "Die Spalte „id“ kommt doppelt vor (Spalten A und C).",
                "Jede Spalte darf nur einmal vorkommen; benennen Sie eine um oder löschen Sie sie.",
            )
        ],
    ),
    "unnamed column": (
        b"id,,name\nb1,x,A\n",
        xlsx([["id", None, "name"], ["b1", "x", "A"]]),
        {},
        [
            (
                1,
                "Spalte B hat keinen Namen.",
                "Tragen Sie in Zeile 1 einen Spaltennamen ein oder löschen Sie die leere Spalte.",
            )
        ],
    ),
    "no header": (
        b"\n\nb1,A\n",
        xlsx([[None], ["b1", "A"]]),
        {},
        [
            (
                1,
                "Die Kopfzeile fehlt: Zeile 1 ist leer.",
                "Die erste Zeile muss die Spaltennamen enthalten.",
            )
        ],
    ),
    "value right of the header": (
        b"id,name,\nb1,A,\nb2,B,zu viel\n",
        xlsx([["id", "name"], ["b1", "A"], ["b2", "B", "zu viel"]]),
        {},
        [
            (
                3,
                "Die Zeile hat Werte in Spalten ohne Überschrift (ab Spalte C).",
                "Geben Sie der Spalte in Zeile 1 einen Namen oder löschen Sie die Werte.",
            )
        ],
    ),
    "over-long cell": (
        b"id,name\nb1,Elf Zeichen\n",
        xlsx([["id", "name"], ["b1", "Elf Zeichen"]]),
        {"UMFRAGE_TABLE_MAX_CELL_CHARS": "10"},
        [
            (
                2,
                "Spalte B („name“): Der Wert ist 11 Zeichen lang, gelesen werden höchstens 10 "
                "(UMFRAGE_TABLE_MAX_CELL_CHARS).",
                "Kürzen Sie den Eintrag.",
            )
        ],
    ),
    "too many rows": (
        b"id,name\nb1,A\nb2,B\nb3,C\n",
        xlsx([["id", "name"], ["b1", "A"], ["b2", "B"], ["b3", "C"]]),
        {"UMFRAGE_XLSX_MAX_ROWS": "3"},
        [
            (
                None,
                "Die Tabelle hat mehr als 3 Zeilen (Zeile 4 hat Werte; UMFRAGE_XLSX_MAX_ROWS).",
                SPLIT,
            )
        ],
    ),
    "too many columns": (
        b"id,name,bundesland\nb1,A,BE\n",
        xlsx([HEADER, ["b1", "A", "BE"]]),
        {"UMFRAGE_XLSX_MAX_COLUMNS": "2"},
        [
            (
                None,
                "Zeile 1 hat Werte in mehr als 2 Spalten (UMFRAGE_XLSX_MAX_COLUMNS).",
                "Löschen Sie nicht benötigte Spalten oder teilen Sie die Datei in mehrere "
                "Dateien mit höchstens 2 Spalten.",
            )
        ],
    ),
    "too many cells": (
        b"id,name\nb1,A\nb2,B\n",
        xlsx([["id", "name"], ["b1", "A"], ["b2", "B"]]),
        {"UMFRAGE_XLSX_MAX_CELLS": "5"},
        [
            (
                None,
                "Die Tabelle hat mehr als 5 Zellen (bis Zeile 3, leere Zellen links der letzten "
                "Zelle mit Wert mitgezählt; UMFRAGE_XLSX_MAX_CELLS).",
                "Löschen Sie leere Zeilen und Spalten unter und rechts der Daten oder teilen Sie "
                "die Datei in mehrere Dateien mit höchstens 49.999 Zeilen (jede mit der "
                "Kopfzeile) und lesen Sie sie nacheinander ein.",
            )
        ],
    ),
}

CSV_ONLY: dict[str, tuple[bytes, list]] = {
    "binary data": (
        b"\x00\x01\x02binary\x00",
        [
            (
                None,
                "Das ist keine CSV-Datei (Binärdaten).",
                "Speichern Sie die Tabelle als CSV (UTF-8).",
            )
        ],
    ),
    "mixed encoding": (
        "id,name\nb1,Grün\n".encode() + "b2,Grün\n".encode("cp1252"),
        [
            (
                3,
                "Die Zeichenkodierung ist gemischt: bis hier UTF-8, dann ein Byte (0xFC), das in "
                "UTF-8 nicht vorkommt.",
                SAVE_AS_UTF8,
            )
        ],
    ),
    "byte of no encoding": (
        b"id,name\nb1,A\nb2,\x81\n",
        [
            (
                3,
                "Die Zeichenkodierung ist nicht erkennbar: das Byte 0x81 ist weder UTF-8 noch "
                "Windows-1252.",
                SAVE_AS_UTF8,
            )
        ],
    ),
    "ragged row": (
        b"id;name\nb1;A\nb2;B;C\n",
        [
            (
                3,
                "Die Zeile hat 3 Felder, die Kopfzeile 2.",
                "Prüfen Sie Trennzeichen („;“) und Anführungszeichen in dieser Zeile.",
            )
        ],
    ),
    "unclosed quote": (
        b'id,name\nb1,"A\n',
        [
            (
                2,
                "Die Zeile ist nicht lesbar: ein Anführungszeichen wird bis zum Dateiende nicht "
                "geschlossen.",
                "Prüfen Sie die Anführungszeichen in dieser Zeile.",
            )
        ],
    ),
    "an Excel file named .csv": (
        xlsx([["id", "name"], ["b1", "A"]]),
        [
            (
                None,
                "Die Datei ist eine Excel-Datei, ihr Name endet aber nicht auf .xlsx.",
                "Benennen Sie die Datei in ….xlsx um oder speichern Sie sie als CSV.",
            )
        ],
    ),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_a_csv_defect_gets_the_same_words_from_every_reader(
    defect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _, settings, expected = DEFECTS[defect]
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    assert data is not None
    found = refusals({**CALLERS, **FOLDER_CALLERS}, data, "tabelle.csv", tmp_path)
    assert same_everywhere(found) == expected


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_an_excel_defect_gets_the_same_words_from_every_reader(
    defect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, data, settings, expected = DEFECTS[defect]
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    assert data is not None
    found = refusals(CALLERS, data, "tabelle.xlsx", tmp_path)
    assert same_everywhere(found) == expected


@pytest.mark.parametrize("defect", list(CSV_ONLY))
def test_a_csv_only_defect_gets_the_same_words_from_every_reader(
    defect: str, tmp_path: Path
) -> None:
    data, expected = CSV_ONLY[defect]
    found = refusals({**CALLERS, **FOLDER_CALLERS}, data, "tabelle.csv", tmp_path)
    assert same_everywhere(found) == expected


def test_an_unreadable_excel_file_gets_the_same_words_from_every_reader(tmp_path: Path) -> None:
    found = refusals(CALLERS, b"PK\x03\x04 kein Excel", "tabelle.xlsx", tmp_path)
    assert same_everywhere(found) == [
        (
            None,
            "Die Excel-Datei ist nicht lesbar.",
            "Öffnen Sie sie in Excel und speichern Sie sie erneut als .xlsx (oder als CSV).",
        )
    ]


def test_a_file_past_the_size_limit_is_refused_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_XLSX_MAX_MB", "1")
    data = b"id,name\n" + b"".join(b"b%d,%s\n" % (n, b"x" * 90) for n in range(12_000))
    found = refusals({**CALLERS, **FOLDER_CALLERS}, data, "tabelle.csv", tmp_path)
    assert same_everywhere(found) == [
        (
            None,
            "Die Datei ist 1 MB groß; gelesen werden höchstens 1 MB (UMFRAGE_XLSX_MAX_MB).",
            "Teilen Sie die Datei in mehrere Dateien mit höchstens 49.999 Zeilen (jede mit der "
            "Kopfzeile) und lesen Sie sie nacheinander ein.",
        )
    ]


def test_a_missing_required_column_is_worded_alike(tmp_path: Path) -> None:
    """The register needs id and name, responses.csv its three meta columns: same words."""
    expected = [(1, "Die Spalte „id“ fehlt.", "Ergänzen Sie die Spalte „id“ in der Kopfzeile.")]
    register = {k: v for k, v in {**CALLERS, **FOLDER_CALLERS}.items() if "response" not in k}
    csv_found = refusals(register, b"kennung_alt,name\nb1,A\n", "tabelle.csv", tmp_path / "c")
    assert same_everywhere(csv_found) == expected
    xlsx_found = refusals(
        {k: v for k, v in CALLERS.items() if "response" not in k},
        xlsx([["kennung_alt", "name"], ["b1", "A"]]),
        "tabelle.xlsx",
        tmp_path / "x",
    )
    assert same_everywhere(xlsx_found) == expected
    with pytest.raises(ProblemsError) as caught:
        FOLDER_CALLERS["responses.csv"](
            b"organisation,submitted_at,bundesland\nb1,,BE\n", "responses.csv", tmp_path
        )
    assert [(p.line, p.message, p.fix) for p in caught.value.problems] == [
        (1, "Die Spalte „status“ fehlt.", "Ergänzen Sie die Spalte „status“ in der Kopfzeile.")
    ]


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        ("id;name\nb1;Grün\n".encode("utf-16"), "utf-16", ";"),
        ("id\tname\nb1\tGrün\n".encode("utf-16"), "utf-16", "\t"),
        ("\ufeffid,name\nb1,Grün\n".encode(), "utf-8-sig", ","),
        ("id;name\nb1;Grün\n".encode("cp1252"), "cp1252", ";"),
    ],
    ids=["utf16-semicolon", "excel-unicode-text", "utf8-bom", "windows-1252"],
)
def test_every_reader_decodes_alike(data: bytes, encoding: str, delimiter: str) -> None:
    table = read_table(data, "tabelle.csv")
    assert (table.encoding, table.delimiter, table.rows) == (
        encoding,
        delimiter,
        [{"id": "b1", "name": "Grün"}],
    )
    assert parse_register_file(data, "tabelle.csv").register.organisations[0].name == "Grün"


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_XLSX_MAX_MB", "1")
    path = tmp_path / "riesig.csv"
    with path.open("wb") as handle:
        handle.truncate(5 * 10**9)  # sparse: 5 GB claimed, nothing on disk
    reads: list[Path] = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or b"")
    readers: list[Callable[[], object]] = [
        lambda: read_table(path, "riesig.csv"),
        lambda: read_register_file(path),
        lambda: read_register(path),
        lambda: read_responses_csv(path, questionnaire()),
        lambda: plan_responses(path, questionnaire(), mapping=Mapping(), organisations=None),
    ]
    for read in readers:
        with pytest.raises(ProblemsError, match=r"Die Datei ist 5\.000 MB groß"):
            read()
    assert reads == []
