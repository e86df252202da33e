"""``text``: how many gave an answer and, where coded, the share of each category.

Free texts themselves are never part of a result. Categories (``<qid>.codes``) count like the
options of a multi-select question: an answer may carry several, so shares do not add up to 1;
their base is the answers that were coded. Where both waves coded the question with a codebook,
the categories are compared category by category like a multi-select question's options (the
later wave's ``compare.recode`` maps its categories onto the earlier wave's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace as _replace_result
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from umfrage.analysis.common import (
    ByVariable,
    CompareContext,
    Indicators,
    Sample,
    compare_indicators,
    option_results,
    recode,
)
from umfrage.analysis.frame import WaveFrame, as_strings, empty_cells, text_array
from umfrage.analysis.results import SMALL_BASE, ChoiceResult, Comparison, CrossTab, TextResult
from umfrage.analysis.types import shared
from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.types import TextQuestion
from umfrage.questionnaire.types.text import CODE_SEPARATOR

RESULT = TextResult


def encode(
    question: TextQuestion, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = empty_cells(rows)
    raw = cells.get(question.id, empty)
    lengths = pc.utf8_length(pc.fill_null(raw.cast(pa.string()), "")).to_numpy(zero_copy_only=False)
    columns = {question.id: text_array(raw)}
    flagged = lengths > question.max_length
    if question.categories:
        codes, bad = read_code_cells(question.read_codes, cells.get(question.codes_key, empty))
        columns[question.codes_key] = text_array(codes)
        flagged = flagged | bad
    return columns, flagged


def read_code_cells(
    read: Callable[[str], list[str]], values: pa.Array | pa.ChunkedArray
) -> tuple[pa.Array, np.ndarray]:
    """Codes cells (a text question's ``<qid>.codes``, a choice question's
    ``<qid>.other.codes``) in codebook order as ``read`` gives them, and the unreadable rows.

    Each distinct cell is read once; the rows keep pointing at their cell's reading.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(as_strings(values))
    readings: list[str] = []
    bad = np.zeros(len(values.dictionary) + 1, dtype=bool)
    for index, cell in enumerate(values.dictionary.to_pylist()):
        cell = cell or ""
        try:
            readings.append(CODE_SEPARATOR.join(read(cell)) if cell.strip() else "")
        except ValueError:
            readings.append("")
            bad[index] = True
    indices = values.indices
    canonical = pa.DictionaryArray.from_arrays(indices, pa.array(readings, pa.string()))
    if not bad.any():
        return canonical.cast(pa.string()), np.zeros(len(indices), dtype=bool)
    rows = indices.fill_null(len(readings)).to_numpy(zero_copy_only=False)
    return canonical.cast(pa.string()), bad.take(rows)


def answered(question: TextQuestion, frame: WaveFrame) -> np.ndarray:
    return frame.filled(question.id)


def coded(question: TextQuestion, frame: WaveFrame) -> np.ndarray:
    """Where an answer carries at least one category."""
    if not question.categories or not frame.has(question.codes_key):
        return np.zeros(len(frame), dtype=bool)
    return frame.filled(question.codes_key)


def check(question: TextQuestion, frame: WaveFrame) -> np.ndarray:
    # Categories stay valid without their text: erasing personal data removes the text only.
    return np.zeros(len(frame), dtype=bool)


def indicators(question: TextQuestion, frame: WaveFrame) -> Indicators:
    """Per category who was coded with it: each distinct cell is split once, and every
    category's rows come from one lookup of the rows' cells (not one pass per cell)."""
    base = coded(question, frame)
    codes = question.category_codes()
    chosen = {code: np.zeros(len(frame), dtype=bool) for code in codes}
    if base.any():
        values = pa.array(frame.data[question.codes_key].array).cast(pa.string())
        encoded = pc.dictionary_encode(values)
        cells = [set((cell or "").split(CODE_SEPARATOR)) for cell in encoded.dictionary.to_pylist()]
        indices = encoded.indices
        if indices.null_count:
            indices = indices.fill_null(len(cells))  # the last slot: no codes
        rows = indices.to_numpy(zero_copy_only=False)
        for code in codes:
            holds = np.array([code in cell for cell in cells] + [False], dtype=bool)
            if holds.any():
                chosen[code] = holds.take(rows)
    labels = {c.code: str(c.label) for c in question.categories}
    return Indicators(base, chosen, labels, exclusive=False)


def summarise(question: TextQuestion, sample: Sample) -> TextResult:
    frame = sample.frame
    done = answered(question, frame)
    count = int(np.count_nonzero(done))
    asked = int(np.count_nonzero(frame.shown(question.id) | done))
    extra: dict[str, Any] = {}
    if question.categories:
        ind = indicators(question, frame)
        coded_count = int(np.count_nonzero(ind.base))
        extra = {
            "coded": coded_count,
            "coded_small_base": coded_count < SMALL_BASE,
            "categories": option_results(ind, sample),
        }
    return TextResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=count,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - count,
        small_base=count < SMALL_BASE,
        answered=count,
        **extra,
    )


