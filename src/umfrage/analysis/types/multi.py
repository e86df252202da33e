"""``multi``: per option the share of the base that chose it.

Base: respondents who were shown the question and answered it, i.e. ticked at least one option
(a cell ``1``). A row of only ``0`` ticks nothing and is no answer (contracts.md §2: nothing
ticked is no answer unless an exclusive "none" option was ticked, which is then a ``1``), like a
skipped single choice. Respondents who chose an option marked ``exclude_from_base`` leave the
base.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace as _replace_result
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as _pc

from umfrage.analysis.common import (
    ByVariable,
    CompareContext,
    Indicators,
    Sample,
    compare_indicators,
    crosstab_indicators,
    recode,
    same_exclusions,
)
from umfrage.analysis.frame import WaveFrame, empty_cells, map_nullable, text_array
from umfrage.analysis.results import SMALL_BASE, ChoiceResult, Comparison, CrossTab
from umfrage.analysis.types import other_codes, shared
from umfrage.analysis.types.single import result_for
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.types import MultiQuestion, RankingQuestion

RESULT = ChoiceResult


def read_flag(raw: str) -> int:
    raw = raw.strip()
    if raw == "":
        return -1
    if raw in ("1", "1.0"):
        return 1
    if raw in ("0", "0.0"):
        return 0
    raise ValueError(raw)


def encode(
    question: MultiQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)
    columns: dict[str, Any] = {}
    flagged = np.zeros(rows, dtype=bool)
    for code in question.codes():
        column = f"{question.id}.{code}"
        columns[column], bad = map_nullable(cells.get(column, empty), read_flag, np.int8)
        flagged |= bad
    if question.other_option():
        columns[f"{question.id}.other"] = text_array(cells.get(f"{question.id}.other", empty))
    coded, unreadable = other_codes.encode(question, cells, rows)
    columns.update(coded)
    return columns, flagged | unreadable


def answered(question: MultiQuestion, frame: WaveFrame) -> np.ndarray:
    """At least one option ticked: a row of only ``0`` ticks nothing and is no answer."""
    return bool_any(frame.codes(f"{question.id}.{code}") == 1 for code in question.codes())


def bool_any(masks: Any) -> np.ndarray:
    found: np.ndarray | None = None
    for mask in masks:
        found = mask.copy() if found is None else (found | mask)
    assert found is not None
    return found


def check(question: MultiQuestion, frame: WaveFrame) -> np.ndarray:
    """Rows that choose more than ``max`` or combine an exclusive option with another."""
    chosen = [frame.codes(f"{question.id}.{code}") == 1 for code in question.codes()]
    # Added up in place: np.sum of the list would first stack it into options × rows.
    count = np.zeros(len(frame), dtype=np.int16)
    for mask in chosen:
        count += mask
    flagged = np.zeros(len(frame), dtype=bool)
    if question.max is not None:
        flagged |= count > question.max
    for option, mask in zip(question.options, chosen, strict=True):
        if option.exclusive:
            flagged |= mask & (count > 1)
    return flagged


def indicators(question: MultiQuestion, frame: WaveFrame) -> tuple[Indicators, dict[str, int]]:
    base = answered(question, frame)
    excluded: dict[str, int] = {}
    chosen_of = {o.code: frame.codes(f"{question.id}.{o.code}") == 1 for o in question.options}
    for option in question.options:
        if option.exclude_from_base:
            excluded[option.code] = int(np.count_nonzero(chosen_of[option.code] & base))
    for option in question.options:
        if option.exclude_from_base:
            base = base & ~chosen_of[option.code]
    chosen = {o.code: chosen_of[o.code] & base for o in question.options if not o.exclude_from_base}
    labels = {o.code: str(o.label) for o in question.options}
    return Indicators(base, chosen, labels, exclusive=False), excluded


def summarise(question: MultiQuestion, sample: Sample) -> ChoiceResult:
    ind, excluded = indicators(question, sample.frame)
    return result_for(question, sample, ind, excluded, answered(question, sample.frame))


def compare(context: CompareContext[MultiQuestion]) -> Comparison:
    """Against the other wave of ``context`` (see :class:`CompareContext`)."""
    question, sample, other_question, other_sample = (
        context.question,
        context.sample,
        context.other_question,
        context.other_sample,
    )
    current_is_later, mapping, note = context.current_is_later, context.mapping, context.note
    # One base rule on both sides: an option excluded in either wave is excluded in both.
    earlier, later = (other_question, question) if current_is_later else (question, other_question)
    earlier_options, later_options = same_exclusions(earlier.options, later.options, mapping)
    earlier = earlier.model_copy(update={"options": earlier_options})
    later = later.model_copy(update={"options": later_options})
    current_question, aligned_other = (later, earlier) if current_is_later else (earlier, later)
    current, _ = indicators(current_question, sample.frame)
    other, _ = indicators(aligned_other, other_sample.frame)
    return compare_options(
        current,
        sample,
        other,
        other_sample,
        current_is_later,
        mapping,
        note,
        earlier,
        other_question.id if other_question.id != question.id else None,
    )


def compare_options(
    current: Indicators,
    sample: Sample,
    other: Indicators,
    other_sample: Sample,
    current_is_later: bool,
    mapping: Callable[[str], str | None],
    note: str | None,
    earlier: MultiQuestion | RankingQuestion,
    other_id: str | None,
) -> Comparison:
    """Option by option in the earlier wave's codes; merged later options count if any is chosen."""
    allowed = [o.code for o in earlier.options if not o.exclude_from_base]
    labels = {o.code: o.label for o in earlier.options}

    def to_earlier(code: str) -> str | None:
        target = mapping(code)
        return target if target in allowed else None

    if current_is_later:
        current = recode(current, to_earlier, labels)
    else:
        other = recode(other, to_earlier, labels)
    options = compare_indicators(current, sample, other, other_sample, allowed, labels)
    base_other = int(np.count_nonzero(other.base))
    base_current = int(np.count_nonzero(current.base))
    return Comparison(
        wave=other_sample.frame.wave,
        base=base_other,
        current_base=base_current,
        options=options,
        note=note,
        question=other_id,
        panel_n=next((o.panel.n for o in options if o.panel is not None), None),
        weighted=sample.weights is not None,
        small_base=min(base_other, base_current) < SMALL_BASE,
    )


