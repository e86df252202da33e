"""The one reader of table files: a CSV file or the first sheet of an Excel file, as a Table.

Every feature that reads a table goes through :func:`read_table`: the register upload and
``umfrage invite import``, the response import (CSV and Excel, LimeSurvey's CSV export), and
the survey folder's ``organisations.csv`` and ``responses.csv``. So the same defect gets the same
words wherever it is found, naming file, line (or sheet row), column and the fix; the callers
check only what the values mean.

The policy (docs/importing.md, "Reading tables"):

* Excel when the name ends in ``.xlsx`` or ``.xlsm`` (read by the bounded ``xlsxread``),
  otherwise CSV. A CSV name with an Excel workbook inside is refused with the hint to rename it.
* Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode-Text"), otherwise
  Windows-1252 (which covers Latin-1's letters). A file that is UTF-8 up to a byte that is not,
  or has a byte Windows-1252 does not define, is refused with the line of that byte: guessing
  would turn umlauts into "Ã¼" without anyone noticing. Binary data (a NUL byte) is refused.
* Separator: whichever of ``,``, ``;`` and tab occurs most often in the first line (``,`` on a
  tie), quotes as Excel writes them.
* Line 1 holds the column names. Empty names at the end of the header are dropped (spreadsheets
  save them); an empty name before a named column, a name used twice and a missing required
  column are reported. Blank rows are skipped. A CSV row must have as many fields as the
  header; a value right of the last named column is reported.
* Limits (``tablelimits``): file size, rows, columns, cells, characters per cell and time, the
  same for both formats. A file past one is refused before or while it is read, never held
  whole beyond the size limit.

Nothing is returned unless the whole table is correct: all problems are raised together
(``ProblemsError``), the first ``UMFRAGE_IMPORT_PROBLEMS_SHOWN`` kept in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError, read_input
from umfrage.surveyfolder.tablelimits import (
    MB,
    TableLimits,
    number,
    refused,
    too_large,
    too_long,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    too_slow,
)
from umfrage.surveyfolder.xlsxread import UnreadableXlsx, read_first_sheet

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t")
SAVE_AS_UTF8 = (
    "Öffnen Sie die Datei in Ihrer Tabellenkalkulation und speichern Sie sie als „CSV UTF-8“."
)

Cell = Callable[[Any], str]
"""How a caller writes an Excel value as text (numbers, dates, true/false)."""


@dataclass(frozen=True)
class Table:
    """A table as its header and rows; ``lines[i]`` is the file line (sheet row) of ``rows[i]``."""

    file: str
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    encoding: str
    delimiter: str


def cell_text(value: Any) -> str:
    """An Excel value as text: empty for none, 17 not 17.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def is_excel(name: str) -> bool:
    return Path(name).suffix.lower() in EXCEL_SUFFIXES


