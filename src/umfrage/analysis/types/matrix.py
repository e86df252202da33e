"""``matrix``: every item is a single choice on the shared scale.

Per item: the distribution (base: a scale code not excluded from the base, e.g. not "nicht
genutzt"), the mean of numeric codes, and ``top2``: the share of codes ``1`` and ``2`` (if the
scale has no such codes, of its first two scale points). The question's own base counts
respondents who rated at least one item with a code in the base.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as _pc

from umfrage.analysis import stats
from umfrage.analysis.common import (
    ByVariable,
    CompareContext,
    Indicators,
    Sample,
    crosstab_indicators,
    option_results,
    same_exclusions,
    share_of,
)
from umfrage.analysis.frame import WaveFrame, categorical, code_dtype, empty_cells, map_cells
from umfrage.analysis.results import (
    SMALL_BASE,
    Comparison,
    CrossTab,
    ItemResult,
    MatrixResult,
)
from umfrage.analysis.types import shared, single
from umfrage.analysis.types.multi import bool_any
from umfrage.questionnaire.base import Condition, Item
from umfrage.questionnaire.types import MatrixQuestion

RESULT = MatrixResult


def encode(
    question: MatrixQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)
    read = single.code_reader(question.codes())
    columns: dict[str, Any] = {}
    flagged = np.zeros(rows, dtype=bool)
    for column in question.columns():
        values, bad = map_cells(cells.get(column, empty), read, code_dtype(question.codes()), -1)
        columns[column] = categorical(values, question.codes())
        flagged |= bad
    return columns, flagged


def answered(question: MatrixQuestion, frame: WaveFrame) -> np.ndarray:
    return bool_any(frame.codes(column) >= 0 for column in question.columns())


def check(question: MatrixQuestion, frame: WaveFrame) -> np.ndarray:
    return np.zeros(len(frame), dtype=bool)


def top_codes(question: MatrixQuestion) -> list[str]:
    valid = [o.code for o in question.scale if not o.exclude_from_base]
    return ["1", "2"] if {"1", "2"} <= set(valid) else valid[:2]


def item_result(question: MatrixQuestion, item: Item, sample: Sample) -> ItemResult:
    frame = sample.frame
    column = f"{question.id}.{item.code}"
    ind, excluded = single.indicators(frame.codes(column), question.scale)
    effective = sample.effective(ind.base)
    top = bool_any(ind.chosen[c] for c in top_codes(question))
    _, top2 = share_of(sample, top, ind.base)
    base = int(np.count_nonzero(ind.base))
    return ItemResult(
        code=item.code,
        label=item.label,
        base=base,
        asked=int(np.count_nonzero(frame.codes(column) >= 0)),
        options=option_results(ind, sample, excluded),
        mean=single.scale_mean(question.scale, ind, sample),
        top2=top2,
        top2_ci=stats.wilson(top2, effective) if top2 is not None else None,
        small_base=base < SMALL_BASE,
        effective_base=effective if sample.weights is not None else None,
    )


def summarise(question: MatrixQuestion, sample: Sample) -> MatrixResult:
    frame = sample.frame
    items = tuple(item_result(question, item, sample) for item in question.items)
    valid = [i for i, o in enumerate(question.scale) if not o.exclude_from_base]
    in_base = bool_any(np.isin(frame.codes(c), valid) for c in question.columns())
    done = answered(question, frame)
    asked = int(np.count_nonzero(frame.shown(question.id) | done))
    base = int(np.count_nonzero(in_base))
    return MatrixResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=base,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - int(np.count_nonzero(done)),
        small_base=base < SMALL_BASE,
        effective_base=sample.effective(in_base) if sample.weights is not None else None,
        items=items,
    )


def item_comparisons(
    question: MatrixQuestion,
    sample: Sample,
    other_question: MatrixQuestion,
    other_sample: Sample,
    current_is_later: bool,
    mapping: Callable[[str], str | None],
    note: str | None,
) -> dict[str, Comparison]:
    """Items matched by code; scale codes recoded like a single choice; ordinal: Mann-Whitney."""
    found: dict[str, Comparison] = {}
    earlier, later = (other_question, question) if current_is_later else (question, other_question)
    # One base rule on both sides: a scale point excluded in either wave is excluded in both.
    earlier_points, later_points = same_exclusions(earlier.scale, later.scale, mapping)
    current_scale, other_scale = (
        (later_points, earlier_points) if current_is_later else (earlier_points, later_points)
    )
    earlier_scale = single.OptionsOnly(earlier_points)
    for item in question.items:
        if item.code not in other_question.item_codes():
            continue
        current, _ = single.indicators(
            sample.frame.codes(f"{question.id}.{item.code}"), current_scale
        )
        other, _ = single.indicators(
            other_sample.frame.codes(f"{other_question.id}.{item.code}"), other_scale
        )
        found[item.code] = single.compare_aligned(
            question,
            current,
            sample,
            other,
            other_sample,
            current_is_later,
            mapping,
            note,
            earlier_scale,
            ordinal=question.ordinal and other_question.ordinal,
            other_id=other_question.id if other_question.id != question.id else None,
        )
    return found


def compare(context: CompareContext[MatrixQuestion]) -> dict[str, Comparison]:
    """Against the other wave of ``context`` (see :class:`CompareContext`)."""
    question, sample, other_question, other_sample = (
        context.question,
        context.sample,
        context.other_question,
        context.other_sample,
    )
    current_is_later, mapping, note = context.current_is_later, context.mapping, context.note
    return item_comparisons(
        question, sample, other_question, other_sample, current_is_later, mapping, note
    )


def crosstab(question: MatrixQuestion, sample: Sample, by: ByVariable) -> dict[str, CrossTab]:
    found = {}
    for item in question.items:
        ind, _ = single.indicators(sample.frame.codes(f"{question.id}.{item.code}"), question.scale)
        found[item.code] = crosstab_indicators(ind, sample, by)
    return found


def attach(result: MatrixResult, comparisons: Mapping[str, Any], key: str) -> MatrixResult:
    """The question's items with their comparison or cross-tab filled in."""
    if key == "comparison":
        items = tuple(replace(i, comparison=comparisons.get(i.code)) for i in result.items)
    else:
        items = tuple(replace(i, crosstab=comparisons.get(i.code)) for i in result.items)
    return replace(result, items=items)


