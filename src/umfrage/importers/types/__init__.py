"""One import module per question type, mirroring ``umfrage.questionnaire.types``.

Each module provides what ``ImportType`` lists: the role of the type's columns, how a source cell
becomes our cell, which rank cell names which option, the blank cells that mean "not chosen", and
the SPSS storage (numeric or text) and value labels. What a type means to a LimeSurvey structure
and its response columns is in ``umfrage.importers.limesurvey.types``. To add a type: copy the
module of the closest type and register it in ``MODULES``;
``tests/questionnaire/test_type_layers.py`` fails while a type of the questionnaire layer has no
module here.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from umfrage.importers.mapping import Mapping
from umfrage.importers.types import matrix, multi, number, ranking, single, text
from umfrage.questionnaire.base import QuestionBase
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)

Q = TypeVar("Q", bound=QuestionBase, contravariant=True)


class ImportType(Protocol[Q]):
    """What a question type provides to the importers (a module of this package); ``Q`` is the
    type's questionnaire class, which each module's functions take."""

    def column_role(self, question: Q) -> str: ...
    def cell(self, question: Q, text: str, labels: dict[str, str], mapping: Mapping) -> str: ...
    def rank_code(self, question: Q, text: str) -> str | None: ...
    def fill_unchosen(self, question: Q, row: dict[str, str]) -> None: ...
    def spss_numeric(self, question: Q) -> bool: ...
    def spss_labels(self, question: Q, numeric: bool) -> dict[Any, str]: ...


# Each module checked against the protocol with its own question class, then registered.
_single: ImportType[SingleQuestion] = single
_multi: ImportType[MultiQuestion] = multi
_ranking: ImportType[RankingQuestion] = ranking
_matrix: ImportType[MatrixQuestion] = matrix
_number: ImportType[NumberQuestion] = number
_text: ImportType[TextQuestion] = text

MODULES: dict[str, ImportType[Any]] = {
    "single": _single,
    "multi": _multi,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "text": _text,
}


def module_for(question: QuestionBase) -> ImportType[Any]:
    """The import module of the question's type; KeyError naming the type if none exists."""
    try:
        return MODULES[question.type_name]
    except KeyError:
        raise KeyError(
            f"Kein Import-Modul für den Fragetyp „{question.type_name}“ (umfrage.importers.types)"
        ) from None
