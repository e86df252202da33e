"""Helpers shared by several analysis type modules (not a type module itself).

Column tests for conditions (see ``conditions.py``), the Arrow flag columns of the database
loader and the random weights of the synthetic generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.questionnaire.base import Condition, QuestionBase

Hit = Callable[[np.ndarray], np.ndarray]
"""Which encoded cells of an option or item column count as "chosen" for a condition."""


def numbers(frame: WaveFrame, column: str) -> np.ndarray:
    if not frame.has(column):
        return np.full(len(frame), np.nan)
    return frame.numbers(column)


def filled(frame: WaveFrame, column: str) -> np.ndarray:
    if not frame.has(column):
        return np.zeros(len(frame), dtype=bool)
    return frame.filled(column)


def number_compare(values: np.ndarray, c: Condition) -> np.ndarray:
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


def code_numbers(codes: list[str]) -> np.ndarray:
    found = []
    for code in codes:
        try:
            found.append(float(code))
        except ValueError:
            found.append(np.nan)
    return np.array(found, dtype=float)


def value_columns(question: QuestionBase) -> list[str]:
    return [c for c in question.columns() if not c.endswith(".other")]


def choice_present(question: QuestionBase, frame: WaveFrame, hit: Hit) -> np.ndarray:
    """Any option (or item) column of a multi, ranking or matrix question holds a hit."""
    mask = np.zeros(len(frame), dtype=bool)
    for column in value_columns(question):
        if frame.has(column):
            mask |= hit(frame.codes(column))
    return mask


def choice_condition(
    question: QuestionBase, frame: WaveFrame, c: Condition, here: np.ndarray, hit: Hit
) -> np.ndarray:
    """``contains`` on one option column; ``not_equals`` is true when answered; else false."""
    if c.operator == "contains":
        column = f"{question.id}.{c.contains}"
        if not frame.has(column):
            return np.zeros(len(frame), dtype=bool)
        return here & hit(frame.codes(column))
    if c.operator == "not_equals":
        return here
    return np.zeros(len(frame), dtype=bool)


def choice_columns(
    question: QuestionBase, frame: WaveFrame, keys: list[str]
) -> list[tuple[str, Any]]:
    return [
        (key, frame.codes(f"{question.id}.{key}"))
        for key in keys
        if frame.has(f"{question.id}.{key}")
    ]


def flags(indices: np.ndarray, dictionary: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(dictionary))


def dirichlet_weights(rng: np.random.Generator, k: int) -> np.ndarray:
    return rng.dirichlet(np.full(k, 1.5))


def other_text_columns(question: QuestionBase) -> list[str]:
    """The ``.other`` columns: words of respondents next to coded answers."""
    return [c for c in question.columns() if c.endswith(".other")]
