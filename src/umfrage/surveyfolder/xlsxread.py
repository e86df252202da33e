"""The one bounded way to read the first worksheet of an Excel file (.xlsx).

An .xlsx file is a zip of XML files, and both can lie: a 1.5 KB file may claim the dimension
``A1:XFD1048576`` (openpyxl's read-only mode then pads every row to 16,384 cells and fills in a
million rows), and a 715 KB zip may expand to 245 MB of XML. So, before openpyxl parses anything,
the zip's directory is checked (number of parts, each part's declared size, the total and the
compression ratio; Python's zipfile never returns more than the declared size of a part). Then the
sheet is read row by row with the claimed dimension thrown away, and reading stops at the first
row past the row limit, the first row with values past the column limit, once too many cells were
read, or when the time budget is spent. Every limit is a setting (docs/settings.md); the message
names the limit and how to split the file.

Used by the one table reader (``surveyfolder.tables``), which words headers and rows the same
for every caller; the limits and their messages are shared with CSV files (``tablelimits``).
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.tablelimits import (
    MB,
    TableLimits,
    number,
    refused,
    too_large,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    too_slow,
)

# Excel's own limits: nothing real lies beyond them.
EXCEL_ROWS = 1_048_576
# Parts of an .xlsx: a real workbook has a few dozen.
MAX_ENTRIES = 1_000
# XML compresses well, but not 200-fold in a part of more than 1 MB unless it was built to.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1_000_000

# The limits are those of every table file (tablelimits); the old name stays for callers.
XlsxLimits = TableLimits


class UnreadableXlsx(Exception):
    """Not an Excel file openpyxl can open; the caller says so in its own words."""


def read_first_sheet(
    source: bytes | Path,
    name: str,
    limits: TableLimits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[list[Any]]:
    """The values of the first worksheet, row by row; ``rows[i]`` is sheet row ``i + 1``.

    Trailing empty cells of each row and trailing empty rows are dropped. Raises ProblemsError
    when a limit is exceeded and UnreadableXlsx when the file is not a readable workbook.
    """
    from openpyxl import load_workbook

    limits = limits or TableLimits.from_env()
    started = clock()
    opened: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    check_archive(opened, name, limits)
    if isinstance(opened, io.BytesIO):
        opened.seek(0)
    try:
        book = load_workbook(opened, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise UnreadableXlsx(str(exc)) from None
    try:
        if not book.worksheets:
            raise UnreadableXlsx("keine Tabellenblätter")
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # never trust the <dimension> the file claims
        return _rows(sheet, name, limits, started, clock)
    except (ProblemsError, UnreadableXlsx):
        raise
    except Exception as exc:  # a damaged sheet XML
        raise UnreadableXlsx(str(exc)) from None
    finally:
        book.close()


def check_archive(source: Any, name: str, limits: TableLimits) -> None:
    """Refuse a zip with too many parts, too much declared content or a bomb-like part."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableXlsx(str(exc)) from None
    if len(members) > MAX_ENTRIES:
        raise refused(
            name,
            None,
            f"Die Excel-Datei besteht aus {len(members)} Teilen; gelesen werden höchstens "
            f"{MAX_ENTRIES}.",
            "Kopieren Sie das benötigte Tabellenblatt in eine neue, leere Datei und laden Sie "
            "diese hoch.",
        )
    total = sum(member.file_size for member in members)
    if total > limits.megabytes * MB:
        raise too_large(name, total, limits, unpacked=True)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise refused(
                name,
                None,
                f"Der Teil „{member.filename}“ der Excel-Datei ist ungewöhnlich stark gepackt "
                f"(1 : {round(ratio)}); so sehen absichtlich aufgeblähte Dateien aus.",
                "Öffnen Sie die Datei in Excel, speichern Sie sie neu und laden Sie sie "
                "erneut hoch.",
            )


def _rows(
    sheet: Any, name: str, limits: TableLimits, started: float, clock: Callable[[], float]
) -> list[list[Any]]:
    rows: list[list[Any]] = []
    empty_run = 0  # empty rows seen since the last row with values; added only if one follows
    cells = 0
    for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(values)
        if row_number > EXCEL_ROWS:
            raise refused(
                name,
                None,
                f"Das Tabellenblatt hat mehr als {number(EXCEL_ROWS)} Zeilen, mehr als Excel "
                "selbst erlaubt.",
                "Öffnen Sie die Datei in Excel, speichern Sie sie neu und laden Sie sie "
                "erneut hoch.",
            )
        if cells > limits.cells:
            raise too_many_cells(name, row_number, limits)
        if row_number % 1000 == 0 and clock() - started > limits.seconds:
            raise too_slow(name, row_number, limits, excel=True)
        row = list(values)
        while row and row[-1] in (None, ""):
            row.pop()
        if not row:
            empty_run += 1
            continue
        if row_number > limits.rows:
            raise too_many_rows(name, row_number, limits)
        if len(row) > limits.columns:
            raise too_many_columns(name, row_number, limits)
        rows.extend([] for _ in range(empty_run))
        empty_run = 0
        rows.append(row)
    return rows