def crosstab(question: MultiQuestion, sample: Sample, by: ByVariable) -> CrossTab | None:
    ind, _ = indicators(question, sample.frame)
    return crosstab_indicators(ind, sample, by)


def complete_answer(question: MultiQuestion, frame: WaveFrame) -> np.ndarray:
    """What a required multi needs: at least one option chosen."""
    return bool_any(frame.codes(f"{question.id}.{code}") == 1 for code in question.codes())


SPLITS = False
OPTIONS_EXCLUSIVE = False


def _hit(values: np.ndarray) -> np.ndarray:
    return values == 1


def present(question: MultiQuestion, frame: WaveFrame) -> np.ndarray:
    return shared.choice_present(question, frame, _hit)


def condition_mask(
    question: MultiQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    return shared.choice_condition(question, frame, c, here, _hit)


def row_values(question: MultiQuestion, frame: WaveFrame) -> list[Any]:
    columns = shared.choice_columns(question, frame, question.codes())
    found: list[Any] = []
    for row in range(len(frame)):
        cells = [(key, values[row]) for key, values in columns if values[row] >= 0]
        found.append([key for key, v in cells if v == 1] if cells else None)
    return found


def free_text_columns(question: MultiQuestion) -> list[str]:
    return shared.other_text_columns(question)


def store_fields(question: MultiQuestion) -> list[pa.Field]:
    return [pa.field(question.id, pa.list_(pa.string())), *other_codes.store_fields(question)]


def store_cells(question: MultiQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    answered = values.is_valid().to_numpy(zero_copy_only=False)
    parents = _pc.list_parent_indices(values).to_numpy(zero_copy_only=False)
    flat = _pc.list_flatten(values)
    found: dict[str, pa.Array] = {}
    for code in question.codes():
        state = answered.astype(np.int32)  # 1 → "0", 2 → "1", 0 → ""
        hit = parents[_pc.equal(flat, code).to_numpy(zero_copy_only=False)]
        state[hit] = 2
        found[f"{question.id}.{code}"] = shared.flags(state, ["", "0", "1"])
    found.update(other_codes.store_cells(question, table))
    return found


def synthesise(
    q: MultiQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
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
    # Nothing ticked is no answer (contracts.md §2): such a row is written empty, not as 0s.
    answering = answering & chosen.any(axis=1)
    found = {
        f"{q.id}.{o.code}": np.where(answering, np.where(chosen[:, j], "1", "0"), "")
        for j, o in enumerate(q.options)
    }
    other = q.other_option()
    if other is not None:
        col = f"{q.id}.{other.code}"
        found[f"{q.id}.other"] = np.where(found[col] == "1", "Sonstiges", "")
    return found


def attach_comparison(result: ChoiceResult, compared: Any) -> ChoiceResult:
    return _replace_result(result, comparison=compared)


def attach_crosstab(result: ChoiceResult, table: Any) -> ChoiceResult:
    return _replace_result(result, crosstab=table)


def suppress_figures(result: ChoiceResult, small: bool) -> dict[str, Any]:
    """The disclosure step (analysis/disclosure) decides every hidden cell of the table; the
    counts added from coded "other" texts are internal only (docs/analysis.md)."""
    return {"from_other": None} if result.from_other is not None else {}


def terminal_lines(result: ChoiceResult) -> list[str]:
    from umfrage.analysis.render import option_lines

    return ["  " + line for line in option_lines(result.options)] + other_codes.lines(result)


def series_indicators(question: MultiQuestion, frame: WaveFrame) -> Indicators | None:
    """The question's own base and options, as its table counts them (a series' wave)."""
    return indicators(question, frame)[0]
