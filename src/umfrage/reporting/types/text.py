"""``text`` in the reporting layer: tables, export columns and codebook of free texts.

A coded text (categories) gets the key findings and the Kurzfassung paragraph of a multiple
choice, from its categories read as a multi-select table (``as_choice``); an uncoded text has none.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    TextResult,
    WaveResult,
)
from umfrage.analysis.types.text import as_choice
from umfrage.questionnaire.base import Option
from umfrage.questionnaire.types import MultiQuestion, TextQuestion
from umfrage.reporting import formatting as fmt
from umfrage.reporting.exports import cells
from umfrage.reporting.exports.dataset import (
    Variable,
)
from umfrage.reporting.findings import (
    Finding,
)
from umfrage.reporting.kurzfassung import Headline
from umfrage.reporting.opendata import OpenRow, option_rows
from umfrage.reporting.tables import Table
from umfrage.reporting.types import multi

NAME = "Freitext"
"""The type's German name in the report."""
CODEBOOK_NAME = "Freitext"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = False
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = True
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil für"
"""How a finding names a share when some figures are suppressed."""


def main_tables(result: TextResult, wave: str) -> list[Table]:
    """The table of the question's own figures (comparisons and cross-tabs are common)."""
    if result.categories is None:
        return []
    return [
        Table(
            result.id[:31],
            f"„{result.text}“, Welle {wave}: Kategorien der Antworten, "
            f"Basis {result.coded} codierte Antworten",
            ("Kategorie", "Anzahl", "Anteil", "95-%-Konfidenzintervall"),
            tuple((c.label, c.count, c.share, c.ci) for c in result.categories),
            "Die Antworten im Wortlaut wurden nachträglich Kategorien zugeordnet; eine "
            "Antwort kann mehreren Kategorien angehören, die Anteile ergeben daher "
            "zusammen mehr als 100 %.",
            ("text", "count", "share", "ci"),
        )
    ]


def findings(answer: TextResult, question: TextQuestion, result: WaveResult) -> list[Finding]:
    """The categories' findings as a multiple choice's (none for an uncoded text)."""
    choice = as_choice(answer)
    if choice is None:
        return []
    return multi.findings(choice, _as_multi(question), result)


def export_variables(question: TextQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    found = [Variable(question.id, text, "string", question.id, qtype, free_text=True)]
    if question.categories:
        found.append(
            Variable(
                question.codes_key,
                f"{text} (Kategorien, Codes mit „;“ getrennt)",
                "string",
                question.id,
                qtype,
            )
        )
    return found


def codebook_values(variable: Variable, listed: str) -> str:
    return listed


def headlines(answer: TextResult, question: TextQuestion, result: WaveResult) -> list[Headline]:
    """A coded text's categories get a multiple choice's paragraph in the Kurzfassung."""
    choice = as_choice(answer)
    if choice is None:
        return []
    return multi.headlines(choice, _as_multi(question), result)


def _as_multi(question: TextQuestion) -> MultiQuestion:
    """The codebook as the options of a multiple choice (for the wording of changes)."""
    return MultiQuestion(
        id=question.id,
        text=question.text,
        options=tuple(Option(code=c.code, label=c.label) for c in question.categories),
    )


def open_rows(result: TextResult) -> list[OpenRow]:
    """The open-data rows of the categories table (none for a text without categories)."""
    if result.categories is None:
        return []
    return option_rows(result.categories, result.coded or 0, bool(result.coded_small_base))


def export_cells(question: TextQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    return {column: cells.texts(frame, column) for column in question.columns()}


def answered_line(result: TextResult) -> str:
    """ "12 Antworten, davon 10 codiert." under a free-text question (the PDF's line)."""
    line = f"{fmt.number(result.answered or 0)} Antworten"
    if result.coded is not None:
        line += f", davon {fmt.number(result.coded)} codiert"
        if result.coded_small_base:
            line += " (kleine Basis: mit Vorsicht lesen)"
    return line + "."
