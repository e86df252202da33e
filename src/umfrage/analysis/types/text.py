"""``text``: how many gave an answer. Free texts themselves are never part of a result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from umfrage.analysis.common import ByVariable, Sample
from umfrage.analysis.frame import WaveFrame, text_array
from umfrage.analysis.results import SMALL_BASE, CrossTab, QuestionResult


def encode(
    question: Any, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    empty = pa.array([""] * rows, pa.string())
    raw = cells.get(question.id, empty)
    lengths = pc.utf8_length(pc.fill_null(raw.cast(pa.string()), "")).to_numpy(zero_copy_only=False)
    return {question.id: text_array(raw)}, lengths > question.max_length


def answered(question: Any, frame: WaveFrame) -> np.ndarray:
    return frame.filled(question.id)


def check(question: Any, frame: WaveFrame) -> np.ndarray:
    return np.zeros(len(frame), dtype=bool)


def summarise(question: Any, sample: Sample) -> QuestionResult:
    frame = sample.frame
    done = answered(question, frame)
    count = int(np.count_nonzero(done))
    asked = int(np.count_nonzero(frame.shown(question.id) | done))
    return QuestionResult(
        id=question.id,
        type=question.type_name,
        text=question.text,
        base=count,
        asked=asked,
        not_asked=len(frame) - asked,
        no_answer=asked - count,
        small_base=count < SMALL_BASE,
        answered=count,
    )


def compare(*args: Any, **kwargs: Any) -> None:
    """Free texts are not compared between waves."""
    return None


def crosstab(question: Any, sample: Sample, by: ByVariable) -> CrossTab | None:
    return None
