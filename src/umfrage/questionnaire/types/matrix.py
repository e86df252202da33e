"""``matrix``: items rated on one scale. Answer value: ``{item: scale code}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from umfrage.questionnaire.base import Answers, CellError, Item, Option, QuestionBase
from umfrage.questionnaire.types.single import canonical_code


class MatrixQuestion(QuestionBase):
    type_name: ClassVar[str] = "matrix"
    has_options: ClassVar[bool] = True
    set_valued: ClassVar[bool] = True

    type: Literal["matrix"] = "matrix"
    items: tuple[Item, ...] = Field(min_length=1)
    scale: tuple[Option, ...] = Field(min_length=2)
    ordinal: bool = True

    @property
    def options(self) -> tuple[Option, ...]:
        """The scale; lets code that reads options treat a matrix like the other choice types."""
        return self.scale

    def codes(self) -> list[str]:
        return [o.code for o in self.scale]

    def item_codes(self) -> list[str]:
        return [i.code for i in self.items]

    def option(self, code: str) -> Option | None:
        return next((o for o in self.scale if o.code == code), None)

    def recode_codes(self) -> list[str] | None:
        return self.codes()

    def condition_codes(self) -> list[str] | None:
        return self.item_codes()

    def columns(self) -> list[str]:
        return [f"{self.id}.{item}" for item in self.item_codes()]

    def validate_answer(self, answers: Answers) -> list[str]:
        value = answers.get(self.id)
        if self.required and (not value or len(value) < len(self.items)):
            return ["Bitte beantworten Sie jede Zeile."]
        if not value:
            return []
        return self.check_value(value, answers)

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if not isinstance(value, dict):
            return ["Die Antwort muss je Zeile einen Skalenwert enthalten."]
        problems: list[str] = []
        for item, code in value.items():
            if item not in self.item_codes():
                problems.append(f"„{item}“ ist keine Zeile dieser Frage.")
            elif self.option(str(code)) is None:
                problems.append(f"„{code}“ ist kein Wert der Skala.")
        return problems

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        value: dict[str, str] = {}
        for item in self.item_codes():
            column = f"{self.id}.{item}"
            raw = cells.get(column, "").strip()
            if raw == "":
                continue
            code = canonical_code(raw, self.codes())
            if code is None:
                raise CellError(
                    column, f"„{raw}“ ist kein Wert der Skala (erlaubt: {', '.join(self.codes())})"
                )
            value[item] = code
        return {self.id: value} if value else {}

    def to_cells(self, answers: Answers) -> dict[str, str]:
        value = answers.get(self.id) or {}
        return {f"{self.id}.{item}": str(value.get(item, "")) for item in self.item_codes()}