def read_table(
    source: bytes | Path,
    name: str | None = None,
    *,
    required: Sequence[str] = (),
    cell: Cell = cell_text,
    excel: bool | None = None,
    limits: TableLimits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Table:
    """Read a CSV or Excel table (``excel`` defaults to the name's suffix); see above.

    ``source`` is the file's bytes (an upload) or its path; ``name`` is what messages call it.
    ``cell`` turns Excel values into text (CSV cells are text already).
    """
    limits = limits or TableLimits.from_env()
    display = name if name is not None else str(source) if isinstance(source, Path) else ""
    if excel is None:
        excel = is_excel(source.name if isinstance(source, Path) else display)
    if excel:
        return _from_sheet(source, display, required, cell, limits, clock)
    data = source if isinstance(source, bytes) else _read_bounded(source, display, limits)
    return _from_csv(data, display, required, limits, clock)


def _read_bounded(path: Path, name: str, limits: TableLimits) -> bytes:
    """A file's bytes, refused by its size before it is read."""
    check_size(path, name, limits)
    return read_input(path, name)


def check_size(path: Path, name: str, limits: TableLimits | None = None) -> None:
    """Refuse a CSV file past the size limit by what the file system says, before reading it."""
    limits = limits or TableLimits.from_env()
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will word a missing or unreadable file
    if size > limits.megabytes * MB:
        raise too_large(name, size, limits, unpacked=False)


# -- Excel -----------------------------------------------------------------------------------


def _from_sheet(
    source: bytes | Path,
    name: str,
    required: Sequence[str],
    cell: Cell,
    limits: TableLimits,
    clock: Callable[[], float],
) -> Table:
    try:
        values = read_first_sheet(source, name, limits, clock)
    except UnreadableXlsx:
        raise refused(
            name,
            None,
            "Die Excel-Datei ist nicht lesbar.",
            "Öffnen Sie sie in Excel und speichern Sie sie erneut als .xlsx (oder als CSV).",
        ) from None
    header = [cell(v) for v in values[0]] if values else []
    records = ((n, [cell(v) for v in row]) for n, row in enumerate(values[1:], start=2))
    return _assemble(
        name, header, records, required, limits, ProblemList(), fields=None, kind=("xlsx", "")
    )


# -- CSV -------------------------------------------------------------------------------------


def _from_csv(
    data: bytes,
    name: str,
    required: Sequence[str],
    limits: TableLimits,
    clock: Callable[[], float],
) -> Table:
    if len(data) > limits.megabytes * MB:
        raise too_large(name, len(data), limits, unpacked=False)
    if _is_workbook(data):
        raise refused(
            name,
            None,
            "Die Datei ist eine Excel-Datei, ihr Name endet aber nicht auf .xlsx.",
            "Benennen Sie die Datei in ….xlsx um oder speichern Sie sie als CSV.",
        )
    text, encoding = decode_strict(data, name)
    delimiter = sniff_delimiter(text)
    if limits.cell_chars >= csv.field_size_limit():
        csv.field_size_limit(limits.cell_chars + 1)  # so the limit below is ours, with a column
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems = ProblemList()
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise ProblemsError([_unreadable(name, 1, exc, limits)]) from None
    if _used(header) > limits.columns:
        raise too_many_columns(name, 1, limits)
    records = _csv_records(reader, name, len(header), limits, problems, clock)
    return _assemble(
        name,
        header,
        records,
        required,
        limits,
        problems,
        fields=len(header),
        kind=(encoding, delimiter),
    )


def _csv_records(
    reader: Any,
    name: str,
    fields: int,
    limits: TableLimits,
    problems: ProblemList,
    clock: Callable[[], float],
) -> Iterator[tuple[int, list[str]]]:
    """The records after the header with their line, within the limits (header counts too)."""
    started = clock()
    cells = fields
    count = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(_unreadable(name, reader.line_num, exc, limits))
            return
        count += 1
        cells += len(record)
        line = reader.line_num
        if cells > limits.cells:
            raise too_many_cells(name, line, limits)
        if count % 1000 == 0 and clock() - started > limits.seconds:
            raise too_slow(name, line, limits, excel=False)
        if any(value.strip() for value in record):
            if count > limits.rows:
                raise too_many_rows(name, line, limits)
            if _used(record) > limits.columns:
                raise too_many_columns(name, line, limits)
        yield line, record


def _used(record: list[str]) -> int:
    """Fields up to the last one with a value (as for an Excel row: trailing blanks ignored)."""
    used = len(record)
    while used and not record[used - 1].strip():
        used -= 1
    return used


def _is_workbook(data: bytes) -> bool:
    """Whether the bytes are an Excel workbook (a zip with an ``xl/`` folder)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(member.startswith("xl/") for member in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _unreadable(name: str, line: int, exc: csv.Error, limits: TableLimits) -> Problem:
    reason = str(exc)
    if "field larger than field limit" in reason:
        reason = (
            f"ein Wert ist länger als {number(limits.cell_chars)} Zeichen "
            "(UMFRAGE_TABLE_MAX_CELL_CHARS)"
        )
        fix = "Kürzen Sie den Eintrag oder prüfen Sie, ob ein Anführungszeichen nicht geschlossen wird."
    else:
        reason = _CSV_ERRORS.get(reason.split(" (")[0], reason)
        if "expected after" in reason:
            reason = "nach einem schließenden Anführungszeichen folgt kein Trennzeichen"
        fix = "Prüfen Sie die Anführungszeichen in dieser Zeile."
    what = "Die Kopfzeile" if line == 1 else "Die Zeile"
    return Problem(
        file=name, line=line, question=None, message=f"{what} ist nicht lesbar: {reason}.", fix=fix
    )


_CSV_ERRORS = {
    "unexpected end of data": "ein Anführungszeichen wird bis zum Dateiende nicht geschlossen",
    "new-line character seen in unquoted field": (
        "ein Zeilenumbruch steht in einem Feld ohne Anführungszeichen"
    ),
    "line contains NUL": "sie enthält Binärdaten",
}


# -- encoding and separator ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of (the start of) a file and its encoding, never refusing: to sniff a format."""
    return _decode(data, "", strict=False)


def decode_strict(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and its encoding; ProblemsError for binary or mixed-up bytes."""
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refused(
            name,
            None,
            "Das ist keine CSV-Datei (Binärdaten).",
            "Speichern Sie die Tabelle als CSV (UTF-8).",
        )
    return _decode(data, name, strict=True)


def _decode(data: bytes, name: str, *, strict: bool) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            if strict:
                raise refused(
                    name,
                    None,
                    "Die Datei beginnt wie UTF-16 (Unicode-Text), ist aber nicht durchgehend so "
                    "kodiert.",
                    SAVE_AS_UTF8,
                ) from None
            return data.decode("utf-16", errors="replace"), "utf-16"
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        if strict and (bom or not body[: exc.start].isascii()):
            # UTF-8 letters before the bad byte: the file mixes two encodings.
            raise _bad_byte(
                name,
                data,
                exc.start + (3 if bom else 0),
                "Die Zeichenkodierung ist gemischt: bis hier UTF-8, dann ein Byte (0x{byte:02X}), "
                "das in UTF-8 nicht vorkommt.",
            ) from None
    try:
        # Spreadsheets on German Windows save CP-1252; it maps every letter Latin-1 would.
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        if strict:
            raise _bad_byte(
                name,
                data,
                exc.start + (3 if bom else 0),
                "Die Zeichenkodierung ist nicht erkennbar: das Byte 0x{byte:02X} ist weder UTF-8 "
                "noch Windows-1252.",
            ) from None
        return body.decode("cp1252", errors="replace"), "cp1252"


def _bad_byte(name: str, data: bytes, position: int, message: str) -> ProblemsError:
    line = data.count(b"\n", 0, position) + 1
    return refused(name, line, message.format(byte=data[position]), SAVE_AS_UTF8)


def sniff_delimiter(text: str) -> str:
    """The separator of the first line: the most frequent of ``,``, ``;`` and tab."""
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=lambda d: (first.count(d), -DELIMITERS.index(d)))


# -- header and rows, the same for both formats ----------------------------------------------


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (A, B, …, AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_letter(header: Sequence[str], column: str) -> str:
    """The spreadsheet letter of a named column, to find it in Excel; ``?`` if absent."""
    try:
        return letter(list(header).index(column))
    except ValueError:
        return "?"


def missing_column(name: str, column: str) -> Problem:
    """A required column that is not in the header (also after a caller's renaming)."""
    return Problem(
        file=name,
        line=1,
        question=None,
        message=f"Die Spalte „{column}“ fehlt.",
        fix=f"Ergänzen Sie die Spalte „{column}“ in der Kopfzeile.",
    )


def _assemble(
    name: str,
    raw_header: list[str],
    records: Iterator[tuple[int, list[str]]],
    required: Sequence[str],
    limits: TableLimits,
    problems: ProblemList,
    *,
    fields: int | None,
    kind: tuple[str, str],
) -> Table:
    """Check the header, then every row; ``fields`` is the field count a CSV row must have."""
    header = [h.strip() for h in raw_header]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise refused(
            name,
            1,
            "Die Kopfzeile fehlt: Zeile 1 ist leer.",
            "Die erste Zeile muss die Spaltennamen enthalten.",
        )
    problems.extend(_header_problems(name, header, required))
    separator = "Tabulator" if kind[1] == "\t" else kind[1]
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for line, cells in records:
        if not any(value.strip() for value in cells):
            continue
        if fields is not None and len(cells) != fields:
            problems.append(
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message=f"Die Zeile hat {len(cells)} Felder, die Kopfzeile {fields}.",
                    fix=f"Prüfen Sie Trennzeichen („{separator}“) und Anführungszeichen in dieser Zeile.",
                )
            )
            continue
        beyond = next((i for i in range(len(header), len(cells)) if cells[i].strip()), None)
        if beyond is not None:
            problems.append(
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message="Die Zeile hat Werte in Spalten ohne Überschrift "
                    f"(ab Spalte {letter(beyond)}).",
                    fix="Geben Sie der Spalte in Zeile 1 einen Namen oder löschen Sie die Werte.",
                )
            )
            continue
        cells = cells[: len(header)] + [""] * (len(header) - len(cells))
        for index, value in enumerate(cells):
            if len(value) > limits.cell_chars:
                where = f"Spalte {letter(index)} („{header[index]}“)"
                problems.append(too_long(name, line, where, len(value), limits))
        rows.append(dict(zip(header, cells, strict=True)))
        lines.append(line)
    if problems:
        raise ProblemsError(problems)
    return Table(name, header, rows, lines, kind[0], kind[1])


def _header_problems(name: str, header: list[str], required: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, column in enumerate(header):
        if not column:
            problems.append(
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Spalte {letter(index)} hat keinen Namen.",
                    fix="Tragen Sie in Zeile 1 einen Spaltennamen ein oder löschen Sie die leere Spalte.",
                )
            )
        elif column in first:
            problems.append(
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Die Spalte „{column}“ kommt doppelt vor (Spalten "
                    f"{letter(first[column])} und {letter(index)}).",
                    fix="Jede Spalte darf nur einmal vorkommen; benennen Sie eine um oder "
                    "löschen Sie sie.",
                )
            )
        else:
            first[column] = index
    problems.extend(missing_column(name, column) for column in required if column not in first)
    return problems
