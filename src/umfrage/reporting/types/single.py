"""``single`` in the reporting layer: tables, key findings, export columns and codebook of single choices.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    ChoiceResult,
    WaveResult,
)
from umfrage.questionnaire.types import SingleQuestion
from umfrage.reporting.exports import cells
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
from umfrage.reporting.formatting import percent
from umfrage.reporting.kurzfassung import (
    SECURE,
    SHARE,
    UNCERTAIN,
    Headline,
    answer_verb,
    base_note,
    chance,
    change_score,
    change_words,
    comparable,
    label_of,
    listing,
    quoted,
    share_subject,
    test_note,
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


def headlines(answer: ChoiceResult, question: SingleQuestion, result: WaveResult) -> list[Headline]:
    """One paragraph: the secure changes (the largest with its counterpart, "Ja" up and "Nein"
    down as one fact), else a large change named with the honest chance sentence, and the
    share statement (the two ends of an ordinal scale, or a majority)."""
    parts: list[tuple[float, list[str]]] = []
    tests: list[str] = []
    compared = comparable(answer)
    wave = answer.comparison.wave if answer.comparison else ""
    scored = sorted(((change_score(o), o) for o in compared), key=lambda s: -s[0])
    secured = [o for score, o in scored if score >= SECURE]
    if secured:
        main = secured[0]
        sentences = [
            f"{percent(main.current_share)} sagen {label_of(answer, main)}. "
            f"{wave} waren es {percent(main.share)}.",
            f"Der Anteil {change_words(main.share or 0.0, main.current_share or 0.0)}.",
        ]
        tests.append(test_note(main, label_of(answer, main)))
        rising = (main.diff or 0.0) > 0
        counterpart = next((o for o in secured[1:] if ((o.diff or 0.0) > 0) != rising), None)
        if counterpart is not None:
            sentences.append(
                f"Dafür sagen {'weniger' if rising else 'mehr'} {label_of(answer, counterpart)}: "
                f"{percent(counterpart.current_share)} statt {percent(counterpart.share)}."
            )
            tests.append(test_note(counterpart, label_of(answer, counterpart)))
        parts.append((change_score(main), sentences))
        mentioned = {main.code} | ({counterpart.code} if counterpart is not None else set())
    else:
        mentioned = set()
    uncertain = [
        (score, o) for score, o in scored if UNCERTAIN <= score < SECURE and o.code not in mentioned
    ]
    if uncertain and answer.comparison is not None:
        score, option = uncertain[0]
        parts.append(
            (
                score,
                [
                    f"{percent(option.current_share)} sagen {label_of(answer, option)}. "
                    f"{wave} waren es {percent(option.share)}.",
                    chance(answer.comparison.current_base),
                ],
            )
        )
        tests.append(test_note(option, label_of(answer, option)))
    uses_comparison = bool(parts)
    if not answer.hidden_cells():
        share_part = _share_sentences(answer, question)
        if share_part is not None:
            parts.append(share_part)
    if not parts:
        return []
    parts.sort(key=lambda p: -p[0])
    sentences = [s for _, part in parts for s in part]
    return [
        Headline(
            answer.id,
            tuple(sentences),
            parts[0][0],
            base_note(answer, result, tests) + _excluded_note(answer),
            compared=uses_comparison,
        )
    ]


def _share_sentences(
    answer: ChoiceResult, question: SingleQuestion
) -> tuple[float, list[str]] | None:
    valid = [o for o in answer.options if not o.excluded_from_base and o.share is not None]
    if getattr(question, "ordinal", False) and len(valid) >= 4:
        top, bottom = valid[:2], valid[-2:]
        top_share = sum(o.share or 0.0 for o in top)
        bottom_share = sum(o.share or 0.0 for o in bottom)
        subject, singular = share_subject(top_share)
        labels = listing([quoted(o.label) for o in top], "oder")
        first = f"{subject} {answer_verb(singular)} {labels}."
        labels = listing([quoted(o.label) for o in bottom], "oder")
        if percent(top_share) == percent(bottom_share):
            second = f"Ebenso viele sagen {labels}."
        else:
            subject, singular = share_subject(bottom_share)
            second = f"{subject} {answer_verb(singular)} {labels}."
        # The sentences speak about both ends: their weight is the share of both together.
        return SHARE + top_share + bottom_share, [first, second]
    leader = max(valid, key=lambda o: o.share or 0.0, default=None)
    if leader is not None and (leader.share or 0.0) > 0.5:
        subject, _ = share_subject(leader.share or 0.0)
        return SHARE + (leader.share or 0.0), [
            f"Die Mehrheit sagt {quoted(leader.label)}: {subject[0].lower()}{subject[1:]}."
        ]
    return None


def _excluded_note(answer: ChoiceResult) -> str:
    excluded = [o for o in answer.options if o.excluded_from_base]
    if not excluded:
        return ""
    return f" Ohne {listing([quoted(o.label) for o in excluded])}."


def open_rows(result: ChoiceResult) -> list[OpenRow]:
    """The open-data rows of the question's table: count, share and interval per option."""
    return option_rows(result.options, result.base, result.small_base)


def export_cells(question: SingleQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    found = {question.id: cells.codes(frame, question.id)}
    for column in question.columns()[1:]:
        found[column] = cells.texts(frame, column)  # the "other" text and its codes
    return found


def answered_line(result: ChoiceResult) -> str | None:
    """No count of written answers: the base line above the tables says it all."""
    return None
