"""Excel: a notes sheet, the data sheet, the codebook and one sheet per result table.

Spreadsheet programs execute cells that start with ``=``, ``+``, ``-`` or ``@`` (and some read a
leading tab or carriage return the same way), so every text cell that starts like that gets a
leading apostrophe: it shows as text, is never run as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from umfrage.reporting.exports.codebook import codebook
from umfrage.reporting.exports.codebook import header as codebook_header
from umfrage.reporting.exports.dataset import Dataset
from umfrage.reporting.exports.limits import EXCEL, cut_notes
from umfrage.reporting.formatting import neutralise
from umfrage.reporting.tables import show

SUFFIX = ".xlsx"
LABEL = "Excel (Daten, Codebuch, Ergebnistabellen)"

MAX_SHEET_TITLE = 31  # Excel's limit
BOLD = Font(bold=True)


def write(dataset: Dataset, path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None  # a new workbook always has its first sheet
    notes.title = "Hinweise"
    _notes(notes, dataset)
    _table(book.create_sheet("Daten"), dataset.columns, dataset.contract_rows(), widths=14)
    _table(
        book.create_sheet("Codebuch"),
        list(codebook_header(dataset)),
        [row.as_tuple() for row in codebook(dataset)],
        widths=24,
    )
    used = {"Hinweise", "Daten", "Codebuch"}
    for table in dataset.tables:
        title = _sheet_title(table.sheet, used)
        sheet = book.create_sheet(title)
        sheet.append([neutralise(table.title)])
        sheet["A1"].font = BOLD
        if table.note:
            sheet.append([neutralise(table.note)])
        sheet.append([])
        start = sheet.max_row + 1
        rows = [
            [_cell(v, k) for v, k in zip(r, table.kinds or ("text",) * len(r), strict=True)]
            for r in table.rows
        ]
        _table(sheet, list(table.header), rows, widths=18, start=start)
        for kind_index, kind in enumerate(table.kinds, start=1):
            if kind in ("share", "diff"):
                for (cell,) in sheet.iter_rows(
                    min_row=start + 1, min_col=kind_index, max_col=kind_index
                ):
                    cell.number_format = "0.0%"
    book.save(path)


def _cell(value: Any, kind: str) -> Any:
    if kind == "ci" and value is not None:
        return show(value, "ci")
    if kind in ("yesno", "test") and value is not None:
        return show(value, kind)  # type: ignore[arg-type]
    return value


def _notes(sheet: Worksheet, dataset: Dataset) -> None:
    lines = [
        dataset.title,
        f"Welle: {dataset.wave}",
        f"Antworten: {dataset.rows}",
        "Spaltennamen wie in responses.csv; SPSS- und Stata-Namen stehen im Codebuch.",
    ]
    notice = dataset.synthetic_notice()
    if notice:
        lines.insert(1, notice)
    lines.extend(dataset.notes)
    lines.extend(cut_notes(dataset, EXCEL))
    for line in lines:
        sheet.append([neutralise(line)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100


def _table(
    sheet: Worksheet, header: list[str], rows: Iterable[Any], *, widths: int, start: int = 1
) -> None:
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[start]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_fit(neutralise(v)) for v in row])
    sheet.freeze_panes = f"A{start + 1}"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths


def _fit(value: Any) -> Any:
    """A text cut to what a cell holds (32,767 characters); the notes and the codebook say
    which variable lost how many texts (limits.py)."""
    return EXCEL.fit(value) if isinstance(value, str) else value


def _sheet_title(wanted: str, used: set[str]) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in wanted)[:MAX_SHEET_TITLE]
    title, number = cleaned, 2
    while title.lower() in {u.lower() for u in used}:
        suffix = f" ({number})"
        title = cleaned[: MAX_SHEET_TITLE - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title
