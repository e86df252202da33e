"""``single``: counts and shares of each code, Wilson intervals; ordinal scales add a mean and
a Mann-Whitney test of the whole distribution when waves are compared."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace as _replace_result
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from umfrage.analysis import stats
from umfrage.analysis.common import (
    ByVariable,
    CompareContext,
    Indicators,
    Sample,
    compare_indicators,
    counts_of,
    crosstab_indicators,
    option_results,
    recode,
    same_exclusions,
)
from umfrage.analysis.frame import (
    WaveFrame,
    categorical,
    code_dtype,
    empty_cells,
    map_cells,
    text_array,
)
from umfrage.analysis.results import (
    SMALL_BASE,
    ChoiceResult,
    Comparison,
    CrossTab,
    DistributionTest,
)
from umfrage.analysis.types import other_codes, shared
from umfrage.questionnaire.base import Condition, Option
from umfrage.questionnaire.types import MatrixQuestion, MultiQuestion, SingleQuestion
from umfrage.questionnaire.types.single import canonical_code

RESULT = ChoiceResult


class HasOptions(Protocol):
    """The earlier wave's codes a comparison aligns to: a question's options or a scale."""

    @property
    def options(self) -> Sequence[Option]: ...


class OptionsOnly:
    """Options (a question's, with the comparison's base rule, or a matrix scale) where the
    comparison expects something with ``options``."""

    def __init__(self, options: Sequence[Option]) -> None:
        self.options = options


def code_reader(codes: list[str]) -> Any:
    index = {code: i for i, code in enumerate(codes)}

    def read(raw: str) -> int:
        raw = raw.strip()
        if raw == "":
            return -1
        code = canonical_code(raw, codes)
        if code is None:
            raise ValueError(raw)
        return index[code]

    return read


def encode(
    question: SingleQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)
    values, bad = map_cells(
        cells.get(question.id, empty),
        code_reader(question.codes()),
        code_dtype(question.codes()),
        -1,
    )
    columns: dict[str, Any] = {question.id: categorical(values, question.codes())}
    if question.other_option():
        columns[f"{question.id}.other"] = text_array(cells.get(f"{question.id}.other", empty))
    coded, unreadable = other_codes.encode(question, cells, rows)
    columns.update(coded)
    return columns, bad | unreadable


def answered(question: SingleQuestion, frame: WaveFrame) -> np.ndarray:
    return frame.codes(question.id) >= 0


def check(question: SingleQuestion, frame: WaveFrame) -> np.ndarray:
    return np.zeros(len(frame), dtype=bool)


def indicators(
    codes: np.ndarray, options: Sequence[Option], labels: dict[str, str] | None = None
) -> tuple[Indicators, dict[str, int]]:
    """Base = a valid code that is not excluded from the base; excluded codes counted apart."""
    valid = [i for i, o in enumerate(options) if not o.exclude_from_base]
    base = np.isin(codes, valid)
    chosen = {options[i].code: codes == i for i in valid}
    excluded = counts_of({o.code: codes == i for i, o in enumerate(options) if o.exclude_from_base})
    return (
        Indicators(base, chosen, labels or {o.code: o.label for o in options}, exclusive=True),
        excluded,
    )


def scale_mean(options: Sequence[Option], ind: Indicators, sample: Sample) -> float | None:
    """Mean of the numeric codes in the base (None if a code is not a number)."""
    try:
        values = {code: float(code) for code in ind.chosen}
    except ValueError:
        return None
    total = sample.total(ind.base)
    if total == 0:
        return None
    return sum(values[code] * sample.total(mask) for code, mask in ind.chosen.items()) / total


def summarise(question: SingleQuestion, sample: Sample) -> ChoiceResult:
    frame = sample.frame
    codes = frame.codes(question.id)
    ind, excluded = indicators(codes, question.options)
    return result_for(question, sample, ind, excluded, answered(question, frame))


def result_for(
    question: SingleQuestion | MultiQuestion,
    sample: Sample,
    ind: Indicators,
    excluded: dict[str, int],
    answered_mask: np.ndarray,
) -> ChoiceResult:
    frame = sample.frame
    shown = frame.shown(question.id)
    base = int(np.count_nonzero(ind.base))
    asked = int(np.count_nonzero(shown | answered_mask))
    return ChoiceResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=base,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - int(np.count_nonzero(answered_mask)),
        small_base=base < SMALL_BASE,
        effective_base=sample.effective(ind.base) if sample.weights is not None else None,
        options=option_results(ind, sample, excluded),
        excluded=sum(excluded.values()),
        mean=scale_mean(question.options, ind, sample)
        if getattr(question, "ordinal", False)
        else None,
        from_other=other_codes.from_other(question, sample, ind),
    )


def aligned(
    current: Indicators,
    other: Indicators,
    current_is_later: bool,
    mapping: Callable[[str], str | None],
    earlier_options: Sequence[Option],
) -> tuple[Indicators, Indicators, list[str], dict[str, str]]:
    """Both waves' indicators in the earlier wave's code space (the later one recoded)."""
    allowed = [o.code for o in earlier_options if not o.exclude_from_base]
    labels = {o.code: str(o.label) for o in earlier_options}

    def to_earlier(code: str) -> str | None:
        target = mapping(code)
        return target if target in allowed else None

    if current_is_later:
        current = recode(current, to_earlier, labels)
    else:
        other = recode(other, to_earlier, labels)
    return current, other, allowed, labels


def distribution_test(
    current: Indicators, cur: Sample, other: Indicators, oth: Sample, order: list[str]
) -> DistributionTest | None:
    """Mann-Whitney U on the ordered codes (effective counts when weighted)."""

    def counts(ind: Indicators, sample: Sample) -> np.ndarray:
        n = sample.effective(ind.base)
        total = sample.total(ind.base)
        zero = np.zeros(len(ind.base), dtype=bool)
        return np.array(
            [
                sample.total(ind.chosen.get(code, zero)) / total * n if total else 0.0
                for code in order
            ]
        )

    found = stats.mann_whitney_grouped(counts(current, cur), counts(other, oth))
    if found is None:
        return None
    return DistributionTest(
        "mann-whitney", found.statistic, found.p_value, found.p_value < stats.ALPHA
    )


def compare(context: CompareContext[SingleQuestion]) -> Comparison:
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
    current_options, other_options = (
        (later_options, earlier_options) if current_is_later else (earlier_options, later_options)
    )
    current, _ = indicators(sample.frame.codes(question.id), current_options)
    other, _ = indicators(other_sample.frame.codes(other_question.id), other_options)
    return compare_aligned(
        question,
        current,
        sample,
        other,
        other_sample,
        current_is_later,
        mapping,
        note,
        OptionsOnly(earlier_options),
        other_id=other_question.id if other_question.id != question.id else None,
    )


def compare_aligned(
    question: SingleQuestion | MatrixQuestion,
    current: Indicators,
    sample: Sample,
    other: Indicators,
    other_sample: Sample,
    current_is_later: bool,
    mapping: Callable[[str], str | None],
    note: str | None,
    earlier: HasOptions,
    ordinal: bool | None = None,
    other_id: str | None = None,
) -> Comparison:
    current, other, order, labels = aligned(
        current, other, current_is_later, mapping, earlier.options
    )
    options = compare_indicators(current, sample, other, other_sample, order, labels)
    is_ordinal = getattr(question, "ordinal", False) if ordinal is None else ordinal
    base_other = int(np.count_nonzero(other.base))
    base_current = int(np.count_nonzero(current.base))
    panel = next((o.panel.n for o in options if o.panel is not None), None)
    return Comparison(
        wave=other_sample.frame.wave,
        base=base_other,
        current_base=base_current,
        options=options,
        note=note,
        question=other_id,
        distribution=(
            distribution_test(current, sample, other, other_sample, order) if is_ordinal else None
        ),
        panel_n=panel,
        weighted=sample.weights is not None,
        small_base=min(base_other, base_current) < SMALL_BASE,
    )


def crosstab(question: SingleQuestion, sample: Sample, by: ByVariable) -> CrossTab | None:
    ind, _ = indicators(sample.frame.codes(question.id), question.options)
    return crosstab_indicators(ind, sample, by)


SPLITS = True
"""A single choice can break results down (``--by``) and carry weighting margins."""
OPTIONS_EXCLUSIVE = True
"""Options exclude each other: a hidden cell could be worked out from the others."""


def complete_answer(question: SingleQuestion, frame: WaveFrame) -> np.ndarray:
    return answered(question, frame)


def present(question: SingleQuestion, frame: WaveFrame) -> np.ndarray:
    return frame.codes(question.id) >= 0


def condition_mask(
    question: SingleQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    codes = question.codes()
    values = frame.codes(question.id)
    operator = c.operator
    if operator in ("equals", "not_equals"):
        expected = c.equals if operator == "equals" else c.not_equals
        same = _equals(values, codes, expected)
        return here & (same if operator == "equals" else ~same)
    if operator == "in":
        wanted = [codes.index(v) for v in c.in_ or () if v in codes]
        return here & np.isin(values, wanted)
    if operator == "contains":
        return here & _equals(values, codes, c.contains)
    numeric = shared.code_numbers(codes)
    as_number = np.where(values >= 0, numeric[np.maximum(values, 0)], np.nan)
    return here & shared.number_compare(as_number, c)


def _equals(values: np.ndarray, codes: list[str], expected: Any) -> np.ndarray:
    if isinstance(expected, str):
        if expected not in codes:
            return np.zeros(len(values), dtype=bool)
        return values == codes.index(expected)
    numeric = shared.code_numbers(codes)
    matches = [i for i, v in enumerate(numeric) if v == expected]
    return np.isin(values, matches)


def row_values(question: SingleQuestion, frame: WaveFrame) -> list[Any]:
    codes = question.codes()
    return [codes[v] if v >= 0 else None for v in frame.codes(question.id)]


def free_text_columns(question: SingleQuestion) -> list[str]:
    return shared.other_text_columns(question)


def store_fields(question: SingleQuestion) -> list[pa.Field]:
    return [pa.field(question.id, pa.string()), *other_codes.store_fields(question)]


def store_cells(question: SingleQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    return {question.id: values, **other_codes.store_cells(question, table)}


def synthesise(
    q: SingleQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
) -> dict[str, np.ndarray]:
    codes = np.array(q.codes(), dtype=object)
    values = codes[rng.choice(len(codes), size=rows, p=shared.dirichlet_weights(rng, len(codes)))]
    found = {q.id: np.where(answering, values, "")}
    other = q.other_option()
    if other is not None:
        found[f"{q.id}.other"] = np.where(found[q.id] == other.code, "Sonstiges", "")
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


def series_indicators(question: SingleQuestion, frame: WaveFrame) -> Indicators | None:
    """The question's own base and codes, as its table counts them (a series' wave)."""
    return indicators(frame.codes(question.id), question.options)[0]
