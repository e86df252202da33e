"""``multi`` in the reporting layer: tables, key findings, export columns and codebook of multiple choices.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

from umfrage.analysis.results import (
    ChoiceResult,
    ComparedShare,
    OptionResult,
    WaveResult,
)
from umfrage.questionnaire.types import MultiQuestion
from umfrage.reporting.exports.dataset import (
    CHOSEN_LABELS,
    ValueLabel,
    Variable,
    other_variables,
)
from umfrage.reporting.findings import (
    TEST_NAMES,
    TOP,
    TOP_LIST,
    Finding,
    base,
    option_changes,
    plain_options,
    share_words,
)
from umfrage.reporting.formatting import p_value, percent
from umfrage.reporting.opendata import OpenRow, option_rows
from umfrage.reporting.tables import option_table

NAME = "Mehrfachauswahl"
"""The type's German name in the report."""
CODEBOOK_NAME = "Mehrfachauswahl"
"""The type's German name in the codebook's "Fragetyp" column."""
CONTRACT_NUMBERS = True
"""Whether numeric cells are numbers (not option codes) in the contract's rows (JSON, Excel)."""
CODED_VALUES = False
"""Whether value labels map option codes to numbers (SPSS, Stata); a multi's cells are 0/1."""
SUPPRESSED_WHAT = "der Anteil für"
"""How a finding names a share when some figures are suppressed."""


main_tables = option_table


def findings(answer: ChoiceResult, question: MultiQuestion, result: WaveResult) -> list[Finding]:
    options = sorted(
        (o for o in plain_options(answer) if o.share is not None and not o.excluded_from_base),
        key=lambda o: -(o.share or 0.0),
    )
    if not options:
        return []
    limit = result.small_base_limit
    found: list[Finding] = []
    first, rest = options[0], options[1:TOP_LIST]
    compared = {
        code: o
        for o in (answer.comparison.options if answer.comparison else ())
        for code in o.current_codes
    }
    text = (
        f"Bei „{answer.text}“ wird „{first.label}“ am häufigsten genannt: "
        f"{share_words(first.share or 0.0, base(answer.base, limit))}"
    )
    top_change = compared.get(first.code)
    if top_change is not None and top_change.share is not None and answer.comparison is not None:
        text += (
            f"; {answer.comparison.wave} waren es {percent(top_change.share)} "
            f"({base(answer.comparison.base, limit)}), " + _verdict(top_change)
        )
    if rest:
        listed = ", ".join(_with_earlier(o, compared.get(o.code), answer) for o in rest)
        text += f". Es folgen {listed}"
    text += "."
    found.append(Finding(answer.id, text, TOP + (first.share or 0.0)))
    in_list = {o.code for o in options[:TOP_LIST]}
    found.extend(option_changes(answer, question, result, in_list, "der Anteil für"))
    return found


def _with_earlier(option: OptionResult, earlier: ComparedShare | None, answer: ChoiceResult) -> str:
    """``„Label“ (35 %; 2023: 24 %, statistisch nicht gesichert)``."""
    text = f"„{option.label}“ ({percent(option.share)}"
    if earlier is not None and earlier.share is not None and answer.comparison is not None:
        verdict = "statistisch gesichert" if earlier.significant else "statistisch nicht gesichert"
        text += f"; {answer.comparison.wave}: {percent(earlier.share)}, {verdict}"
    return text + ")"


def _verdict(option: ComparedShare) -> str:
    test = TEST_NAMES.get(option.test or "", option.test or "Test")
    if option.significant:
        direction = "ein Anstieg" if (option.diff or 0.0) > 0 else "ein Rückgang"
        return f"{direction}, der statistisch gesichert ist ({test}, {p_value(option.p_value)})"
    return f"der Unterschied ist statistisch nicht gesichert ({test}, {p_value(option.p_value)})"


def export_variables(question: MultiQuestion) -> list[Variable]:
    """The question's columns in an export, with labels and value labels."""
    qtype = question.type_name
    text = question.text
    chosen = tuple(ValueLabel(v, str(v), label) for v, label in CHOSEN_LABELS.items())
    found = [
        Variable(
            f"{question.id}.{o.code}",
            f"{text} – {o.label}",
            "numeric",
            question.id,
            qtype,
            chosen,
        )
        for o in question.options
    ]
    return found + other_variables(question)


def codebook_values(variable: Variable, listed: str) -> str:
    if variable.kind == "numeric":
        return "1 = gewählt; 0 = gezeigt, nicht gewählt"
    return listed


def open_rows(result: ChoiceResult) -> list[OpenRow]:
    """The open-data rows of the question's table: count, share and interval per option."""
    return option_rows(result.options, result.base, result.small_base)
