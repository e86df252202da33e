"""CSV: exactly ``responses.csv`` of contracts.md §2 (option codes, ``1``/``0``, ranks)."""

from __future__ import annotations

import csv as csvlib
from pathlib import Path

from umfrage.reporting.exports.dataset import Dataset

SUFFIX = ".csv"
LABEL = "CSV (responses.csv nach dem Vertrag)"


def write(dataset: Dataset, path: Path) -> None:
    # The contract format is the lossless interchange file; formulas are only neutralised where a
    # spreadsheet program reads the cells as such (see xlsx.py), so the CSV round-trips exactly.
    # The dialect of surveyfolder.csvio.write_table (responses.csv), written batch by batch
    # straight to the file (exports.export renames it into place when it is complete).
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csvlib.writer(handle, lineterminator="\n")
        writer.writerow(dataset.columns)
        for batch in dataset.row_batches():
            writer.writerows(batch)