def complete_answer(question: MatrixQuestion, frame: WaveFrame) -> np.ndarray:
    """What a required matrix needs: every item rated."""
    found = np.ones(len(frame), dtype=bool)
    for column in question.columns():
        found &= frame.codes(column) >= 0
    return found


SPLITS = False
OPTIONS_EXCLUSIVE = False


def _hit(values: np.ndarray) -> np.ndarray:
    return values >= 0


def present(question: MatrixQuestion, frame: WaveFrame) -> np.ndarray:
    return shared.choice_present(question, frame, _hit)


def condition_mask(
    question: MatrixQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    return shared.choice_condition(question, frame, c, here, _hit)


def row_values(question: MatrixQuestion, frame: WaveFrame) -> list[Any]:
    columns = shared.choice_columns(question, frame, question.item_codes())
    found: list[Any] = []
    for row in range(len(frame)):
        scale = question.codes()
        items = {key: scale[values[row]] for key, values in columns if values[row] >= 0}
        found.append(items or None)
    return found


def free_text_columns(question: MatrixQuestion) -> list[str]:
    return shared.other_text_columns(question)


def store_fields(question: MatrixQuestion) -> list[pa.Field]:
    return [pa.field(question.id, pa.struct([(i, pa.string()) for i in question.item_codes()]))]


def store_cells(question: MatrixQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    return {
        f"{question.id}.{item}": _pc.struct_field(values, item) for item in question.item_codes()
    }


def synthesise(
    q: MatrixQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    codes = np.array(q.codes(), dtype=object)
    found = {}
    for item in q.items:
        values = codes[
            rng.choice(len(codes), size=rows, p=shared.dirichlet_weights(rng, len(codes)))
        ]
        skip_item = rng.random(rows) < 0.02 if not q.required else np.zeros(rows, dtype=bool)
        found[f"{q.id}.{item.code}"] = np.where(answering & ~skip_item, values, "")
    return found


def attach_comparison(result: MatrixResult, compared: Any) -> MatrixResult:
    return attach(result, compared, "comparison")


def attach_crosstab(result: MatrixResult, table: Any) -> MatrixResult:
    return attach(result, table, "crosstab")


def suppress_figures(result: MatrixResult, small: bool) -> dict[str, Any]:
    """Nothing of its own: the disclosure step (analysis/disclosure) decides every hidden cell."""
    return {}


def terminal_lines(result: MatrixResult) -> list[str]:
    from umfrage.analysis.render import comparison_lines, count, number, percent

    lines = []
    for item in result.items:
        flag = " *" if item.small_base else ""
        lines.append(
            f"  {item.label}: Basis {count(item.base)}{flag}, Mittelwert {number(item.mean, 2)}, "
            f"Top-2 {percent(item.top2)}"
        )
        if item.comparison:
            lines.extend("    " + line for line in comparison_lines(item.comparison))
    return lines


def series_indicators(question: MatrixQuestion, frame: WaveFrame) -> Indicators | None:
    """None: a matrix compares item by item; series of items are not drawn."""
    return None