def compare(context: CompareContext[TextQuestion]) -> Comparison | None:
    """The categories of both waves, in the earlier wave's codebook (None: a wave has none).

    The base on each side is that wave's coded answers, as in its own table; a category of the
    later wave that ``compare.recode`` maps to null is left out, merged categories count once.
    """
    question, other_question = context.question, context.other_question
    if not question.categories or not other_question.categories:
        return None
    earlier = other_question if context.current_is_later else question
    allowed = earlier.category_codes()
    labels = {c.code: c.label for c in earlier.categories}

    def to_earlier(code: str) -> str | None:
        target = context.mapping(code)
        return target if target in allowed else None

    current = indicators(question, context.sample.frame)
    other = indicators(other_question, context.other_sample.frame)
    if context.current_is_later:
        current = recode(current, to_earlier, labels)
    else:
        other = recode(other, to_earlier, labels)
    options = compare_indicators(
        current, context.sample, other, context.other_sample, allowed, labels
    )
    base_other = int(np.count_nonzero(other.base))
    base_current = int(np.count_nonzero(current.base))
    return Comparison(
        wave=context.other_sample.frame.wave,
        base=base_other,
        current_base=base_current,
        options=options,
        note=context.note,
        question=other_question.id if other_question.id != question.id else None,
        panel_n=next((o.panel.n for o in options if o.panel is not None), None),
        weighted=context.sample.weights is not None,
        small_base=min(base_other, base_current) < SMALL_BASE,
    )


def as_choice(result: TextResult) -> ChoiceResult | None:
    """The coded categories read as a multi-select question's table (None: not coded).

    Charts, key findings and the Kurzfassung treat the categories with the multi-select code:
    the base is the coded answers, the options are the categories.
    """
    if result.categories is None or result.coded is None:
        return None
    return ChoiceResult(
        id=result.id,
        type="multi",
        text=result.text,
        base=result.coded,
        asked=result.asked,
        not_asked=result.not_asked,
        no_answer=result.asked - result.coded,
        small_base=bool(result.coded_small_base),
        effective_base=None,
        comparison=result.comparison,
        comparison_missing=result.comparison_missing,
        suppressed=result.suppressed,
        options=result.categories,
    )


def crosstab(question: TextQuestion, sample: Sample, by: ByVariable) -> CrossTab | None:
    return None


SPLITS = False
OPTIONS_EXCLUSIVE = False


def complete_answer(question: TextQuestion, frame: WaveFrame) -> np.ndarray:
    return answered(question, frame)


def present(question: TextQuestion, frame: WaveFrame) -> np.ndarray:
    return shared.filled(frame, question.id)


def condition_mask(
    question: TextQuestion, frame: WaveFrame, c: Condition, here: np.ndarray
) -> np.ndarray | None:
    return None


def row_values(question: TextQuestion, frame: WaveFrame) -> list[Any]:
    if not frame.has(question.id):
        return [None] * len(frame)
    return [
        None if v is None else str(v)
        for v in cast(Any, frame.data[question.id]).to_numpy(dtype=object, na_value=None)
    ]


def free_text_columns(question: TextQuestion) -> list[str]:
    """The answer itself; the ``.codes`` column holds category codes, not words."""
    return [question.id, *shared.other_text_columns(question)]


def store_fields(question: TextQuestion) -> list[pa.Field]:
    fields = [pa.field(question.id, pa.string())]
    if question.categories:
        fields.append(pa.field(question.codes_key, pa.list_(pa.string())))
    return fields


def store_cells(question: TextQuestion, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells from the stored answers' Arrow column."""
    values = table.column(question.id).combine_chunks()
    found = {question.id: values}
    if question.categories:
        # The stored list as the column's cell ("zeit;technik"); encode() checks it.
        codes = table.column(question.codes_key).combine_chunks()
        found[question.codes_key] = pc.binary_join(codes, CODE_SEPARATOR)
    return found


def synthesise(
    q: TextQuestion, rows: int, rng: np.random.Generator, answering: np.ndarray, cells: Any
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


def attach_comparison(result: TextResult, compared: Any) -> TextResult:
    return _replace_result(result, comparison=compared)


def attach_crosstab(result: TextResult, table: Any) -> TextResult:
    return _replace_result(result, crosstab=table)


def suppress_figures(result: TextResult, small: bool) -> dict[str, Any]:
    """Nothing of its own: the disclosure step (analysis/disclosure) decides every hidden cell."""
    return {}


def terminal_lines(result: TextResult) -> list[str]:
    from umfrage.analysis.render import count, option_lines

    lines = [f"  {count(result.answered)} Antworten"]
    if result.categories is not None:
        flag = " *" if result.coded_small_base else ""
        lines.append(f"  Kategorien (Basis: {count(result.coded)} codierte Antworten{flag}):")
        lines.extend("  " + line for line in option_lines(result.categories))
    return lines


def series_indicators(question: TextQuestion, frame: WaveFrame) -> Indicators | None:
    """None: free text has no options to follow across waves."""
    return None
