"""``number``: n, mean, median, sd, min, max, quartiles and the t interval of the mean.

Quartiles are numpy's default (linear interpolation, R type 7); weighted figures use the
weighted mean and variance and, for median and quartiles, the inverse of the weighted CDF.
Waves are compared by Welch's t-test of the means.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace as _replace_result
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as _pc

from umfrage.analysis import stats
from umfrage.analysis.common import ByVariable, CompareContext, Indicators, Sample
from umfrage.analysis.frame import WaveFrame, empty_cells, map_cells
from umfrage.analysis.results import (
    SMALL_BASE,
    Comparison,
    CrossColumn,
    CrossRow,
    CrossTab,
    MeanComparison,
    NumberResult,
)
from umfrage.analysis.types import shared
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.types import NumberQuestion

RESULT = NumberResult


def encode(
    question: NumberQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)

    def read(raw: str) -> float:
        raw = raw.strip()
        return np.nan if raw == "" else float(question.parse(raw))

    values, bad = map_cells(cells.get(question.id, empty), read, np.float64, np.nan)
    return {question.id: values}, bad


def answered(question: NumberQuestion, frame: WaveFrame) -> np.ndarray:
    return ~np.isnan(frame.numbers(question.id))


def check(question: NumberQuestion, frame: WaveFrame) -> np.ndarray:
    values = frame.numbers(question.id)
    flagged = np.zeros(len(frame), dtype=bool)
    with np.errstate(invalid="ignore"):
        if question.min is not None:
            flagged |= values < question.min
        if question.max is not None:
            flagged |= values > question.max
    return flagged


def describe(values: np.ndarray, weights: np.ndarray | None) -> dict[str, Any]:
    n = len(values)
    if n == 0:
        return {}
    if weights is None:
        mean = float(values.mean())
        sd = float(values.std(ddof=1)) if n > 1 else math.nan
        q1, median, q3 = (float(q) for q in np.percentile(values, [25, 50, 75]))
        effective = float(n)
    else:
        mean = float(np.average(values, weights=weights))
        effective = stats.kish_n(weights)
        variance = float(np.average((values - mean) ** 2, weights=weights))
        sd = math.sqrt(variance * effective / (effective - 1)) if effective > 1 else math.nan
        q1, median, q3 = stats.weighted_quantiles(values, weights, [0.25, 0.5, 0.75])
    return {
        "mean": mean,
        "median": median,
        "sd": sd if math.isfinite(sd) else None,
        "min": float(values.min()),
        "max": float(values.max()),
        "quartiles": (q1, median, q3),
        "ci": stats.t_interval(mean, sd, effective),
        "effective": effective,
    }


def summarise(question: NumberQuestion, sample: Sample) -> NumberResult:
    frame = sample.frame
    done = answered(question, frame)
    values = frame.numbers(question.id)[done]
    weights = sample.weights[done] if sample.weights is not None else None
    figures = describe(values, weights)
    effective = figures.pop("effective", 0.0)
    asked = int(np.count_nonzero(frame.shown(question.id) | done))
    base = int(np.count_nonzero(done))
    return NumberResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=base,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - base,
        small_base=base < SMALL_BASE,
        effective_base=effective if weights is not None else None,
        grouping=question.grouping,
        **figures,
    )


def compare(context: CompareContext[NumberQuestion]) -> Comparison:
    """Against the other wave of ``context`` (see :class:`CompareContext`)."""
    question, sample, other_question, other_sample = (
        context.question,
        context.sample,
        context.other_question,
        context.other_sample,
    )
    note = context.note

    def figures(q: NumberQuestion, s: Sample) -> tuple[dict[str, Any], int]:
        done = answered(q, s.frame)
        weights = s.weights[done] if s.weights is not None else None
        return describe(s.frame.numbers(q.id)[done], weights), int(np.count_nonzero(done))

    mine, n_mine = figures(question, sample)
    theirs, n_theirs = figures(other_question, other_sample)
    p = None
    if mine and theirs and mine["sd"] is not None and theirs["sd"] is not None:
        p = stats.welch(
            mine["mean"],
            mine["sd"],
            mine["effective"],
            theirs["mean"],
            theirs["sd"],
            theirs["effective"],
        )
    return Comparison(
        wave=other_sample.frame.wave,
        base=n_theirs,
        current_base=n_mine,
        note=note,
        question=other_question.id if other_question.id != question.id else None,
        mean=MeanComparison(
            mean=theirs.get("mean"),
            current_mean=mine.get("mean"),
            diff=(mine["mean"] - theirs["mean"]) if mine and theirs else None,
            test="welch",
            p_value=p,
            significant=(p < stats.ALPHA) if p is not None else None,
        ),
        weighted=sample.weights is not None,
        small_base=min(n_mine, n_theirs) < SMALL_BASE,
    )


def crosstab(question: NumberQuestion, sample: Sample, by: ByVariable) -> CrossTab | None:
    """Mean and n per category of ``by`` (no test)."""
    done = answered(question, sample.frame) & (by.codes >= 0)
    values = sample.frame.numbers(question.id)
    counts: list[int] = []
    means: list[float | None] = []
    for j in range(len(by.categories)):
        inside = done & (by.codes == j)
        counts.append(int(np.count_nonzero(inside)))
        if not counts[-1]:
            means.append(None)
        elif sample.weights is None:
            means.append(float(values[inside].mean()))
        else:
            means.append(float(np.average(values[inside], weights=sample.weights[inside])))
    columns = tuple(
        CrossColumn(code, label, counts[j], counts[j] < SMALL_BASE)
        for j, (code, label) in enumerate(by.categories)
    )
    row = CrossRow(question.id, "Mittelwert", tuple(counts), (), means=tuple(means))
    return CrossTab(by=by.qid, columns=columns, rows=(row,), weighted=sample.weights is not None)


SPLITS = False
OPTIONS_EXCLUSIVE = False


def complete_answer(question: NumberQuestion, frame: WaveFrame) -> np.ndarray:
    return answered(question, frame)


def present(question: NumberQuestion, frame: WaveFrame) -> np.ndarray:
    return ~np.isnan(shared.numbers(frame, question.id))


def condition_mask(
    question: NumberQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    operator = c.operator
    if operator in ("gt", "ge", "lt", "le"):
        return here & shared.number_compare(shared.numbers(frame, question.id), c)
    if operator in ("equals", "not_equals"):
        expected = c.equals if operator == "equals" else c.not_equals
        if isinstance(expected, str):
            return None
        same = shared.numbers(frame, question.id) == expected
        return here & (same if operator == "equals" else ~same)
    if operator == "contains":
        return np.zeros(len(frame), dtype=bool)
    return None


def row_values(question: NumberQuestion, frame: WaveFrame) -> list[Any]:
    cast = int if question.decimals == 0 else float
    return [None if np.isnan(v) else cast(v) for v in shared.numbers(frame, question.id)]


def free_text_columns(question: NumberQuestion) -> list[str]:
    return shared.other_text_columns(question)


def store_fields(question: NumberQuestion) -> list[pa.Field]:
    return [pa.field(question.id, pa.float64())]


def store_cells(question: NumberQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    return {question.id: _pc.cast(values, pa.string())}


def synthesise(
    q: NumberQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
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


def attach_comparison(result: NumberResult, compared: Any) -> NumberResult:
    return _replace_result(result, comparison=compared)


def attach_crosstab(result: NumberResult, table: Any) -> NumberResult:
    return _replace_result(result, crosstab=table)


def suppress_figures(result: NumberResult, small: bool) -> dict[str, Any]:
    """Min and max each belong to one organisation: never published; the rest under k."""
    changes: dict[str, Any] = {"min": None, "max": None}
    if small:
        changes.update(mean=None, median=None, sd=None, quartiles=None, ci=None)
    return changes


def terminal_lines(result: NumberResult) -> list[str]:
    from umfrage.analysis.render import number

    q = result
    return [
        f"  Mittelwert {number(q.mean)} (95-%-KI {number(q.ci[0]) if q.ci else '–'}–"
        f"{number(q.ci[1]) if q.ci else '–'}), Median {number(q.median)}, "
        f"SD {number(q.sd)}, Min {number(q.min)}, Max {number(q.max)}"
    ]


def series_indicators(question: NumberQuestion, frame: WaveFrame) -> Indicators | None:
    """None: a number has no shares."""
    return None
