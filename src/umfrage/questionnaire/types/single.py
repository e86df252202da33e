"""``single``: one answer from a list of options. Answer value: the option code (str)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from umfrage.questionnaire.base import (
    LENGTH_CEILING,
    OTHER_MAX_LENGTH,
    Answers,
    CellError,
    ChoiceMixin,
    Option,
    QuestionBase,
)


class SingleQuestion(ChoiceMixin, QuestionBase):
    type_name: ClassVar[str] = "single"
    has_options: ClassVar[bool] = True
    allows_other: ClassVar[bool] = True
    splits_results: ClassVar[bool] = True

    type: Literal["single"] = "single"
    options: tuple[Option, ...] = Field(min_length=2)
    ordinal: bool = False
    """The codes form an ordered scale (e.g. 1 = sehr gut … 5 = gar nicht)."""
    dropdown: bool = False
    """Render as a select box (long lists such as the Länder)."""
    other_max_length: int = Field(default=OTHER_MAX_LENGTH, ge=1, le=LENGTH_CEILING)
    """The longest "please specify" text of the ``other`` option, in characters."""

    def columns(self) -> list[str]:
        if not self.other_option():
            return [self.id]
        return [self.id, f"{self.id}.other", *self.other_coding_keys()]

    def answer_keys(self) -> list[str]:
        return self.columns()

    def validate_answer(self, answers: Answers) -> list[str]:
        return (
            super().validate_answer(answers)
            + self.other_problems(answers)
            + self.other_codes_problems(answers)
        )

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        option = self.option(str(value))
        if option is None:
            return [f"„{value}“ ist keine der Antwortmöglichkeiten."]
        return []

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        raw = cells.get(self.id, "").strip()
        if raw:
            code = canonical_code(raw, self.codes())
            if code is None:
                raise CellError(
                    self.id,
                    f"„{raw}“ ist kein Code dieser Frage (erlaubt: {', '.join(self.codes())})",
                )
            found[self.id] = code
        found.update(self.other_from_cell(cells))
        found.update(self.other_codes_from_cell(cells))
        return found

    def to_cells(self, answers: Answers) -> dict[str, str]:
        cells = {self.id: str(answers.get(self.id) or "")}
        if self.other_option():
            cells[f"{self.id}.other"] = str(answers.get(f"{self.id}.other") or "")
        cells.update(self.other_codes_to_cells(answers))
        return cells


def canonical_code(raw: str, codes: list[str]) -> str | None:
    """The option code that a cell means; spreadsheets turn `1` into `1.0`."""
    if raw in codes:
        return raw
    if raw.endswith(".0") and raw[:-2] in codes:
        return raw[:-2]
    return None
