"""The typed registry of the reporting type modules (imported on first use, see ``__init__``)."""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import (
    ChoiceResult,
    MatrixResult,
    NumberResult,
    RankingResult,
    TextResult,
)
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)
from umfrage.reporting.types import matrix, multi, number, ranking, single, text
from umfrage.reporting.types.base import ReportType

# Each module against the protocol with its own question and result class (mypy checks these).
_SINGLE: ReportType[SingleQuestion, ChoiceResult] = single
_MULTI: ReportType[MultiQuestion, ChoiceResult] = multi
_RANKING: ReportType[RankingQuestion, RankingResult] = ranking
_MATRIX: ReportType[MatrixQuestion, MatrixResult] = matrix
_NUMBER: ReportType[NumberQuestion, NumberResult] = number
_TEXT: ReportType[TextQuestion, TextResult] = text

MODULES: dict[str, ReportType[Any, Any]] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}
