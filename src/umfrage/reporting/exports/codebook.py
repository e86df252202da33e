"""The codebook: every variable with its names in each format, label and value labels."""

from __future__ import annotations

from dataclasses import dataclass

from umfrage import languages as known_languages
from umfrage.reporting.exports.dataset import Dataset, Variable
from umfrage.reporting.exports.limits import codebook_notes
from umfrage.reporting.exports.names import spss_names, stata_names
from umfrage.reporting.types import named

META_TYPE_NAME = "Metadaten"
"""The "Fragetyp" of the metadata columns (organisation, submitted_at, status)."""

HEADER = (
    "Variable (CSV)",
    "Name in SPSS",
    "Name in Stata",
    "Frage",
    "Beschriftung",
    "Fragetyp",
    "Werte (Zahl = Code: Beschriftung)",
    "Hinweis",
)


@dataclass(frozen=True)
class CodebookRow:
    name: str
    spss: str
    stata: str
    question: str
    label: str
    type: str
    values: str
    note: str = ""
    """Which formats cut texts of this variable, and where the whole texts are (limits.py)."""
    translated: tuple[str, ...] = ()
    """Label and values in each further language, in the order of ``header``."""

    def as_tuple(self) -> tuple[str, ...]:
        return (
            self.name,
            self.spss,
            self.stata,
            self.question,
            self.label,
            self.type,
            self.values,
            self.note,
            *self.translated,
        )


def header(dataset: Dataset) -> tuple[str, ...]:
    """The codebook's columns: ``HEADER`` and, for a questionnaire in several languages,
    label and values in each further language (additive columns, issue 21)."""
    extra: list[str] = []
    for language, _variables in dataset.translations:
        found = known_languages.get(language)
        name = f"{found.name_de}, {language}" if found is not None else language
        extra.extend((f"Beschriftung ({name})", f"Werte ({name})"))
    return (*HEADER, *extra)


def _values(variable: Variable) -> str:
    values = "; ".join(f"{v.value} = {v.code}: {v.label}" for v in variable.values)
    kind = named(variable.question_type) if variable.question_type else None
    return kind.codebook_values(variable, values) if kind is not None else values


def codebook(dataset: Dataset) -> list[CodebookRow]:
    spss = spss_names(dataset.columns)
    stata = stata_names(dataset.columns)
    notes = codebook_notes(dataset)
    rows = []
    for index, variable in enumerate(dataset.variables):
        values = _values(variable)
        kind = named(variable.question_type) if variable.question_type else None
        translated: list[str] = []
        for _language, variables in dataset.translations:
            other = variables[index]
            translated.extend((other.label, _values(other)))
        rows.append(
            CodebookRow(
                variable.name,
                spss[variable.name],
                stata[variable.name],
                variable.question or "",
                variable.label,
                kind.CODEBOOK_NAME if kind is not None else META_TYPE_NAME,
                values,
                notes.get(variable.name, ""),
                tuple(translated),
            )
        )
    return rows
