"""One module per question type: its spec fields, answer validation and CSV columns.

To add a type, copy the module of the closest existing type, rename the class and its
``type`` literal, and add it to ``QUESTION_TYPES`` below; everything else (loading, checks,
storage, CSV) finds it through the class's methods.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol

from umfrage.questionnaire.base import Answers, QuestionBase
from umfrage.questionnaire.types.matrix import MatrixQuestion
from umfrage.questionnaire.types.multi import MultiQuestion
from umfrage.questionnaire.types.number import NumberQuestion
from umfrage.questionnaire.types.ranking import RankingQuestion
from umfrage.questionnaire.types.single import SingleQuestion
from umfrage.questionnaire.types.text import TextQuestion


class QuestionType(Protocol):
    """What a question type provides in the questionnaire layer: its spec, answer checks and
    cells (``QuestionBase``), and what the checks and other layers ask instead of switching
    on the type. Every class in ``QUESTION_TYPES`` provides all of it."""

    type_name: ClassVar[str]
    has_options: ClassVar[bool]
    allows_exclusive: ClassVar[bool]
    allows_other: ClassVar[bool]
    reserves_other_code: ClassVar[bool]
    numeric: ClassVar[bool]
    set_valued: ClassVar[bool]
    splits_results: ClassVar[bool]
    id: str

    def columns(self) -> list[str]: ...
    def answer_keys(self) -> list[str]: ...
    def validate_answer(self, answers: Answers) -> list[str]: ...
    def check_value(self, value: Any, answers: Answers) -> list[str]: ...
    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]: ...
    def to_cells(self, answers: Answers) -> dict[str, str]: ...
    def recode_codes(self) -> list[str] | None: ...
    def condition_codes(self) -> list[str] | None: ...
    def keeps_empty(self, value: Any) -> bool: ...
    def offered(self, answers: Answers) -> list[str] | None: ...
    def upper_limit(self) -> float | None: ...
    def free_text_keys(self) -> list[str]: ...
    def coding(self) -> tuple[str, list[str]] | None: ...
    def in_canonical_order(self, key: str, value: Any) -> Any: ...
    def spec_problems(self, path: tuple[Any, ...], add: Callable[..., None]) -> None: ...
    def reference_problems(
        self,
        path: tuple[Any, ...],
        index: int,
        position: Mapping[str, int],
        lookup: Callable[[str], QuestionBase],
        add: Callable[..., None],
    ) -> None: ...


QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    cls.type_name: cls
    for cls in (
        SingleQuestion,
        MultiQuestion,
        RankingQuestion,
        MatrixQuestion,
        NumberQuestion,
        TextQuestion,
    )
}


def question_class(type_name: str) -> type[QuestionBase]:
    """The class of a question type; KeyError naming the known types for an unknown one."""
    try:
        return QUESTION_TYPES[type_name]
    except KeyError:
        raise KeyError(
            f"Unbekannter Fragetyp „{type_name}“ (bekannt: {', '.join(QUESTION_TYPES)})"
        ) from None


__all__ = [
    "QUESTION_TYPES",
    "MatrixQuestion",
    "MultiQuestion",
    "NumberQuestion",
    "QuestionType",
    "RankingQuestion",
    "SingleQuestion",
    "TextQuestion",
    "question_class",
]
