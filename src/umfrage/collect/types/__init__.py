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
from typing import Any, Protocol

from django.http import QueryDict
from django.utils.safestring import SafeString

from umfrage.collect.types import matrix, multi, number, ranking, single, text
from umfrage.collect.types.base import Field
from umfrage.questionnaire.base import QuestionBase


class CollectType(Protocol):
    """What a question type provides in the web questionnaire (a module of this package)."""

    def anchor(self, question: Any) -> str: ...
    def render(self, field: Field) -> SafeString: ...
    def parse(
        self, question: Any, post: QueryDict, answers: dict[str, Any]
    ) -> tuple[dict[str, Any], list[str]]: ...
    def summary(self, question: Any, answers: Mapping[str, Any]) -> list[str]: ...
    def posted_offer(self, question: Any, post: QueryDict) -> tuple[str, ...]: ...
    def preview_detail(self, question: Any) -> str: ...


MODULES: dict[str, CollectType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


def module_for(question: QuestionBase) -> CollectType:
    """The web module of the question's type; KeyError naming the type if none is registered."""
    try:
        return MODULES[question.type_name]
    except KeyError:
        raise KeyError(
            f"Kein Web-Modul für den Fragetyp „{question.type_name}“ (umfrage.collect.types)"
        ) from None
