"""Conditions evaluated column-wise: who was shown a question ("not asked" otherwise).

Mirrors ``Condition.evaluate`` on the answers a row's cells give (see questionnaire/base.py);
a comparison this module cannot vectorise falls back to that very method, row by row, so the
two can never disagree. Answers to hidden questions are empty cells in valid data, so the
condition can be evaluated on the stored answers directly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from umfrage.analysis.frame import WaveFrame
from umfrage.questionnaire.base import Condition


def shown_mask(frame: WaveFrame, qid: str) -> np.ndarray:
    questionnaire = frame.questionnaire
    mask = np.ones(len(frame), dtype=bool)
    section = questionnaire.section_of(qid)
    if section.condition is not None:
        mask &= evaluate(frame, section.condition)
    question = questionnaire.question(qid)
    if question.condition is not None:
        mask &= evaluate(frame, question.condition)
    return mask


def evaluate(frame: WaveFrame, condition: Condition) -> np.ndarray:
    if condition.all is not None:
        result = np.ones(len(frame), dtype=bool)
        for child in condition.all:
            result &= evaluate(frame, child)
        return result
    if condition.any is not None:
        result = np.zeros(len(frame), dtype=bool)
        for child in condition.any:
            result |= evaluate(frame, child)
        return result
    if condition.not_ is not None:
        return ~evaluate(frame, condition.not_)
    assert condition.question is not None
    question = frame.questionnaire.question(condition.question)
    found = _vectorised(frame, question, condition)
    return found if found is not None else _row_by_row(frame, question, condition)


def present(frame: WaveFrame, question: Any) -> np.ndarray:
    """Where the answer is "present" in the sense of conditions (an empty multi is not)."""
    kind = question.type_name
    if kind == "single":
        return frame.codes(question.id) >= 0
    if kind == "number":
        return ~np.isnan(_numbers(frame, question.id))
    if kind == "text":
        return _filled(frame, question.id)
    mask = np.zeros(len(frame), dtype=bool)
    for column in _value_columns(question):
        if frame.has(column):
            values = frame.codes(column)
            mask |= values == 1 if kind == "multi" else values >= (1 if kind == "ranking" else 0)
    return mask


def _vectorised(frame: WaveFrame, question: Any, c: Condition) -> np.ndarray | None:
    kind = question.type_name
    here = present(frame, question)
    operator = c.operator
    if operator == "answered":
        return here == c.answered
    if kind == "single":
        codes = question.codes()
        values = frame.codes(question.id)
        if operator in ("equals", "not_equals"):
            expected = c.equals if operator == "equals" else c.not_equals
            same = _single_equals(values, codes, expected)
            return here & (same if operator == "equals" else ~same)
        if operator == "in":
            wanted = [codes.index(v) for v in c.in_ or () if v in codes]
            return here & np.isin(values, wanted)
        if operator == "contains":
            return here & _single_equals(values, codes, c.contains)
        numeric = _code_numbers(codes)
        as_number = np.where(values >= 0, numeric[np.maximum(values, 0)], np.nan)
        return here & _number_compare(as_number, c)
    if kind == "number":
        if operator in ("gt", "ge", "lt", "le"):
            return here & _number_compare(_numbers(frame, question.id), c)
        if operator in ("equals", "not_equals"):
            expected = c.equals if operator == "equals" else c.not_equals
            if isinstance(expected, str):
                return None
            same = _numbers(frame, question.id) == expected
            return here & (same if operator == "equals" else ~same)
        if operator == "contains":
            return np.zeros(len(frame), dtype=bool)
        return None
    if kind in ("multi", "ranking", "matrix"):
        if operator == "contains":
            column = f"{question.id}.{c.contains}"
            if not frame.has(column):
                return np.zeros(len(frame), dtype=bool)
            values = frame.codes(column)
            hit = values == 1 if kind == "multi" else values >= (1 if kind == "ranking" else 0)
            return here & hit
        if operator == "not_equals":
            return here
        return np.zeros(len(frame), dtype=bool)
    return None


def _single_equals(values: np.ndarray, codes: list[str], expected: Any) -> np.ndarray:
    if isinstance(expected, str):
        if expected not in codes:
            return np.zeros(len(values), dtype=bool)
        return values == codes.index(expected)
    numeric = _code_numbers(codes)
    matches = [i for i, v in enumerate(numeric) if v == expected]
    return np.isin(values, matches)


def _code_numbers(codes: list[str]) -> np.ndarray:
    found = []
    for code in codes:
        try:
            found.append(float(code))
        except ValueError:
            found.append(np.nan)
    return np.array(found, dtype=float)


def _number_compare(values: np.ndarray, c: Condition) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if c.gt is not None:
            return values > c.gt
        if c.ge is not None:
            return values >= c.ge
        if c.lt is not None:
            return values < c.lt
        if c.le is not None:
            return values <= c.le
    return np.zeros(len(values), dtype=bool)


def _numbers(frame: WaveFrame, column: str) -> np.ndarray:
    if not frame.has(column):
        return np.full(len(frame), np.nan)
    return frame.numbers(column)


def _filled(frame: WaveFrame, column: str) -> np.ndarray:
    if not frame.has(column):
        return np.zeros(len(frame), dtype=bool)
    return frame.filled(column)


def _value_columns(question: Any) -> list[str]:
    return [c for c in question.columns() if not c.endswith(".other")]


def _row_by_row(frame: WaveFrame, question: Any, c: Condition) -> np.ndarray:
    values = row_values(frame, question)
    return np.fromiter(
        (c.evaluate({question.id: v}) for v in values), dtype=bool, count=len(values)
    )


def row_values(frame: WaveFrame, question: Any) -> list[Any]:
    """Each row's answer to a question in the shape of an answers mapping (None: empty)."""
    kind = question.type_name
    n = len(frame)
    if kind == "single":
        codes = question.codes()
        return [codes[v] if v >= 0 else None for v in frame.codes(question.id)]
    if kind == "number":
        numbers = _numbers(frame, question.id)
        cast = int if question.decimals == 0 else float
        return [None if np.isnan(v) else cast(v) for v in numbers]
    if kind == "text":
        if not frame.has(question.id):
            return [None] * n
        return [
            None if v is None else str(v)
            for v in frame.data[question.id].to_numpy(dtype=object, na_value=None)
        ]
    keys = question.item_codes() if kind == "matrix" else question.codes()
    columns = [
        (key, frame.codes(f"{question.id}.{key}"))
        for key in keys
        if frame.has(f"{question.id}.{key}")
    ]
    found: list[Any] = []
    for row in range(n):
        if kind == "multi":
            cells = [(key, values[row]) for key, values in columns if values[row] >= 0]
            found.append([key for key, v in cells if v == 1] if cells else None)
        elif kind == "ranking":
            ranks = {key: int(values[row]) for key, values in columns if values[row] >= 0}
            found.append(ranks or None)
        else:
            scale = question.codes()
            items = {key: scale[values[row]] for key, values in columns if values[row] >= 0}
            found.append(items or None)
    return found
