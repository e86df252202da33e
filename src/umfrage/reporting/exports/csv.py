"""CSV: exactly ``responses.csv`` of contracts.md §2 (option codes, ``1``/``0``, ranks)."""

from __future__ import annotations

from pathlib import Path

from umfrage.reporting.exports.dataset import Dataset
from umfrage.surveyfolder.csvio import write_table

SUFFIX = ".csv"
LABEL = "CSV (responses.csv nach dem Vertrag)"


def write(dataset: Dataset, path: Path) -> None:
    # The contract format is the lossless interchange file; formulas are only neutralised where a
    # spreadsheet program reads the cells as such (see xlsx.py), so the CSV round-trips exactly.
    write_table(path, dataset.columns, [list(row) for row in dataset.cells])
