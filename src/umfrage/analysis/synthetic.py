"""Random but valid responses to any questionnaire, column-wise (tests and benchmarks).

Every generated row passes the foundation's row reader: conditions, ``max``, exclusive options,
rankings among chosen options and number ranges are respected. Shares differ by question
(each draws its own Dirichlet weights), so comparisons have something to find. Synthetic data
must say so wherever it is shown; this module only makes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pacsv

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.types import module_for
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import header_for


def generate_cells(
    questionnaire: Questionnaire,
    rows: int,
    rng: np.random.Generator,
    *,
    organisations: Sequence[str] | None = None,
    skip: float = 0.03,
    submitted_at: str = "2024-05-13T09:41:00+02:00",
) -> dict[str, np.ndarray]:
    """Cells (as strings) of ``rows`` responses, keyed by ``responses.csv`` column."""
    cells: dict[str, np.ndarray] = {}
    if organisations is None:
        cells["organisation"] = np.full(rows, "", dtype=object)
    else:
        cells["organisation"] = np.array(list(organisations)[:rows], dtype=object)
    cells["submitted_at"] = np.full(rows, submitted_at, dtype=object)
    cells["status"] = np.full(rows, "complete", dtype=object)
    columns: dict[str, Any] = {}
    for question in questionnaire.questions():
        frame = WaveFrame(questionnaire, pd.DataFrame(columns, index=range(rows), copy=False))
        shown = frame.shown(question.id)
        answering = shown & ((rng.random(rows) >= skip) | question.required)
        produced = module_for(question).synthesise(question, rows, rng, answering, cells)
        cells.update(produced)
        encoded, _ = module_for(question).encode(
            question, {k: pa.array(v.astype(str), pa.string()) for k, v in produced.items()}, rows
        )
        columns.update(encoded)
    return cells


def write_cells(path: Path, questionnaire: Questionnaire, cells: dict[str, np.ndarray]) -> None:
    """Write generated cells as ``responses.csv`` (header of the questionnaire)."""
    header = header_for(questionnaire)
    table = pa.table({c: pa.array(cells[c].astype(str), pa.string()) for c in header})
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))
