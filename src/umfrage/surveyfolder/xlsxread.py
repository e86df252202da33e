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

Used by the register upload (``invitations.register``) and by the response importers
(``importers.tabular``); each keeps its own messages about headers and values.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from umfrage import formatting as fmt
from umfrage.envconf import env_int
from umfrage.questionnaire.problems import Problem, ProblemsError

# Excel's own limits: nothing real lies beyond them.
EXCEL_ROWS = 1_048_576
# Parts of an .xlsx: a real workbook has a few dozen.
MAX_ENTRIES = 1_000
# XML compresses well, but not 200-fold in a part of more than 1 MB unless it was built to.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1_000_000
MB = 1_000_000


@dataclass(frozen=True)
class XlsxLimits:
    rows: int
    columns: int
    cells: int
    megabytes: int
    seconds: int

    @classmethod
    def from_env(cls) -> XlsxLimits:
        return cls(
            rows=env_int("UMFRAGE_XLSX_MAX_ROWS", 50_000),
            columns=env_int("UMFRAGE_XLSX_MAX_COLUMNS", 2_000),
            cells=env_int("UMFRAGE_XLSX_MAX_CELLS", 2_000_000),
            megabytes=env_int("UMFRAGE_XLSX_MAX_MB", 30),
            seconds=env_int("UMFRAGE_XLSX_MAX_SECONDS", 60),
        )


class UnreadableXlsx(Exception):
    """Not an Excel file openpyxl can open; the caller says so in its own words."""


def read_first_sheet(
    source: bytes | Path,
    name: str,
    limits: XlsxLimits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[list[Any]]:
    """The values of the first worksheet, row by row; ``rows[i]`` is sheet row ``i + 1``.

    Trailing empty cells of each row and trailing empty rows are dropped. Raises ProblemsError
    when a limit is exceeded and UnreadableXlsx when the file is not a readable workbook.
    """
    from openpyxl import load_workbook

    limits = limits or XlsxLimits.from_env()
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


def check_archive(source: Any, name: str, limits: XlsxLimits) -> None:
    """Refuse a zip with too many parts, too much declared content or a bomb-like part."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableXlsx(str(exc)) from None
    if len(members) > MAX_ENTRIES:
        raise _limit(
            name,
            f"Die Excel-Datei besteht aus {len(members)} Teilen; gelesen werden höchstens "
            f"{MAX_ENTRIES}.",
            "Kopieren Sie das benötigte Tabellenblatt in eine neue, leere Datei und laden Sie "
            "diese hoch.",
        )
    total = sum(member.file_size for member in members)
    if total > limits.megabytes * MB:
        raise _limit(
            name,
            f"Die Excel-Datei ist entpackt {_number(round(total / MB))} MB groß; gelesen werden "
            f"höchstens {_number(limits.megabytes)} MB (UMFRAGE_XLSX_MAX_MB).",
            _split(limits, "Teilen Sie die Datei in mehrere Dateien mit höchstens "),
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise _limit(
                name,
                f"Der Teil „{member.filename}“ der Excel-Datei ist ungewöhnlich stark gepackt "
                f"(1 : {round(ratio)}); so sehen absichtlich aufgeblähte Dateien aus.",
                "Öffnen Sie die Datei in Excel, speichern Sie sie neu und laden Sie sie "
                "erneut hoch.",
            )


def _rows(
    sheet: Any, name: str, limits: XlsxLimits, started: float, clock: Callable[[], float]
) -> list[list[Any]]:
    rows: list[list[Any]] = []
    empty_run = 0  # empty rows seen since the last row with values; added only if one follows
    cells = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(values)
        if number > EXCEL_ROWS:
            raise _limit(
                name,
                f"Das Tabellenblatt hat mehr als {_number(EXCEL_ROWS)} Zeilen, mehr als Excel "
                "selbst erlaubt.",
                "Öffnen Sie die Datei in Excel, speichern Sie sie neu und laden Sie sie "
                "erneut hoch.",
            )
        if cells > limits.cells:
            raise _limit(
                name,
                f"Die Tabelle hat mehr als {_number(limits.cells)} Zellen (bis Zeile "
                f"{_number(number)}, leere Zellen links der letzten Zelle mit Wert "
                "mitgezählt; UMFRAGE_XLSX_MAX_CELLS).",
                "Löschen Sie leere Zeilen und Spalten unter und rechts der Daten oder "
                + _split(limits, "teilen Sie die Datei in mehrere Dateien mit höchstens "),
            )
        if number % 1000 == 0 and clock() - started > limits.seconds:
            raise _limit(
                name,
                f"Das Lesen der Excel-Datei dauerte länger als {limits.seconds} Sekunden "
                f"(bis Zeile {_number(number)}; UMFRAGE_XLSX_MAX_SECONDS).",
                "Teilen Sie die Datei in mehrere Dateien mit höchstens "
                f"{_number(max(number - 1, 1))} Zeilen (jede mit der Kopfzeile) oder speichern "
                "Sie sie als CSV.",
            )
        row = list(values)
        while row and row[-1] in (None, ""):
            row.pop()
        if not row:
            empty_run += 1
            continue
        if number > limits.rows:
            raise _limit(
                name,
                f"Die Tabelle hat mehr als {_number(limits.rows)} Zeilen (Zeile "
                f"{_number(number)} hat Werte; UMFRAGE_XLSX_MAX_ROWS).",
                _split(limits, "Teilen Sie die Datei in mehrere Dateien mit höchstens "),
            )
        if len(row) > limits.columns:
            raise _limit(
                name,
                f"Zeile {_number(number)} hat Werte in mehr als {_number(limits.columns)} "
                "Spalten (UMFRAGE_XLSX_MAX_COLUMNS).",
                "Löschen Sie nicht benötigte Spalten oder teilen Sie die Datei in mehrere "
                f"Dateien mit höchstens {_number(limits.columns)} Spalten.",
            )
        rows.extend([] for _ in range(empty_run))
        empty_run = 0
        rows.append(row)
    return rows


def _split(limits: XlsxLimits, start: str) -> str:
    return f"{start}{_number(limits.rows - 1)} Zeilen (jede mit der Kopfzeile) und lesen Sie sie nacheinander ein."


def _limit(name: str, message: str, fix: str) -> ProblemsError:
    return ProblemsError([Problem(file=name, line=None, question=None, message=message, fix=fix)])


def _number(value: int) -> str:
    """German thousands separator: 50.000."""
    return fmt.number(value)
