"""``ranking``: per option the share ranked first, the share ranked at all, the mean rank.

Base: respondents who ranked at least one option (an unranked option and a question not
asked are both empty cells, so "shown but ranked nothing" cannot be told from "not asked").
``count``/``share``/``ci`` are "ranked at all" (``top``); comparisons use that share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace as _replace_result
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
    share_of,
)
from umfrage.analysis.frame import WaveFrame, empty_cells, map_nullable
from umfrage.analysis.results import SMALL_BASE, Comparison, CrossTab, RankedOption, RankingResult
from umfrage.analysis.types import shared
from umfrage.analysis.types.multi import bool_any, compare_options
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.types import RankingQuestion

RESULT = RankingResult

TOO_LARGE = 32767


def read_rank(raw: str) -> int:
    raw = raw.strip()
    if raw == "":
        return -1
    text = raw[:-2] if raw.endswith(".0") else raw
    if not text.isdigit():
        raise ValueError(raw)
    return min(int(text), TOO_LARGE)


def encode(
    question: RankingQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)
    columns: dict[str, Any] = {}
    flagged = np.zeros(rows, dtype=bool)
    for code in question.codes():
        column = f"{question.id}.{code}"
        columns[column], bad = map_nullable(cells.get(column, empty), read_rank, np.int16)
        flagged |= bad
    return columns, flagged


def ranks(question: RankingQuestion, frame: WaveFrame) -> list[np.ndarray]:
    return [frame.codes(f"{question.id}.{code}") for code in question.codes()]


def answered(question: RankingQuestion, frame: WaveFrame) -> np.ndarray:
    return bool_any(r >= 0 for r in ranks(question, frame))


def check(question: RankingQuestion, frame: WaveFrame) -> np.ndarray:
    """Rows whose ranks are not exactly 1…k, exceed ``top``, or rank what was not chosen."""
    given = ranks(question, frame)
    flagged = np.zeros(len(frame), dtype=bool)
    ranked = np.zeros(len(frame), dtype=np.int16)
    for r in given:
        flagged |= (r == 0) | (r > question.top)
        ranked += r >= 1
    for rank in range(1, question.top + 1):
        holders = np.sum([r == rank for r in given], axis=0)
        flagged |= (holders > 1) | ((rank <= ranked) & (holders != 1))
    if question.among is not None and frame.questionnaire.has_question(question.among):
        for code, r in zip(question.codes(), given, strict=True):
            column = f"{question.among}.{code}"
            chosen = (
                frame.codes(column) == 1 if frame.has(column) else np.zeros(len(frame), dtype=bool)
            )
            flagged |= (r >= 1) & ~chosen
    return flagged


def top_indicators(
    question: RankingQuestion, frame: WaveFrame, rank: int | None = None
) -> Indicators:
    given = ranks(question, frame)
    base = bool_any(r >= 0 for r in given)
    chosen = {
        code: ((r >= 1) if rank is None else (r == rank)) & base
        for code, r in zip(question.codes(), given, strict=True)
    }
    labels = {o.code: str(o.label) for o in question.options}
    return Indicators(base, chosen, labels, exclusive=False)


def summarise(question: RankingQuestion, sample: Sample) -> RankingResult:
    frame = sample.frame
    top = top_indicators(question, frame)
    first = top_indicators(question, frame, 1)
    effective = sample.effective(top.base)
    options = []
    for option, r in zip(question.options, ranks(question, frame), strict=True):
        count, share = share_of(sample, top.chosen[option.code], top.base)
        first_count, first_share = share_of(sample, first.chosen[option.code], top.base)
        ranked = top.chosen[option.code]
        mean_rank = None
        if count:
            weights = sample.weights[ranked] if sample.weights is not None else None
            mean_rank = float(np.average(r[ranked], weights=weights))
        options.append(
            RankedOption(
                code=option.code,
                label=option.label,
                count=count,
                share=share,
                ci=stats.wilson(share, effective) if share is not None else None,
                first_count=first_count,
                first=first_share,
                first_ci=stats.wilson(first_share, effective) if first_share is not None else None,
                top=share,
                mean_rank=mean_rank,
            )
        )
    done = answered(question, frame)
    shown = frame.shown(question.id)
    base = int(np.count_nonzero(top.base))
    asked = int(np.count_nonzero(shown | done))
    return RankingResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=base,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - int(np.count_nonzero(done)),
        small_base=base < SMALL_BASE,
        effective_base=effective if sample.weights is not None else None,
        options=tuple(options),
    )


def compare(context: CompareContext[RankingQuestion]) -> Comparison:
    """Against the other wave of ``context`` (see :class:`CompareContext`)."""
    question, sample, other_question, other_sample = (
        context.question,
        context.sample,
        context.other_question,
        context.other_sample,
    )
    current_is_later, mapping, note = context.current_is_later, context.mapping, context.note
    return compare_options(
        top_indicators(question, sample.frame),
        sample,
        top_indicators(other_question, other_sample.frame),
        other_sample,
        current_is_later,
        mapping,
        note,
        other_question if current_is_later else question,
        other_question.id if other_question.id != question.id else None,
    )


def crosstab(question: RankingQuestion, sample: Sample, by: ByVariable) -> CrossTab | None:
    return crosstab_indicators(top_indicators(question, sample.frame), sample, by)


SPLITS = False
OPTIONS_EXCLUSIVE = False


def complete_answer(question: RankingQuestion, frame: WaveFrame) -> np.ndarray:
    return answered(question, frame)


def _hit(values: np.ndarray) -> np.ndarray:
    return values >= 1


def present(question: RankingQuestion, frame: WaveFrame) -> np.ndarray:
    return shared.choice_present(question, frame, _hit)


def condition_mask(
    question: RankingQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    return shared.choice_condition(question, frame, c, here, _hit)


def row_values(question: RankingQuestion, frame: WaveFrame) -> list[Any]:
    columns = shared.choice_columns(question, frame, question.codes())
    found: list[Any] = []
    for row in range(len(frame)):
        ranks = {key: int(values[row]) for key, values in columns if values[row] >= 0}
        found.append(ranks or None)
    return found


def free_text_columns(question: RankingQuestion) -> list[str]:
    return shared.other_text_columns(question)


def store_fields(question: RankingQuestion) -> list[pa.Field]:
    return [pa.field(question.id, pa.struct([(c, pa.int64()) for c in question.codes()]))]


def store_cells(question: RankingQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    rows = table.num_rows
    found: dict[str, pa.Array] = {}
    for code in question.codes():
        ranks = _pc.struct_field(values, code).fill_null(0).to_numpy(zero_copy_only=False)
        top = int(ranks.max()) if rows else 0
        found[f"{question.id}.{code}"] = shared.flags(
            np.clip(ranks, 0, None).astype(np.int32),
            [""] + [str(r) for r in range(1, top + 1)],
        )
    return found


def synthesise(
    q: RankingQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    k = len(q.options)
    allowed = np.ones((rows, k), dtype=bool)
    if q.among is not None:
        allowed = np.column_stack(
            [cells.get(f"{q.among}.{c}", np.full(rows, "")) == "1" for c in q.codes()]
        )
    keys = np.where(allowed, rng.random((rows, k)) * shared.dirichlet_weights(rng, k), -1.0)
    order = np.argsort(-keys, axis=1)
    ranks = np.empty_like(order)
    ranks[np.arange(rows)[:, None], order] = np.arange(1, k + 1)
    ranked = allowed & (ranks <= q.top)
    use = answering & allowed.any(axis=1)
    return {
        f"{q.id}.{o.code}": np.where(use & ranked[:, j], ranks[:, j].astype(str), "")
        for j, o in enumerate(q.options)
    }


def attach_comparison(result: RankingResult, compared: Any) -> RankingResult:
    return _replace_result(result, comparison=compared)


def attach_crosstab(result: RankingResult, table: Any) -> RankingResult:
    return _replace_result(result, crosstab=table)


def suppress_figures(result: RankingResult, small: bool) -> dict[str, Any]:
    """Nothing of its own: the disclosure step (analysis/disclosure) decides every hidden cell."""
    return {}


def terminal_lines(result: RankingResult) -> list[str]:
    from umfrage.analysis.render import option_lines

    return ["  " + line for line in option_lines(result.options)]


def series_indicators(question: RankingQuestion, frame: WaveFrame) -> Indicators | None:
    """None: a ranking has no one share per option that its table shows as such; its comparison stays pairwise."""
    return None
