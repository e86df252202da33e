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
        produced = _GENERATORS[question.type_name](question, rows, rng, answering, cells)
        cells.update(produced)
        encoded, _ = module_for(question).encode(
            question, {k: pa.array(v.astype(str), pa.string()) for k, v in produced.items()}, rows
        )
        columns.update(encoded)
    return cells


def _weights(rng: np.random.Generator, k: int) -> np.ndarray:
    return rng.dirichlet(np.full(k, 1.5))


def _single(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    codes = np.array(q.codes(), dtype=object)
    values = codes[rng.choice(len(codes), size=rows, p=_weights(rng, len(codes)))]
    found = {q.id: np.where(answering, values, "")}
    if q.other_option():
        other = q.other_option().code
        found[f"{q.id}.other"] = np.where(found[q.id] == other, "Sonstiges", "")
    return found


def _multi(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    k = len(q.options)
    chosen = rng.random((rows, k)) < rng.uniform(0.1, 0.6, size=k)
    for j, option in enumerate(q.options):
        if option.exclusive:
            alone = rng.random(rows) < 0.05
            chosen[alone] = False
            chosen[alone, j] = True
            chosen[~alone, j] = False
    if q.max is not None:
        running = np.cumsum(chosen, axis=1)
        chosen &= running <= q.max
    if q.required:
        none = ~chosen.any(axis=1)
        chosen[none, 0] = True
    found = {
        f"{q.id}.{o.code}": np.where(answering, np.where(chosen[:, j], "1", "0"), "")
        for j, o in enumerate(q.options)
    }
    if q.other_option():
        col = f"{q.id}.{q.other_option().code}"
        found[f"{q.id}.other"] = np.where(found[col] == "1", "Sonstiges", "")
    return found


def _ranking(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    k = len(q.options)
    allowed = np.ones((rows, k), dtype=bool)
    if q.among is not None:
        allowed = np.column_stack(
            [cells.get(f"{q.among}.{c}", np.full(rows, "")) == "1" for c in q.codes()]
        )
    keys = np.where(allowed, rng.random((rows, k)) * _weights(rng, k), -1.0)
    order = np.argsort(-keys, axis=1)
    ranks = np.empty_like(order)
    ranks[np.arange(rows)[:, None], order] = np.arange(1, k + 1)
    ranked = allowed & (ranks <= q.top)
    use = answering & allowed.any(axis=1)
    return {
        f"{q.id}.{o.code}": np.where(use & ranked[:, j], ranks[:, j].astype(str), "")
        for j, o in enumerate(q.options)
    }


def _matrix(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    codes = np.array(q.codes(), dtype=object)
    found = {}
    for item in q.items:
        values = codes[rng.choice(len(codes), size=rows, p=_weights(rng, len(codes)))]
        skip_item = rng.random(rows) < 0.02 if not q.required else np.zeros(rows, dtype=bool)
        found[f"{q.id}.{item.code}"] = np.where(answering & ~skip_item, values, "")
    return found


def _number(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    low = q.min if q.min is not None else 0
    high = q.max if q.max is not None else low + 100
    spread = min(high - low, 60)
    values = np.clip(np.round(low + rng.gamma(2.0, spread / 6, size=rows)), low, high)
    if q.decimals:
        text = np.char.mod(f"%.{q.decimals}f", values)
    else:
        text = values.astype(np.int64).astype(str)
    return {q.id: np.where(answering, text.astype(object), "")}


def _text(
    q: Any, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    if not q.categories:
        writes = answering & (rng.random(rows) < 0.1)
        return {q.id: np.where(writes, "Mehr Zeit, mehr Personal", "")}
    # Coded texts: most answers get one or more categories, written in varying order as
    # analysts type them; the rest stay uncoded.
    writes = answering & (rng.random(rows) < 0.4)
    coded = writes & (rng.random(rows) < 0.8)
    codes = q.category_codes()
    given = rng.random((rows, len(codes))) < rng.uniform(0.1, 0.6, size=len(codes))
    given[~given.any(axis=1), 0] = True
    backwards = rng.random(rows) < 0.5
    # One string per combination of categories, not per row: a million rows stay fast.
    masks = given.astype(np.int64) @ (np.int64(1) << np.arange(len(codes), dtype=np.int64))
    cells = np.full(rows, "", dtype=object)
    for mask in np.unique(masks[coded]):
        chosen = [c for j, c in enumerate(codes) if int(mask) >> j & 1]
        rows_of = coded & (masks == mask)
        cells[rows_of & ~backwards] = ";".join(chosen)
        cells[rows_of & backwards] = ";".join(reversed(chosen))
    return {
        q.id: np.where(writes, "Mehr Zeit, mehr Personal", ""),
        q.codes_key: cells,
    }


_GENERATORS = {
    "single": _single,
    "multi": _multi,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "text": _text,
}


def write_cells(path: Path, questionnaire: Questionnaire, cells: dict[str, np.ndarray]) -> None:
    """Write generated cells as ``responses.csv`` (header of the questionnaire)."""
    header = header_for(questionnaire)
    table = pa.table({c: pa.array(cells[c].astype(str), pa.string()) for c in header})
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))
