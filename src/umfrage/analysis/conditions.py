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
from umfrage.analysis.types import module_for
from umfrage.questionnaire.base import Condition, QuestionBase


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


def present(frame: WaveFrame, question: QuestionBase) -> np.ndarray:
    """Where the answer is "present" in the sense of conditions (an empty multi is not)."""
    return module_for(question).present(question, frame)


def _vectorised(frame: WaveFrame, question: QuestionBase, c: Condition) -> np.ndarray | None:
    here = present(frame, question)
    if c.operator == "answered":
        return here == c.answered
    return module_for(question).condition_mask(question, frame, c, here)


def _row_by_row(frame: WaveFrame, question: QuestionBase, c: Condition) -> np.ndarray:
    values = row_values(frame, question)
    return np.fromiter(
        (c.evaluate({question.id: v}) for v in values), dtype=bool, count=len(values)
    )


def row_values(frame: WaveFrame, question: QuestionBase) -> list[Any]:
    """Each row's answer to a question in the shape of an answers mapping (None: empty)."""
    return module_for(question).row_values(question, frame)
