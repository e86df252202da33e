"""The limits every table file (CSV and Excel) is read within, and the words for passing one.

One set for both formats, whichever feature reads the file (register upload, response import,
survey folder): size, rows, columns, cells, cell length and time. The first five kept the names
they had when only Excel files were limited (``UMFRAGE_XLSX_MAX_*``); they apply to CSV files
too. Every message names the limit's setting and how to split the file (docs/settings.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from umfrage import formatting as fmt
from umfrage.envconf import env_int
from umfrage.questionnaire.base import LENGTH_CEILING
from umfrage.questionnaire.problems import Problem, ProblemsError

MB = 1_000_000
# The longest text answer a questionnaire may allow (max_length); a CSV cell may hold it (an
# Excel cell holds at most 32,767 characters anyway).
CELL_CHARS = LENGTH_CEILING


@dataclass(frozen=True)
class TableLimits:
    rows: int
    columns: int
    cells: int
    megabytes: int
    seconds: int
    cell_chars: int = CELL_CHARS

    @classmethod
    def from_env(cls) -> TableLimits:
        return cls(
            rows=env_int("UMFRAGE_XLSX_MAX_ROWS", 50_000),
            columns=env_int("UMFRAGE_XLSX_MAX_COLUMNS", 2_000),
            cells=env_int("UMFRAGE_XLSX_MAX_CELLS", 2_000_000),
            megabytes=env_int("UMFRAGE_XLSX_MAX_MB", 30),
            seconds=env_int("UMFRAGE_XLSX_MAX_SECONDS", 60),
            cell_chars=env_int("UMFRAGE_TABLE_MAX_CELL_CHARS", CELL_CHARS),
        )


def too_large(name: str, size: int, limits: TableLimits, *, unpacked: bool) -> ProblemsError:
    what = "Die Excel-Datei ist entpackt" if unpacked else "Die Datei ist"
    return refused(
        name,
        None,
        f"{what} {number(round(size / MB))} MB groß; gelesen werden höchstens "
        f"{number(limits.megabytes)} MB (UMFRAGE_XLSX_MAX_MB).",
        split(limits, "Teilen Sie die Datei in mehrere Dateien mit höchstens "),
    )


def too_many_rows(name: str, row: int, limits: TableLimits) -> ProblemsError:
    return refused(
        name,
        None,
        f"Die Tabelle hat mehr als {number(limits.rows)} Zeilen (Zeile {number(row)} hat Werte; "
        "UMFRAGE_XLSX_MAX_ROWS).",
        split(limits, "Teilen Sie die Datei in mehrere Dateien mit höchstens "),
    )


def too_many_columns(name: str, row: int, limits: TableLimits) -> ProblemsError:
    return refused(
        name,
        None,
        f"Zeile {number(row)} hat Werte in mehr als {number(limits.columns)} Spalten "
        "(UMFRAGE_XLSX_MAX_COLUMNS).",
        "Löschen Sie nicht benötigte Spalten oder teilen Sie die Datei in mehrere Dateien mit "
        f"höchstens {number(limits.columns)} Spalten.",
    )


def too_many_cells(name: str, row: int, limits: TableLimits) -> ProblemsError:
    return refused(
        name,
        None,
        f"Die Tabelle hat mehr als {number(limits.cells)} Zellen (bis Zeile {number(row)}, "
        "leere Zellen links der letzten Zelle mit Wert mitgezählt; UMFRAGE_XLSX_MAX_CELLS).",
        "Löschen Sie leere Zeilen und Spalten unter und rechts der Daten oder "
        + split(limits, "teilen Sie die Datei in mehrere Dateien mit höchstens "),
    )


def too_slow(name: str, row: int, limits: TableLimits, *, excel: bool) -> ProblemsError:
    what = "der Excel-Datei" if excel else "der Datei"
    return refused(
        name,
        None,
        f"Das Lesen {what} dauerte länger als {limits.seconds} Sekunden "
        f"(bis Zeile {number(row)}; UMFRAGE_XLSX_MAX_SECONDS).",
        "Teilen Sie die Datei in mehrere Dateien mit höchstens "
        f"{number(max(row - 1, 1))} Zeilen (jede mit der Kopfzeile) oder speichern "
        "Sie sie als CSV.",
    )


def too_long(name: str, line: int, where: str, length: int, limits: TableLimits) -> Problem:
    """A cell longer than the limit; ``where`` names the column (``Spalte C („name“)``)."""
    return Problem(
        file=name,
        line=line,
        question=None,
        message=f"{where}: Der Wert ist {number(length)} Zeichen lang, gelesen werden höchstens "
        f"{number(limits.cell_chars)} (UMFRAGE_TABLE_MAX_CELL_CHARS).",
        fix="Kürzen Sie den Eintrag.",
    )


def split(limits: TableLimits, start: str) -> str:
    return (
        f"{start}{number(limits.rows - 1)} Zeilen (jede mit der Kopfzeile) und lesen Sie sie "
        "nacheinander ein."
    )


def refused(name: str, line: int | None, message: str, fix: str) -> ProblemsError:
    return ProblemsError([Problem(file=name, line=line, question=None, message=message, fix=fix)])


def number(value: int) -> str:
    """German thousands separator: 50.000."""
    return fmt.number(value)
