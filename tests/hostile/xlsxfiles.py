"""Hostile Excel files, built cheaply in the tests (all content synthetic)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet(data: bytes, change: Any) -> bytes:
    """``data`` with the first sheet's XML replaced by ``change(xml)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def lying_dimension(rows: list[list[Any]]) -> bytes:
    """A real workbook whose sheet claims to fill every cell Excel has (A1:XFD1048576).

    As the attacker's file did, it backs the claim with one empty cell in the very last place
    (``XFD1048576``), so that a reader trusting the claim walks a million rows of 16,384 cells.
    """

    def claim(xml: bytes) -> bytes:
        changed, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        assert count == 1
        last = b'<row r="1048576"><c r="XFD1048576"/></row></sheetData>'
        changed, count = re.subn(rb"</sheetData>", last, changed)
        assert count == 1
        return changed

    return _with_sheet(workbook(rows), claim)


def zip_bomb(rows: list[list[Any]], megabytes: int = 40) -> bytes:
    """A real workbook whose sheet XML is padded with ``megabytes`` MB of blanks.

    The blanks are valid XML and pack about 1000 : 1, so the file stays small.
    """
    padding = b" " * (megabytes * 1_000_000)
    return _with_sheet(
        workbook(rows), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding, 1)
    )


def far_right_cells(rows: int, value: str = "") -> bytes:
    """A workbook whose ``rows`` rows each have one cell in Excel's last column (XFD)."""

    def fill(xml: bytes) -> bytes:
        cells = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c>'
            f'<c r="XFD{n}" t="inlineStr"><is><t>{value}</t></is></c></row>'
            for n in range(1, rows + 1)
        )
        return re.sub(
            rb"<sheetData>.*</sheetData>|<sheetData/>",
            b"<sheetData>" + cells.encode() + b"</sheetData>",
            xml,
            flags=re.S,
        )

    return _with_sheet(workbook([["x"]]), fill)
