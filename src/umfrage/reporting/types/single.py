"""``single`` in the reporting layer: tables, key findings, export columns and codebook of single choices.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

from umfrage.analysis.results import (
    ChoiceResult,
    WaveResult,
)
from umfrage.questionnaire.types import SingleQuestion
from umfrage.reporting.exports.dataset import (
    Variable,
    numeric_codes,
    other_variables,
)
from umfrage.reporting.findings import (
    MAJORITY,
    Finding,
    base,
    option_changes,
    plain_options,
    share_words,
)
from umfrage.reporting.opendata import OpenRow, option_rows
from umfrage.reporting.tables import option_table

NAME = "Einfachauswahl"
"""The type's German name in the report."""
CODEBOOK_NAME = "Einfachauswahl"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = False
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = True
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil der Antwort"
"""How a finding names a share when some figures are suppressed."""


main_tables = option_table


def findings(answer: ChoiceResult, question: SingleQuestion, result: WaveResult) -> list[Finding]:
    found = option_changes(answer, question, result, set(), "der Anteil der Antwort")
    if getattr(question, "ordinal", False):
        found.extend(_ordinal(answer, result))
    else:
        options = [o for o in answer.options if o.share is not None]
        top = max(options, key=lambda o: o.share or 0.0, default=None)
        if top is not None and (top.share or 0.0) > 0.5:
            share = top.share or 0.0
            text = (
                f"Die Mehrheit antwortet auf „{answer.text}“ mit „{top.label}“: "
                f"{share_words(share, base(answer.base, result.small_base_limit))}."
            )
            found.append(Finding(answer.id, text, MAJORITY + share))
    return found


def _ordinal(answer: ChoiceResult, result: WaveResult) -> list[Finding]:
    """The two ends of an ordinal scale (e.g. "sehr gut + gut" and "weniger gut + gar nicht")."""
    valid = [o for o in plain_options(answer) if not o.excluded_from_base and o.count is not None]
    if len(valid) < 4:
        return []
    top, bottom = valid[:2], valid[-2:]
    top_share = sum(o.share or 0.0 for o in top)
    bottom_share = sum(o.share or 0.0 for o in bottom)
    labels_top = " oder ".join(f"„{o.label}“" for o in top)
    labels_bottom = " oder ".join(f"„{o.label}“" for o in bottom)
    text = (
        f"Auf die Frage „{answer.text}“ antworten {share_words(top_share)} mit {labels_top} "
        f"und {share_words(bottom_share)} mit {labels_bottom} "
        f"({base(answer.base, result.small_base_limit)}; ohne „kann ich nicht beurteilen“ u. Ä.)."
    )
    return [Finding(answer.id, text, MAJORITY + max(top_share, bottom_share))]


def export_variables(question: SingleQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    found = [
        Variable(question.id, text, "numeric", question.id, qtype, numeric_codes(question.options))
    ]
    return found + other_variables(question)


def codebook_values(variable: Variable, listed: str) -> str:
    return listed


def open_rows(result: ChoiceResult) -> list[OpenRow]:
    """The open-data rows of the question's table: count, share and interval per option."""
    return option_rows(result.options, result.base, result.small_base)
