"""The codebook: every variable with its names in each format, label and value labels."""

from __future__ import annotations

from dataclasses import dataclass

from umfrage.reporting.exports.dataset import Dataset
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
        )


def codebook(dataset: Dataset) -> list[CodebookRow]:
    spss = spss_names(dataset.columns)
    stata = stata_names(dataset.columns)
    notes = codebook_notes(dataset)
    rows = []
    for variable in dataset.variables:
        values = "; ".join(f"{v.value} = {v.code}: {v.label}" for v in variable.values)
        kind = named(variable.question_type) if variable.question_type else None
        if kind is not None:
            values = kind.codebook_values(variable, values)
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
            )
        )
    return rows
