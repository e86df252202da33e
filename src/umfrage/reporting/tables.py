"""A plain result table (caption, header, rows) that the report and the Excel export both show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    sheet: str
    """Short name (an Excel sheet title, at most 31 characters)."""
    title: str
    """The caption: what the table shows."""
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str | None = None
