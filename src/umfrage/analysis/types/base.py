"""What every analysis type module provides: the :class:`AnalysisType` protocol.

The engine, reader, conditions, weighting, suppression, the terminal rendering, the synthetic
generator and the database loader call these members and never ask for a question's type.
A module satisfies the protocol structurally (mypy checks the registry in ``__init__``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from umfrage.analysis.common import ByVariable, CompareContext, Sample
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import QuestionResult
from umfrage.questionnaire.base import Condition


class AnalysisType(Protocol):
    """One question type in the analysis layer (a module in this folder)."""

    SPLITS: bool
    """Whether the type can break results down (``--by``) and carry weighting margins."""
    OPTIONS_EXCLUSIVE: bool
    """Whether options exclude each other (suppression must then hide a second cell)."""

    # Reading responses.csv
    def encode(
        self, question: Any, cells: Mapping[str, pa.Array], rows: int
    ) -> tuple[dict[str, Any], np.ndarray]: ...
    def free_text_columns(self, question: Any) -> list[str]: ...
    def answered(self, question: Any, frame: WaveFrame) -> np.ndarray: ...
    def complete_answer(self, question: Any, frame: WaveFrame) -> np.ndarray: ...
    def check(self, question: Any, frame: WaveFrame) -> np.ndarray: ...

    # Conditions ("not asked")
    def present(self, question: Any, frame: WaveFrame) -> np.ndarray: ...
    def condition_mask(
        self, question: Any, frame: WaveFrame, c: Condition, here: np.ndarray
    ) -> np.ndarray | None: ...
    def row_values(self, question: Any, frame: WaveFrame) -> list[Any]: ...

    # Statistics
    def summarise(self, question: Any, sample: Sample) -> QuestionResult: ...
    def compare(self, context: CompareContext) -> Any: ...
    def attach_comparison(self, result: QuestionResult, compared: Any) -> QuestionResult: ...
    def crosstab(self, question: Any, sample: Sample, by: ByVariable) -> Any: ...
    def attach_crosstab(self, result: QuestionResult, table: Any) -> QuestionResult: ...
    def suppress_figures(self, result: QuestionResult, small: bool) -> dict[str, Any]: ...
    def terminal_lines(self, result: QuestionResult) -> list[str]: ...

    # Database loader and synthetic data
    def store_fields(self, question: Any) -> list[pa.Field]: ...
    def store_cells(self, question: Any, table: pa.Table) -> dict[str, pa.Array]: ...
    def synthesise(
        self,
        q: Any,
        rows: int,
        rng: np.random.Generator,
        answering: np.ndarray,
        cells: Any,
    ) -> dict[str, np.ndarray]: ...
