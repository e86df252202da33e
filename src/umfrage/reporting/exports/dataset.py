"""One wave's responses as a labelled table: the shape every export format writes.

The columns are those of ``responses.csv`` (contracts.md §2), each with a German label and, for
coded answers, numeric values with value labels (what SPSS and Stata need). Numeric codes: when
every option code of a question is a whole number (a scale such as ``1`` … ``5``, ``9``) those
numbers are kept; otherwise options are numbered 1, 2, 3 … in questionnaire order. The codebook
records both, so nothing is lost on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from umfrage import titles
from umfrage.questionnaire.base import Option
from umfrage.questionnaire.spec import Question, Questionnaire
from umfrage.questionnaire.types import MultiQuestion, SingleQuestion
from umfrage.reporting.tables import Table
from umfrage.reporting.types import named
from umfrage.surveyfolder.responses import META_COLUMNS, ResponseRecord, record_to_row

Kind = Literal["string", "numeric"]

CHOSEN_LABELS = {0: "nicht gewählt", 1: "gewählt"}

META_LABELS = {
    "organisation": "Kennung der Organisation (leer: anonym)",
    "submitted_at": "Abgabezeitpunkt (ISO 8601)",
    "status": "Status der Antwort (complete = vollständig, partial = unvollständig)",
}


@dataclass(frozen=True)
class ValueLabel:
    value: int
    code: str
    label: str

    def __post_init__(self) -> None:
        # A questionnaire's label is a Text (a str subclass with its translations); the
        # statistics formats' writers accept plain str only.
        object.__setattr__(self, "label", str(self.label))


@dataclass(frozen=True)
class Variable:
    """One column: its contract name, label, kind and (for coded answers) value labels."""

    name: str
    label: str
    kind: Kind
    question: str | None = None
    question_type: str | None = None
    values: tuple[ValueLabel, ...] = ()
    free_text: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", str(self.label))  # see ValueLabel

    def numeric_of(self, code: str) -> int:
        for value in self.values:
            if value.code == code:
                return value.value
        raise KeyError(code)

    def value_labels(self) -> dict[int, str]:
        return {v.value: v.label for v in self.values}


@dataclass(frozen=True)
class Dataset:
    """A wave's responses with the labels of its questionnaire."""

    survey: str
    survey_title: str
    wave: str
    wave_title: str
    synthetic: bool
    variables: tuple[Variable, ...]
    cells: tuple[tuple[str, ...], ...]
    """Rows exactly as ``responses.csv`` writes them (strings, empty = no answer)."""
    notes: tuple[str, ...] = field(default=())
    tables: tuple[Table, ...] = field(default=())
    """Result tables (from the analysis) that formats with room for them add, e.g. Excel."""
    translations: tuple[tuple[str, tuple[Variable, ...]], ...] = field(default=())
    """Per further language of the questionnaire (issue 21): the variables with that
    language's question texts and labels, in the same order and with the same names and codes."""

    @property
    def columns(self) -> list[str]:
        return [v.name for v in self.variables]

    def typed_rows(self) -> list[list[Any]]:
        """Rows with numbers for numeric variables and None for no answer."""
        converters = [_converter(v) for v in self.variables]
        return [
            [convert(cell) for convert, cell in zip(converters, row, strict=True)]
            for row in self.cells
        ]

    def contract_rows(self) -> list[list[Any]]:
        """Rows in the contract's values (option codes as text), numbers as numbers."""
        kinds = [
            v.kind == "numeric"
            and v.question_type is not None
            and named(v.question_type).CONTRACT_NUMBERS
            for v in self.variables
        ]
        return [
            [
                (_number(cell) if numeric and cell != "" else (cell if cell != "" else None))
                for numeric, cell in zip(kinds, row, strict=True)
            ]
            for row in self.cells
        ]

    @property
    def title(self) -> str:
        return titles.wave_title(self.survey_title, self.wave_title)

    def synthetic_notice(self) -> str | None:
        if not self.synthetic:
            return None
        return "Achtung: Diese Daten sind synthetisch (erfunden) und dienen nur als Beispiel."


def build_dataset(
    *,
    survey: str,
    survey_title: str,
    wave: str,
    wave_title: str,
    synthetic: bool,
    questionnaire: Questionnaire,
    records: Iterable[ResponseRecord],
) -> Dataset:
    """The labelled table of one wave; rows in the order given."""
    variables = _all_variables(questionnaire)
    translations = tuple(
        (language, _all_variables(questionnaire.in_language(language)))
        for language in questionnaire.respondent_languages()[1:]
    )
    cells = tuple(tuple(record_to_row(questionnaire, r)) for r in records)
    return Dataset(
        survey,
        survey_title,
        wave,
        wave_title,
        synthetic,
        variables,
        cells,
        translations=translations,
    )


def _all_variables(questionnaire: Questionnaire) -> tuple[Variable, ...]:
    variables = [Variable(name, META_LABELS[name], "string") for name in META_COLUMNS]
    for question in questionnaire.questions():
        variables.extend(_variables(question))
    return tuple(variables)


def _variables(question: Question) -> list[Variable]:
    return named(question.type_name).export_variables(question)


def other_variables(question: SingleQuestion | MultiQuestion) -> list[Variable]:
    option = question.other_option()
    if option is None:
        return []
    found = [
        Variable(
            f"{question.id}.other",
            f"{question.text} – {option.label} (Freitext)",
            "string",
            question.id,
            question.type_name,
            free_text=True,
        )
    ]
    if question.codebook():
        # The codes given to the "other" texts (docs/questionnaire-format.md).
        found.append(
            Variable(
                question.other_codes_key,
                f"{question.text} – {option.label} (Kategorien, Codes mit „;“ getrennt)",
                "string",
                question.id,
                question.type_name,
            )
        )
    return found


def numeric_codes(options: Sequence[Option]) -> tuple[ValueLabel, ...]:
    """The numbers that stand for option codes in SPSS and Stata (see module docstring)."""
    codes = [o.code for o in options]
    if all(re.fullmatch(r"-?\d{1,9}", c) for c in codes):
        return tuple(ValueLabel(int(o.code), o.code, o.label) for o in options)
    return tuple(ValueLabel(i, o.code, o.label) for i, o in enumerate(options, start=1))


def _number(cell: str) -> int | float:
    value = float(cell)
    return int(value) if value.is_integer() and "." not in cell else value


def _converter(variable: Variable) -> Any:
    if variable.kind == "string":
        return lambda cell: cell
    coded = variable.question_type is None or named(variable.question_type).CODED_VALUES
    if variable.values and coded:
        lookup = {v.code: v.value for v in variable.values}
        return lambda cell: lookup[cell] if cell != "" else None
    return lambda cell: _number(cell) if cell != "" else None
