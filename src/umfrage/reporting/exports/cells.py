"""A wave's frame back into the cells ``responses.csv`` holds, column by column.

The exports write what the row reader's records write (``record_to_row``): each question
type's reporting module turns its frame columns into string cells (``export_cells``) with the
helpers here, which work on whole columns (Arrow compute, numpy) and never per cell in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from umfrage.analysis.frame import WaveFrame, empty_cells


def texts(frame: WaveFrame, column: str) -> pa.Array:
    """A text column (``string``, <NA> empty) as cells."""
    if not frame.has(column):
        return empty_cells(len(frame))
    values = pa.array(frame.data[column].array, pa.string())
    return pc.fill_null(values, "")


def codes(frame: WaveFrame, column: str) -> pa.Array:
    """A categorical column of option codes as cells (the code; empty where none)."""
    if not frame.has(column):
        return empty_cells(len(frame))
    series = frame.data[column]
    categories = pa.array([str(c) for c in series.cat.categories], pa.string())
    indices = pa.array(series.cat.codes.to_numpy().astype(np.int32))
    indices = pc.if_else(pc.less(indices, 0), pa.scalar(None, pa.int32()), indices)
    return pc.fill_null(categories.take(indices), "")


def integers(frame: WaveFrame, column: str) -> pa.Array:
    """A nullable integer column (ranks) as cells: the number, empty where <NA>."""
    if not frame.has(column):
        return empty_cells(len(frame))
    values = pa.array(frame.data[column].array)
    return pc.fill_null(pc.cast(values, pa.string()), "")


def formatted(values: np.ndarray, write: Callable[[Any], str]) -> pa.Array:
    """Float cells (NaN empty) written by ``write`` once per distinct value (a survey's numbers
    repeat; a million rows hold few distinct ones), spread over the rows with one ``take``."""
    missing = np.isnan(values)
    # Distinct by their bits: -0.0 and 0.0 are equal numbers but written differently ("-0").
    bits = np.where(missing, 0.0, values).astype(np.float64).view(np.int64)
    distinct, inverse = np.unique(bits, return_inverse=True)
    words = pa.array([write(float(v)) for v in distinct.view(np.float64)], pa.string())
    cells = words.take(pa.array(inverse.reshape(-1)))
    return pc.if_else(pa.array(missing), "", cells)


def chosen_flags(frame: WaveFrame, columns: list[str]) -> dict[str, pa.Array]:
    """Multi-choice columns: ``1``/``0`` in rows that ticked at least one option; all empty
    otherwise (a row of only ``0`` ticks nothing and is no answer, contracts.md §2)."""
    rows = len(frame)
    ticks = {
        c: (frame.codes(c) == 1) if frame.has(c) else np.zeros(rows, dtype=bool) for c in columns
    }
    answered = np.zeros(rows, dtype=bool)
    for mask in ticks.values():
        answered |= mask
    if not answered.any():
        blank = empty_cells(rows)
        return dict.fromkeys(columns, blank)
    chooser = pa.array(["", "0", "1"], pa.string())
    found = {}
    for column, mask in ticks.items():
        slot = answered.astype(np.int8) + mask.astype(np.int8)  # 0 none, 1 not ticked, 2 ticked
        found[column] = chooser.take(pa.array(slot))
    return found
