"""Reading the CSV that people and spreadsheets produce, and writing one canonical form.

Accepted: UTF-8 (with or without BOM), Windows-1252 / Latin-1, `,` or `;` as separator.
Written: UTF-8 without BOM, `,`, `\\n` line ends, minimal quoting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError, read_input


@dataclass(frozen=True)
class Table:
    """A CSV file as its header and rows; ``lines[i]`` is the file line of ``rows[i]``."""

    file: str
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[3:]  # a BOM before bytes that are not UTF-8: read them as CP-1252
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Spreadsheets on German Windows save CP-1252; it maps every byte Latin-1 would.
        return data.decode("cp1252", errors="replace"), "cp1252"


def read_table(path: Path, display: str | None = None, *, required: Sequence[str] = ()) -> Table:
    """Read a CSV file with a header row; ProblemsError names file, line and column."""
    name = display or str(path)
    data = read_input(path, name)
    return parse_table(data, name, required=required)


def parse_table(data: bytes, name: str, *, required: Sequence[str] = ()) -> Table:
    if b"\x00" in data[:4096]:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message="Das ist keine CSV-Datei (Binärdaten).",
                    fix="Speichern Sie die Tabelle als CSV (UTF-8).",
                )
            ]
        )
    text, encoding = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems = ProblemList()
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Die Kopfzeile ist nicht lesbar ({exc}).",
                    fix="Prüfen Sie Anführungszeichen.",
                )
            ]
        ) from None
    if not header or not any(h.strip() for h in header):
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message="Die Datei hat keine Kopfzeile.",
                    fix="Die erste Zeile muss die Spaltennamen enthalten.",
                )
            ]
        )
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for index, column in enumerate(header, start=1):
        if not column:
            problems.append(
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Spalte {index} hat keinen Namen.",
                    fix="Tragen Sie in der Kopfzeile einen Spaltennamen ein oder löschen Sie die leere Spalte.",
                )
            )
        elif column in seen:
            problems.append(
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Die Spalte „{column}“ kommt doppelt vor.",
                    fix="Jede Spalte darf nur einmal vorkommen.",
                )
            )
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Die Spalte „{column}“ fehlt.",
                    fix=f"Ergänzen Sie die Spalte „{column}“ in der Kopfzeile.",
                )
            )
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(
                    file=name,
                    line=reader.line_num,
                    question=None,
                    message=f"Die Zeile ist nicht lesbar ({exc}).",
                    fix="Prüfen Sie die Anführungszeichen in dieser Zeile.",
                )
            )
            break
        if not record or not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    file=name,
                    line=reader.line_num,
                    question=None,
                    message=f"Die Zeile hat {len(record)} Felder, die Kopfzeile {len(header)}.",
                    fix=f"Prüfen Sie Trennzeichen („{delimiter}“) und Anführungszeichen in dieser Zeile.",
                )
            )
            continue
        rows.append(dict(zip(header, record, strict=True)))
        lines.append(reader.line_num)
    if problems:
        raise ProblemsError(problems)
    return Table(name, header, rows, lines, encoding, delimiter)


def column_letter(header: list[str], column: str) -> str:
    """The spreadsheet letter of a column (A, B, …, AA), to find it in Excel."""
    try:
        index = header.index(column)
    except ValueError:
        return "?"
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write the canonical CSV atomically: a reader never sees a half-written file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write(path, buffer.getvalue())


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="")
    temporary.replace(path)
