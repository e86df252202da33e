"""``number`` in the reporting layer: tables, export columns and codebook of numbers (no key findings).

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    NumberResult,
    WaveResult,
)
from umfrage.questionnaire.types import NumberQuestion
from umfrage.reporting.exports import cells
from umfrage.reporting.exports.dataset import (
    Variable,
)
from umfrage.reporting.findings import (
    Finding,
)
from umfrage.reporting.kurzfassung import Headline
from umfrage.reporting.opendata import OpenRow
from umfrage.reporting.tables import MINMAX_NOTE, Table

NAME = "Zahl"
"""The type's German name in the report."""
CODEBOOK_NAME = "Zahl"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = True
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = True
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil für"
"""How a finding names a share when some figures are suppressed."""


def main_tables(result: NumberResult, wave: str) -> list[Table]:
    """The table of the question's own figures (comparisons and cross-tabs are common)."""
    caption = f"„{result.text}“, Welle {wave}, Basis {result.base}"
    quartiles = result.quartiles or (None, None, None)
    low, high = result.ci or (None, None)
    return [
        Table(
            result.id[:31],
            caption,
            ("Kennzahl", "Wert"),
            (
                ("Mittelwert", result.mean),
                ("95-%-Konfidenzintervall des Mittelwerts, untere Grenze", low),
                ("95-%-Konfidenzintervall des Mittelwerts, obere Grenze", high),
                ("Unteres Quartil", quartiles[0]),
                ("Median", quartiles[1]),
                ("Oberes Quartil", quartiles[2]),
                ("Standardabweichung", result.sd),
                ("Minimum", result.min),
                ("Maximum", result.max),
            ),
            MINMAX_NOTE if result.min is None and result.mean is not None else None,
            ("text", "number" if result.grouping else "year"),
        )
    ]


def findings(answer: NumberResult, question: NumberQuestion, result: WaveResult) -> list[Finding]:
    return []


def export_variables(question: NumberQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    label = f"{text} ({question.unit})" if question.unit else text
    return [Variable(question.id, label, "numeric", question.id, qtype)]


def codebook_values(variable: Variable, listed: str) -> str:
    return listed


def headlines(answer: NumberResult, question: NumberQuestion, result: WaveResult) -> list[Headline]:
    """No headline of its own in the Kurzfassung (as it has no key findings)."""
    return []


def open_rows(result: NumberResult) -> list[OpenRow]:
    """The open-data rows of the table: one per statistic (minimum and maximum are never
    published: each belongs to one organisation)."""
    quartiles = result.quartiles or (None, None, None)
    rows: list[tuple[str, float | None, tuple[float, float] | None]] = [
        ("Mittelwert", result.mean, result.ci),
        ("Unteres Quartil", quartiles[0], None),
        ("Median", quartiles[1], None),
        ("Oberes Quartil", quartiles[2], None),
        ("Standardabweichung", result.sd, None),
        ("Minimum", result.min, None),
        ("Maximum", result.max, None),
    ]
    answered = result.mean is not None
    return [
        OpenRow(
            measure,
            value=value,
            ci=ci,
            base=result.base,
            small_base=result.small_base,
            suppressed=result.suppressed or (value is None and answered),
        )
        for measure, value, ci in rows
    ]


def export_cells(question: NumberQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    values = frame.numbers(question.id) if frame.has(question.id) else np.full(len(frame), np.nan)

    def write(value: float) -> str:
        return question.to_cells({question.id: value})[question.id]

    return {question.id: cells.formatted(values, write)}


def answered_line(result: NumberResult) -> str | None:
    """No count of written answers: the base line above the tables says it all."""
    return None
