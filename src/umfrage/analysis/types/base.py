"""What every analysis type module provides: the :class:`AnalysisType` protocol.

The engine, reader, conditions, weighting, suppression, the terminal rendering, the synthetic
generator and the database loader call these members and never ask for a question's type.
A module satisfies the protocol structurally: the protocol is generic in the module's question
class (``Q``, e.g. ``SingleQuestion``) and result class (``R``, e.g. ``ChoiceResult``), and
``__init__`` checks every module against it with its own two classes, so mypy checks each
function's parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

import numpy as np
import pyarrow as pa

from umfrage.analysis.common import ByVariable, CompareContext, Indicators, Sample
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import QuestionResult
from umfrage.questionnaire.base import Condition, QuestionBase

Q = TypeVar("Q", bound=QuestionBase, contravariant=True)
R = TypeVar("R", bound=QuestionResult)


class AnalysisType(Protocol[Q, R]):
    """One question type in the analysis layer (a module in this folder)."""

    SPLITS: bool
    """Whether the type can break results down (``--by``) and carry weighting margins."""
    OPTIONS_EXCLUSIVE: bool
    """Whether options exclude each other (suppression must then hide a second cell)."""
    RESULT: type[R]
    """The type's result class (the common core of :class:`QuestionResult` plus its part)."""

    # Reading responses.csv
    def encode(
        self, question: Q, cells: Mapping[str, pa.Array], rows: int
    ) -> tuple[dict[str, Any], np.ndarray]: ...
    def free_text_columns(self, question: Q) -> list[str]: ...
    def answered(self, question: Q, frame: WaveFrame) -> np.ndarray: ...
    def complete_answer(self, question: Q, frame: WaveFrame) -> np.ndarray: ...
    def check(self, question: Q, frame: WaveFrame) -> np.ndarray: ...

    # Conditions ("not asked")
    def present(self, question: Q, frame: WaveFrame) -> np.ndarray: ...
    def condition_mask(
        self, question: Q, frame: WaveFrame, c: Condition, here: np.ndarray
    ) -> np.ndarray | None: ...
    def row_values(self, question: Q, frame: WaveFrame) -> list[Any]: ...

    # Statistics
    def summarise(self, question: Q, sample: Sample) -> R: ...
    def compare(self, context: CompareContext[Q]) -> Any: ...
    def attach_comparison(self, result: R, compared: Any) -> R: ...
    def crosstab(self, question: Q, sample: Sample, by: ByVariable) -> Any: ...
    def series_indicators(self, question: Q, frame: WaveFrame) -> Indicators | None:
        """Base and chosen codes for a series across waves (None: the type draws no series)."""
        ...

    def attach_crosstab(self, result: R, table: Any) -> R: ...
    def suppress_figures(self, result: R, small: bool) -> dict[str, Any]: ...
    def terminal_lines(self, result: R) -> list[str]: ...

    # Database loader and synthetic data
    def store_fields(self, question: Q) -> list[pa.Field]: ...
    def store_cells(self, question: Q, table: pa.Table) -> dict[str, pa.Array]: ...
    def synthesise(
        self,
        q: Q,
        rows: int,
        rng: np.random.Generator,
        answering: np.ndarray,
        cells: Any,
    ) -> dict[str, np.ndarray]: ...
