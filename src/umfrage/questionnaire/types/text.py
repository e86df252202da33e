"""``text``: a free text. Answer value: the text (str).

A text question may declare ``categories`` for coding the answers after the field period.
The codes given to one answer sit in the column ``<qid>.codes``, separated by ``;`` (empty:
not coded); the answers mapping keeps them as a list under ``"<qid>.codes"`` in category order.

The categories are the question's codebook: each has a code and a label like an option, and may
say what belongs in it (``description``) and name ``keywords`` that suggest it for a text
(docs/questionnaire-format.md, "Coding free texts"). A later wave copies the codebook, so the
categories count the same way in both waves and are compared like a multiple choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from umfrage.questionnaire.base import (
    CODE_SEPARATOR,
    LENGTH_CEILING,
    TEXT_MAX_LENGTH,
    Answers,
    Category,
    CellError,
    QuestionBase,
    count_text,
    read_codes,
    too_long,
)

__all__ = ["CODE_SEPARATOR", "Category", "TextQuestion"]


class TextQuestion(QuestionBase):
    type_name: ClassVar[str] = "text"

    type: Literal["text"] = "text"
    multiline: bool = True
    max_length: int = Field(default=TEXT_MAX_LENGTH, ge=1, le=LENGTH_CEILING)
    """The longest answer, in characters (line breaks count as one)."""
    categories: tuple[Category, ...] = ()
    """The codebook: codes for analysts' coding of the answers (several per answer possible)."""

    @property
    def codes_key(self) -> str:
        return f"{self.id}.codes"

    def category_codes(self) -> list[str]:
        return [c.code for c in self.categories]

    def recode_codes(self) -> list[str] | None:
        """A later wave may map its categories onto an earlier wave's (``compare.recode``)."""
        return self.category_codes() if self.categories else None

    def coding(self) -> tuple[str, list[str]] | None:
        return (self.codes_key, self.category_codes()) if self.categories else None

    def codebook(self) -> tuple[Category, ...]:
        return self.categories

    def free_text_keys(self) -> list[str]:
        return [self.id]

    def columns(self) -> list[str]:
        return [self.id, self.codes_key] if self.categories else [self.id]

    def answer_keys(self) -> list[str]:
        return [self.id, self.codes_key] if self.categories else [self.id]

    def validate_answer(self, answers: Answers) -> list[str]:
        found = super().validate_answer(answers)
        codes = answers.get(self.codes_key)
        if self.categories and codes not in (None, []):
            found.extend(self.check_codes(codes))
        return found

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if not isinstance(value, str):
            return ["Die Antwort muss ein Text sein."]
        problem = too_long(value, self.max_length)
        return [problem] if problem else []

    def check_codes(self, codes: Any) -> list[str]:
        if not isinstance(codes, list | tuple):
            return ["Die Kategorien müssen eine Liste von Codes sein."]
        known = self.category_codes()
        problems = [f"„{c}“ ist keine Kategorie dieser Frage." for c in codes if c not in known]
        if not problems and len(set(codes)) != len(codes):
            problems.append("Jede Kategorie kann einer Antwort nur einmal zugeordnet werden.")
        return problems

    def read_codes(self, raw: str) -> list[str]:
        """The codes of one ``<qid>.codes`` cell in category order; ValueError names the fault."""
        return read_codes(raw, self.category_codes())

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        raw = cells.get(self.id, "")
        if len(raw) > self.max_length:
            raise CellError(
                self.id,
                f"Der Text ist {count_text(len(raw))} Zeichen lang, erlaubt sind höchstens "
                f"{count_text(self.max_length)} (max_length der Frage)",
            )
        found: dict[str, Any] = {self.id: raw} if raw else {}
        if self.categories:
            coded = cells.get(self.codes_key, "")
            if coded.strip():
                try:
                    found[self.codes_key] = self.read_codes(coded)
                except ValueError as exc:
                    raise CellError(self.codes_key, str(exc)) from None
        return found

    def to_cells(self, answers: Answers) -> dict[str, str]:
        cells = {self.id: str(answers.get(self.id) or "")}
        if self.categories:
            codes = answers.get(self.codes_key) or []
            cells[self.codes_key] = CODE_SEPARATOR.join(
                c for c in self.category_codes() if c in codes
            )
        return cells
