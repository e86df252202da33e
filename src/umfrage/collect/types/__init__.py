"""One web module per question type, mirroring ``umfrage.questionnaire.types``.

Each module provides what ``CollectType`` lists: ``anchor(question)``, ``render(field)``,
``parse(question, post, answers)``, ``summary(question, answers)`` (see ``base``),
``posted_offer(question, post)`` (which options a posted page offered) and
``preview_detail(question)`` (the preview's extra line). To add a type: copy the module of the
closest type and register it in ``MODULES`` below; ``tests/questionnaire/test_type_layers.py``
fails while a type of the questionnaire layer has no module here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from django.http import QueryDict
from django.utils.safestring import SafeString

from umfrage.collect.types import matrix, multi, number, ranking, single, text
from umfrage.collect.types.base import Field
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


class CollectType(Protocol[Q]):
    """What a question type provides in the web questionnaire (a module of this package); ``Q``
    is the type's questionnaire class, which each module's functions take."""

    def anchor(self, question: Q) -> str: ...
    def render(self, field: Field[Q]) -> SafeString: ...
    def parse(
        self, question: Q, post: QueryDict, answers: dict[str, Any]
    ) -> tuple[dict[str, Any], list[str]]: ...
    def summary(self, question: Q, answers: Mapping[str, Any]) -> list[str]: ...
    def posted_offer(self, question: Q, post: QueryDict) -> tuple[str, ...]: ...
    def preview_detail(self, question: Q) -> str: ...


# Each module checked against the protocol with its own question class, then registered.
_single: CollectType[SingleQuestion] = single
_multi: CollectType[MultiQuestion] = multi
_ranking: CollectType[RankingQuestion] = ranking
_matrix: CollectType[MatrixQuestion] = matrix
_number: CollectType[NumberQuestion] = number
_text: CollectType[TextQuestion] = text

MODULES: dict[str, CollectType[Any]] = {
    "single": _single,
    "multi": _multi,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "text": _text,
}


def module_for(question: QuestionBase) -> CollectType[Any]:
    """The web module of the question's type; KeyError naming the type if none is registered."""
    try:
        return MODULES[question.type_name]
    except KeyError:
        raise KeyError(
            f"Kein Web-Modul für den Fragetyp „{question.type_name}“ (umfrage.collect.types)"
        ) from None
