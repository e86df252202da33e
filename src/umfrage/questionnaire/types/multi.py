"""``multi``: several answers. Answer value: list of chosen codes in option order.

A missing key means "not asked / no answer". Nothing ticked is no answer too (contracts.md §2):
the web questionnaire stores no key then, a ``responses.csv`` row of only ``0`` is read as no
answer, and an empty list (still accepted, e.g. from older data) is written out as empty cells
and is outside the analysis base. A question with an exclusive "none" option gets that option
ticked as its explicit "none of these" answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


class MultiQuestion(ChoiceMixin, QuestionBase):
    type_name: ClassVar[str] = "multi"
    has_options: ClassVar[bool] = True
    allows_exclusive: ClassVar[bool] = True
    allows_other: ClassVar[bool] = True
    reserves_other_code: ClassVar[bool] = True
    set_valued: ClassVar[bool] = True

    type: Literal["multi"] = "multi"
    options: tuple[Option, ...] = Field(min_length=1)
    max: int | None = Field(default=None, ge=1)
    """At most this many options may be chosen (exclusive options count too)."""
    other_max_length: int = Field(default=OTHER_MAX_LENGTH, ge=1, le=LENGTH_CEILING)
    """The longest "please specify" text of the ``other`` option, in characters."""

    def in_canonical_order(self, key: str, value: Any) -> Any:
        return [c for c in self.codes() if c in value] if key == self.id else value

    def keeps_empty(self, value: Any) -> bool:
        return bool(value == [])

    def spec_problems(self, path: tuple[Any, ...], add: Callable[..., None]) -> None:
        if self.max is not None and self.max > len(self.options):
            add(
                (*path, "max"),
                self.id,
                f"max ist {self.max}, es gibt aber nur {len(self.options)} Antworten.",
                f"Setzen Sie max auf höchstens {len(self.options)} oder lassen Sie max weg.",
            )

    def columns(self) -> list[str]:
        cols = [f"{self.id}.{code}" for code in self.codes()]
        if not self.other_option():
            return cols
        return [*cols, f"{self.id}.other", *self.other_coding_keys()]

    def answer_keys(self) -> list[str]:
        if not self.other_option():
            return [self.id]
        return [self.id, f"{self.id}.other", *self.other_coding_keys()]

    def validate_answer(self, answers: Answers) -> list[str]:
        return (
            self._chosen_problems(answers)
            + self.other_problems(answers)
            + self.other_codes_problems(answers)
        )

    def _chosen_problems(self, answers: Answers) -> list[str]:
        value = answers.get(self.id)
        if self.required and not value:
            return ["Bitte wählen Sie mindestens eine Antwort."]
        if value is None:
            return []
        return self.check_value(value, answers)

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if not isinstance(value, list | tuple):
            return ["Die Antwort muss eine Liste von Codes sein."]
        problems = [
            f"„{c}“ ist keine der Antwortmöglichkeiten."
            for c in value
            if self.option(str(c)) is None
        ]
        if problems:
            return problems
        if len(set(value)) != len(value):
            return ["Jede Antwort kann nur einmal gewählt werden."]
        if self.max is not None and len(value) > self.max:
            return [f"Bitte wählen Sie höchstens {self.max} Antworten."]
        exclusive = [c for c in value if (o := self.option(str(c))) is not None and o.exclusive]
        if exclusive and len(value) > 1:
            label = self.option(str(exclusive[0])).label  # type: ignore[union-attr]
            return [f"„{label}“ kann nicht zusammen mit anderen Antworten gewählt werden."]
        return []

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        chosen: list[str] = []
        seen = False
        for code in self.codes():
            column = f"{self.id}.{code}"
            raw = cells.get(column, "").strip()
            if raw == "":
                continue
            seen = True
            if raw in ("1", "1.0"):
                chosen.append(code)
            elif raw not in ("0", "0.0"):
                raise CellError(column, f"„{raw}“ ist weder 1 (gewählt) noch 0 (nicht gewählt)")
        found: dict[str, Any] = {}
        if seen and chosen:
            # A row of only ``0`` ticks nothing: no answer (contracts.md §2), like empty cells.
            found[self.id] = chosen
        found.update(self.other_from_cell(cells))
        found.update(self.other_codes_from_cell(cells))
        return found

    def to_cells(self, answers: Answers) -> dict[str, str]:
        value = answers.get(self.id)
        # Nothing ticked (an empty list, as stored before migration collect/0005) is written
        # as no answer: all cells empty (contracts.md §2).
        cells = {
            f"{self.id}.{code}": ("" if not value else ("1" if code in value else "0"))
            for code in self.codes()
        }
        if self.other_option():
            cells[f"{self.id}.other"] = str(answers.get(f"{self.id}.other") or "")
        cells.update(self.other_codes_to_cells(answers))
        return cells
