"""The bounded Excel reader: limits checked before and while reading, never the claimed size.

The issue (item 11): a 1.5 KB file claiming A1:XFD1048576 kept a worker busy for 60 s and took
2.9 GB; a small zip expanding to 245 MB of XML ran for more than 90 s. Memory is bounded with
tracemalloc or the
guard's address-space limit (generous); its time limit only keeps a regression from hanging.
"""

from __future__ import annotations

import tracemalloc

import pytest

from tests.hostile.guards import bounded
from tests.hostile.xlsxfiles import far_right_cells, lying_dimension, workbook, zip_bomb
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.xlsxread import XlsxLimits, read_first_sheet

MB = 1024 * 1024
LIMITS = XlsxLimits(rows=50_000, columns=2_000, cells=2_000_000, megabytes=30, seconds=60)


def refused(data: bytes, limits: XlsxLimits = LIMITS) -> str:
    with pytest.raises(ProblemsError) as caught:
        read_first_sheet(data, "tabelle.xlsx", limits)
    [problem] = caught.value.problems
    return f"{problem.message} → {problem.fix}"


def test_a_claimed_dimension_of_the_whole_sheet_is_not_trusted() -> None:
    data = lying_dimension([["id", "name"], ["b1", "Bündnis A"], [None, None], ["b2", None, None]])
    assert len(data) < 6000
    # Memory and time are bounded by the guard (tracemalloc would slow the million empty rows
    # openpyxl yields before XFD1048576 down twentyfold).
    with bounded(seconds=30, extra_megabytes=200):
        rows = read_first_sheet(data, "tabelle.xlsx", LIMITS)
    assert rows == [["id", "name"], ["b1", "Bündnis A"], [], ["b2"]]


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_parsing() -> None:
    data = zip_bomb([["id"], ["b1"]])
    assert len(data) < 200_000
    tracemalloc.start()
    try:
        message = refused(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith(
        "Die Excel-Datei ist entpackt 40 MB groß; gelesen werden höchstens 30 MB "
        "(UMFRAGE_XLSX_MAX_MB). → "
    )
    assert "Teilen Sie die Datei in mehrere Dateien mit höchstens 49.999 Zeilen" in message
    assert peak < 10 * MB


def test_a_part_packed_like_a_bomb_is_refused_even_under_the_size_limit() -> None:
    limits = XlsxLimits(rows=50_000, columns=2_000, cells=2_000_000, megabytes=100, seconds=60)
    message = refused(zip_bomb([["id"], ["b1"]], megabytes=5), limits)
    assert message.startswith(
        "Der Teil „xl/worksheets/sheet1.xml“ der Excel-Datei ist ungewöhnlich stark gepackt"
    )


def test_rows_past_the_limit_name_the_limit_and_how_to_split() -> None:
    limits = XlsxLimits(rows=3, columns=2_000, cells=2_000_000, megabytes=30, seconds=60)
    rows: list[list[object]] = [["id"], ["b1"], ["b2"], ["b3"]]
    assert read_first_sheet(workbook(rows[:3]), "t.xlsx", limits) == rows[:3]
    assert refused(workbook(rows), limits) == (
        "Die Tabelle hat mehr als 3 Zeilen (Zeile 4 hat Werte; UMFRAGE_XLSX_MAX_ROWS). → "
        "Teilen Sie die Datei in mehrere Dateien mit höchstens 2 Zeilen (jede mit der "
        "Kopfzeile) und lesen Sie sie nacheinander ein."
    )


def test_a_value_past_the_column_limit_is_refused() -> None:
    assert refused(far_right_cells(2, value="x")) == (
        "Zeile 1 hat Werte in mehr als 2.000 Spalten (UMFRAGE_XLSX_MAX_COLUMNS). → "
        "Löschen Sie nicht benötigte Spalten oder teilen Sie die Datei in mehrere Dateien "
        "mit höchstens 2.000 Spalten."
    )


def test_empty_cells_far_right_count_against_the_cell_limit() -> None:
    message = refused(far_right_cells(200))
    assert message.startswith("Die Tabelle hat mehr als 2.000.000 Zellen (bis Zeile 123,")


def test_the_time_budget_stops_reading() -> None:
    ticks = iter(range(0, 10_000, 10))
    limits = XlsxLimits(rows=50_000, columns=2_000, cells=2_000_000, megabytes=30, seconds=5)
    data = workbook([["id"]] + [[f"b{n}"] for n in range(2500)])
    with pytest.raises(ProblemsError) as caught:
        read_first_sheet(data, "t.xlsx", limits, clock=lambda: next(ticks))
    assert caught.value.problems[0].message == (
        "Das Lesen der Excel-Datei dauerte länger als 5 Sekunden (bis Zeile 1.000; "
        "UMFRAGE_XLSX_MAX_SECONDS)."
    )
