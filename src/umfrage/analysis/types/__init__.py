"""Statistics per question type, one module each, all satisfying :class:`base.AnalysisType`.

Every module defines ``encode`` (string cells → typed frame columns and flagged rows),
``answered`` (who gave any answer), ``check`` (rows whose cells break a rule across columns),
``summarise`` (the question's result), ``compare`` (against another wave, through the recode),
``crosstab`` (broken down by a single-choice question), the condition tests (``present``,
``condition_mask``, ``row_values``), the database loader's columns (``store_fields``,
``store_cells``), suppression and terminal hooks and the synthetic generator (``synthesise``);
see ``base.py`` for the full list.

Each module builds its own result class (``RESULT``, in ``analysis/results.py``: the common core
:class:`~umfrage.analysis.results.QuestionResult` plus what the type has).

To add a question type: copy the module of the closest type, adapt the functions, give it a
result class (or reuse one), check it against the protocol below like the others and add it
to ``MODULES``; the engine, reader and renderers find it by the type's name.
tests/analysis/test_type_layers.py fails while a questionnaire type has no module here.
"""

from __future__ import annotations

from typing import Any

from umfrage.analysis.results import (
    ChoiceResult,
    MatrixResult,
    NumberResult,
    RankingResult,
    TextResult,
)
from umfrage.analysis.types import matrix, multi, number, ranking, single, text
from umfrage.analysis.types.base import AnalysisType
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)

# Each module against the protocol with its own question and result class (mypy checks these).
_SINGLE: AnalysisType[SingleQuestion, ChoiceResult] = single
_MULTI: AnalysisType[MultiQuestion, ChoiceResult] = multi
_RANKING: AnalysisType[RankingQuestion, RankingResult] = ranking
_MATRIX: AnalysisType[MatrixQuestion, MatrixResult] = matrix
_NUMBER: AnalysisType[NumberQuestion, NumberResult] = number
_TEXT: AnalysisType[TextQuestion, TextResult] = text

MODULES: dict[str, AnalysisType[Any, Any]] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


class UnknownTypeError(LookupError):
    """A question type without an analysis module (a programming error, not bad input)."""


def named(type_name: str) -> AnalysisType[Any, Any]:
    try:
        return MODULES[type_name]
    except KeyError:
        raise UnknownTypeError(
            f"No analysis module for question type {type_name!r}; "
            f"known: {', '.join(MODULES)} (see umfrage/analysis/types/__init__.py)."
        ) from None


def module_for(question: object) -> AnalysisType[Any, Any]:
    return named(str(getattr(question, "type_name", "")))
