"""CSV in the survey folder: read through the one table reader, write one canonical form.

Reading (``read_table``, ``parse_table``) is ``surveyfolder.tables``: UTF-8 (with or without BOM),
UTF-16 with BOM, Windows-1252; ``,``, ``;`` or tab as separator; the shared limits and messages.
Written: UTF-8 without BOM, `,`, `\\n` line ends, minimal quoting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from umfrage.surveyfolder import tables
from umfrage.surveyfolder.tables import Table, column_letter, decode

__all__ = [
    "Table",
    "atomic_write",
    "column_letter",
    "decode",
    "parse_table",
    "read_table",
    "write_table",
]


def read_table(path: Path, display: str | None = None, *, required: Sequence[str] = ()) -> Table:
    """Read a CSV file with a header row; ProblemsError names file, line and column."""
    return tables.read_table(path, display or str(path), required=required, excel=False)


def parse_table(data: bytes, name: str, *, required: Sequence[str] = ()) -> Table:
    """A CSV file's bytes as a Table (an upload, or a file read already)."""
    return tables.read_table(data, name, required=required, excel=False)


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
