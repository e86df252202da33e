"""``text``: a free text. Answer value: the text (str)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from umfrage.questionnaire.base import Answers, QuestionBase


class TextQuestion(QuestionBase):
    type_name: ClassVar[str] = "text"

    type: Literal["text"] = "text"
    multiline: bool = True
    max_length: int = Field(default=5000, ge=1, le=100_000)

    def columns(self) -> list[str]:
        return [self.id]

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if not isinstance(value, str):
            return ["Die Antwort muss ein Text sein."]
        if len(value) > self.max_length:
            return [f"Bitte fassen Sie sich kürzer (höchstens {self.max_length} Zeichen)."]
        return []

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        raw = cells.get(self.id, "")
        return {self.id: raw} if raw else {}

    def to_cells(self, answers: Answers) -> dict[str, str]:
        return {self.id: str(answers.get(self.id) or "")}
