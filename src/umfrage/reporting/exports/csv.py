"""CSV: exactly ``responses.csv`` of contracts.md §2 (option codes, ``1``/``0``, ranks)."""

from __future__ import annotations

import csv as csvlib
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from umfrage.reporting.exports.dataset import BATCH_ROWS, Dataset

SUFFIX = ".csv"
LABEL = "CSV (responses.csv nach dem Vertrag)"

NEEDS_QUOTES = '[,"\\n]'
"""What makes Python's ``csv`` writer (the dialect of surveyfolder.csvio.write_table: ``,``,
``"`` doubled, ``\\n`` ends a line, minimal quoting) put a cell in quotes."""


def write(dataset: Dataset, path: Path) -> None:
    # The contract format is the lossless interchange file; formulas are only neutralised where a
    # spreadsheet program reads the cells as such (see xlsx.py), so the CSV round-trips exactly.
    # The bytes of write_table, made column-wise: each distinct cell is quoted once, each batch
    # of rows joined by Arrow and written straight to the file (exports.export renames it).
    pickers = [_quoted(column) for column in dataset.data]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csvlib.writer(handle, lineterminator="\n").writerow(dataset.columns)
        for start in range(0, dataset.rows, BATCH_ROWS * 8):
            cells = [pick(start, BATCH_ROWS * 8) for pick in pickers]
            lines = pc.binary_join_element_wise(*cells, ",")
            handle.write("\n".join(lines.to_pylist()) + "\n")


def _quoted(column: pa.Array) -> Callable[[int, int], pa.Array]:
    """``pick(start, size)``: those rows' cells as the writer writes them (a string array)."""
    if pa.types.is_dictionary(column.type):
        texts, indices = _quote(column.dictionary), column.indices
        return lambda start, size: texts.take(indices.slice(start, size))
    quoted = _quote(column)
    return lambda start, size: quoted.slice(start, size)


def _quote(texts: pa.Array) -> pa.Array:
    needs = pc.match_substring_regex(texts, NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return texts
    doubled = pc.replace_substring(texts, '"', '""')
    return pc.if_else(needs, pc.binary_join_element_wise('"', doubled, '"', ""), texts)
