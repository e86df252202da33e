"""``number``: an integer or decimal within a range. Answer value: int (or float with decimals)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from umfrage import formatting as fmt
from umfrage.questionnaire.base import Answers, CellError, QuestionBase
from umfrage.questionnaire.texts import Text

WAVE_YEAR = "wave_year"
"""A ``min``/``max`` that is the year of the questionnaire's wave (its ``wave`` id as a year)."""


def wave_year(wave: object) -> int | None:
    """The year a wave id names (``"2026"`` → 2026), None if the id is not a four-digit year."""
    text = str(wave or "").strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


class NumberQuestion(QuestionBase):
    type_name: ClassVar[str] = "number"
    numeric: ClassVar[bool] = True

    type: Literal["number"] = "number"
    min: float | None = None
    max: float | None = None
    decimals: int = Field(default=0, ge=0, le=6)
    unit: Text | None = None
    grouping: bool = True
    """Thousands separator in reports (``1.234``); false for years, where ``2.008`` misleads."""

    @field_validator("min", "max", mode="before")
    @classmethod
    def _wave_year(cls, value: Any, info: ValidationInfo) -> Any:
        """``wave_year`` becomes the year of the wave once, at load, so that every user of the
        limits (answer checks, hints, preview, codebook) sees a plain number; the YAML keeps
        ``wave_year`` and a new wave's copy therefore follows its own year."""
        if value != WAVE_YEAR:
            return value
        wave = (info.context or {}).get("wave")
        year = wave_year(wave)
        if year is None:
            raise ValueError(
                f"„{WAVE_YEAR}“ steht für das Jahr der Welle, aber die Welle „{wave or ''}“ "
                "ist kein Jahr. → Benennen Sie die Welle mit ihrem Jahr (z. B. „2026“) oder "
                f"geben Sie bei „{info.field_name}“ eine Zahl an."
            )
        return year

    @model_validator(mode="after")
    def _range(self) -> NumberQuestion:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(
                f"min ({self.min:g}) ist größer als max ({self.max:g}). → "
                "Tauschen Sie die beiden Werte oder korrigieren Sie einen davon."
            )
        return self

    def upper_limit(self) -> float | None:
        return self.max

    def columns(self) -> list[str]:
        return [self.id]

    def range_text(self) -> str:
        # Written as the respondent types them: no thousands dot (a year "1.990" misleads).
        low = "" if self.min is None else fmt.number(self.min, None, grouping=False)
        high = "" if self.max is None else fmt.number(self.max, None, grouping=False)
        if low and high:
            return f"{low} bis {high}"
        if low:
            return f"mindestens {low}"
        return f"höchstens {high}" if high else ""

    def parse(self, raw: str) -> int | float:
        """A typed-in number (German or English decimal mark) as its value; ValueError if none."""
        text = raw.strip().replace(" ", "")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")  # 1.234,5
        else:
            text = text.replace(",", ".")
        number = float(text)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(raw)
        if self.decimals == 0:
            if number != int(number):
                raise ValueError(raw)
            return int(number)
        return round(number, self.decimals)

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ["Bitte geben Sie eine Zahl ein."]
        if self.decimals == 0 and value != int(value):
            return ["Bitte geben Sie eine ganze Zahl ein."]
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            # Worded as the page's hint (umfrage.collect.types.number.hint): "ganze Zahl" there,
            # so here too.
            kind = "ganze Zahl" if self.decimals == 0 else "Zahl"
            return [f"Bitte geben Sie eine {kind} von {self.range_text()} ein."]
        return []

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        raw = cells.get(self.id, "").strip()
        if raw == "":
            return {}
        try:
            return {self.id: self.parse(raw)}
        except ValueError:
            kind = "ganze Zahl" if self.decimals == 0 else "Zahl"
            raise CellError(self.id, f"„{raw}“ ist keine {kind}") from None

    def to_cells(self, answers: Answers) -> dict[str, str]:
        value = answers.get(self.id)
        if value is None:
            return {self.id: ""}
        if self.decimals == 0:
            return {self.id: str(int(value))}
        return {self.id: f"{value:.{self.decimals}f}".rstrip("0").rstrip(".")}
