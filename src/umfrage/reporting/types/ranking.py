"""``ranking`` in the reporting layer: tables, key findings, export columns and codebook of rankings.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    RankingResult,
    WaveResult,
)
from umfrage.questionnaire.types import RankingQuestion
from umfrage.reporting.exports import cells
from umfrage.reporting.exports.dataset import (
    Variable,
)
from umfrage.reporting.findings import (
    TOP,
    TOP_LIST,
    Finding,
    base,
)
from umfrage.reporting.formatting import percent
from umfrage.reporting.kurzfassung import SHARE, Headline, base_note, listing, quoted
from umfrage.reporting.opendata import OpenRow
from umfrage.reporting.tables import Table

NAME = "Rangfolge"
"""The type's German name in the report."""
CODEBOOK_NAME = "Rangfolge"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = True
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = True
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil für"
"""How a finding names a share when some figures are suppressed."""


def main_tables(result: RankingResult, wave: str) -> list[Table]:
    """The table of the question's own figures (comparisons and cross-tabs are common)."""
    caption = f"„{result.text}“, Welle {wave}, Basis {result.base}"
    ranked = sorted(
        result.options,
        key=lambda o: -(o.top or 0.0),
    )
    return [
        Table(
            result.id[:31],
            caption,
            ("Antwort", "unter den wichtigsten", "auf Rang 1", "mittlerer Rang"),
            tuple((o.label, o.top, o.first, o.mean_rank) for o in ranked),
            None,
            ("text", "share", "share", "number"),
        )
    ]


def findings(answer: RankingResult, question: RankingQuestion, result: WaveResult) -> list[Finding]:
    ranked = [o for o in answer.options if o.top is not None]
    if not ranked:
        return []
    ranked.sort(key=lambda o: (-(o.top or 0.0), -(o.first or 0.0)))
    first, rest = ranked[0], ranked[1:TOP_LIST]
    text = (
        f"Bei „{answer.text}“ steht „{first.label}“ vorn: {percent(first.top)} nennen diese "
        f"Antwort unter den wichtigsten, {percent(first.first)} auf Rang 1 "
        f"({base(answer.base, result.small_base_limit)})"
    )
    if rest:
        listed = ", ".join(f"„{o.label}“ ({percent(o.top)})" for o in rest)
        text += f". Es folgen {listed}"
    return [Finding(answer.id, text + ".", TOP + 1.0 + (first.top or 0.0))]


def export_variables(question: RankingQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    return [
        Variable(
            f"{question.id}.{o.code}",
            f"{text} – {o.label} (Rang, 1 = höchster)",
            "numeric",
            question.id,
            qtype,
        )
        for o in question.options
    ]


def codebook_values(variable: Variable, listed: str) -> str:
    return "Rangplatz (1 = höchster); leer = nicht eingeordnet"


def headlines(
    answer: RankingResult, question: RankingQuestion, result: WaveResult
) -> list[Headline]:
    """The answer ranked most often among the most important, and the next three. A ranking
    among the answers of a multiple choice says more than that question's own list, whose
    headline it replaces."""
    ranked = [o for o in answer.options if o.top is not None]
    if not ranked:
        return []
    # With a figure hidden, "vorn" could name the wrong answer: then the sentences name the
    # largest published shares without calling them the first.
    ordered = not answer.hidden_cells()
    ranked.sort(key=lambda o: (-(o.top or 0.0), -(o.first or 0.0)))
    first, rest = ranked[0], ranked[1:TOP_LIST]
    sentences = [
        f"Vorn liegt {quoted(first.label)}: {percent(first.top)} zählen diese Antwort "
        "zu den wichtigsten."
        if ordered
        else f"{percent(first.top)} zählen {quoted(first.label)} zu den wichtigsten."
    ]
    if rest:
        listed = listing([f"{quoted(o.label)} ({percent(o.top)})" for o in rest])
        sentences.append(f"{'Es folgen' if ordered else 'Oft genannt werden auch'} {listed}.")
    return [
        Headline(
            answer.id,
            tuple(sentences),
            SHARE + (first.top or 0.0),
            base_note(answer, result),
            replaces=(question.among,) if question.among else (),
        )
    ]


def open_rows(result: RankingResult) -> list[OpenRow]:
    """The open-data rows of the table: per option the share among the most important, the
    share on rank 1 and the mean rank (in the table's order)."""
    found: list[OpenRow] = []
    for o in sorted(result.options, key=lambda o: -(o.top or 0.0)):
        # The first places can be hidden on their own (they add up to the base).
        first_hidden = o.suppressed or (o.first is None and o.top is not None)
        for measure, share, value, hidden in (
            ("unter den wichtigsten", o.top, None, o.suppressed),
            ("auf Rang 1", o.first, None, first_hidden),
            ("mittlerer Rang", None, o.mean_rank, first_hidden),
        ):
            found.append(
                OpenRow(
                    measure,
                    code=o.code,
                    label=o.label,
                    share=share,
                    value=value,
                    base=result.base,
                    small_base=result.small_base,
                    suppressed=hidden,
                )
            )
    return found


def export_cells(question: RankingQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    return {column: cells.integers(frame, column) for column in question.columns()}


def answered_line(result: RankingResult) -> str | None:
    """No count of written answers: the base line above the tables says it all."""
    return None
