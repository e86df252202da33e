"""``matrix`` in the reporting layer: tables, export columns and codebook of matrix questions (no key findings).

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    MatrixResult,
    WaveResult,
)
from umfrage.questionnaire.types import MatrixQuestion
from umfrage.reporting.exports import cells
from umfrage.reporting.exports.dataset import (
    Variable,
    numeric_codes,
)
from umfrage.reporting.findings import (
    Finding,
)
from umfrage.reporting.kurzfassung import Headline
from umfrage.reporting.opendata import SHARE as OPEN_SHARE
from umfrage.reporting.opendata import OpenRow
from umfrage.reporting.tables import SHARE, Table

NAME = "Matrixfrage"
"""The type's German name in the report."""
CODEBOOK_NAME = "Matrix"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = False
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = True
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil für"
"""How a finding names a share when some figures are suppressed."""


def main_tables(result: MatrixResult, wave: str) -> list[Table]:
    """The table of the question's own figures (comparisons and cross-tabs are common)."""
    caption = f"„{result.text}“, Welle {wave}, Basis {result.base}"
    items = result.items
    scale = [o.label for o in items[0].options if not o.excluded_from_base] if items else []
    rows = tuple(
        (
            item.label,
            item.base,
            *[o.share for o in item.options if not o.excluded_from_base],
            item.mean,
        )
        for item in items
    )
    return [
        Table(
            result.id[:31],
            caption,
            ("Bereich", "Basis", *scale, "Mittelwert"),
            rows,
            "Anteile ohne Antworten außerhalb der Basis (z. B. „nicht genutzt“).",
            ("text", "count", *(SHARE,) * len(scale), "number"),
        )
    ]


def findings(answer: MatrixResult, question: MatrixQuestion, result: WaveResult) -> list[Finding]:
    return []


def export_variables(question: MatrixQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    scale = numeric_codes(question.scale)
    return [
        Variable(
            f"{question.id}.{item.code}",
            f"{text} – {item.label}",
            "numeric",
            question.id,
            qtype,
            scale,
        )
        for item in question.items
    ]


def codebook_values(variable: Variable, listed: str) -> str:
    return listed


def headlines(answer: MatrixResult, question: MatrixQuestion, result: WaveResult) -> list[Headline]:
    """No headline of its own in the Kurzfassung (as it has no key findings)."""
    return []


def open_rows(result: MatrixResult) -> list[OpenRow]:
    """The open-data rows of the table: per item the share of each scale point and the mean."""
    found: list[OpenRow] = []
    for item in result.items:
        hidden = item.suppressed or any(o.suppressed for o in item.options)
        for option in item.options:
            if option.excluded_from_base:
                continue
            found.append(
                OpenRow(
                    OPEN_SHARE,
                    code=option.code,
                    label=option.label,
                    item_code=item.code,
                    item=item.label,
                    share=option.share,
                    base=item.base,
                    small_base=item.small_base,
                    suppressed=item.suppressed or option.suppressed,
                )
            )
        found.append(
            OpenRow(
                "Mittelwert",
                item_code=item.code,
                item=item.label,
                value=item.mean,
                base=item.base,
                small_base=item.small_base,
                # A mean over hidden cells is hidden with them (analysis/disclosure/protect.py).
                suppressed=hidden and item.mean is None,
            )
        )
    return found


def export_cells(question: MatrixQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    return {column: cells.codes(frame, column) for column in question.columns()}


def answered_line(result: MatrixResult) -> str | None:
    """No count of written answers: the base line above the tables says it all."""
    return None
