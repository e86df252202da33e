"""One import module per question type, mirroring ``umfrage.questionnaire.types``.

Each module provides what ``ImportType`` lists: the role of the type's columns, how a source cell
becomes our cell, which rank cell names which option, the blank cells that mean "not chosen", and
the SPSS storage (numeric or text) and value labels. To add a type: copy the module of the closest
type and register it in ``MODULES``; ``tests/questionnaire/test_type_layers.py`` fails while a type
of the questionnaire layer has no module here.
"""

from __future__ import annotations

from typing import Any, Protocol

from umfrage.importers.mapping import Mapping
from umfrage.importers.types import matrix, multi, number, ranking, single, text
from umfrage.questionnaire.base import QuestionBase


class ImportType(Protocol):
    """What a question type provides to the importers (a module of this package)."""

    def column_role(self, question: Any) -> str: ...
    def cell(self, question: Any, text: str, labels: dict[str, str], mapping: Mapping) -> str: ...
    def rank_code(self, question: Any, text: str) -> str | None: ...
    def fill_unchosen(self, question: Any, row: dict[str, str]) -> None: ...
    def spss_numeric(self, question: Any) -> bool: ...
    def spss_labels(self, question: Any, numeric: bool) -> dict[Any, str]: ...
    def limesurvey_columns(self, question: Any, columns: dict[str, Any]) -> None: ...


MODULES: dict[str, ImportType] = {
    "single": single,
    "multi": multi,
    "ranking": ranking,
    "matrix": matrix,
    "number": number,
    "text": text,
}


def module_for(question: QuestionBase) -> ImportType:
    """The import module of the question's type; KeyError naming the type if none exists."""
    try:
        return MODULES[question.type_name]
    except KeyError:
        raise KeyError(
            f"Kein Import-Modul für den Fragetyp „{question.type_name}“ (umfrage.importers.types)"
        ) from None
