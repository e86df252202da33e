"""``multi`` in the reporting layer: tables, key findings, export columns and codebook of multiple choices.

Satisfies :class:`umfrage.reporting.types.base.ReportType`; see that protocol for the members.
"""

from __future__ import annotations

import pyarrow as pa

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    ChoiceResult,
    ComparedShare,
    OptionResult,
    WaveResult,
)
from umfrage.questionnaire.types import MultiQuestion
from umfrage.reporting.exports import cells
from umfrage.reporting.exports.dataset import (
    CHOSEN_LABELS,
    ValueLabel,
    Variable,
    other_variables,
)
from umfrage.reporting.findings import (
    TOP,
    TOP_LIST,
    Finding,
    base,
    option_changes,
    plain_options,
    share_words,
    test_text,
)
from umfrage.reporting.formatting import percent
from umfrage.reporting.kurzfassung import (
    NOTABLE,
    SECURE,
    SHARE,
    Headline,
    base_note,
    chance,
    change_score,
    change_words,
    comparable,
    label_of,
    listing,
    quoted,
    test_note,
)
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
FOLLOWERS = 3
FOLLOWER_SHARE = 0.6
"""The Kurzfassung names the most named answer and up to three that follow close behind (named
by at least 60 % as many)."""
MAX_LISTED = 2
"""At most two answers in one sentence of rises (or falls); with more, "vor allem" these."""


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
        verdict = "statistisch gesichert" if earlier.secure else "statistisch nicht gesichert"
        text += f"; {answer.comparison.wave}: {percent(earlier.share)}, {verdict}"
    return text + ")"


def _verdict(option: ComparedShare) -> str:
    if option.secure:
        direction = "ein Anstieg" if (option.diff or 0.0) > 0 else "ein Rückgang"
        return f"{direction}, der statistisch gesichert ist ({test_text(option)})"
    return f"der Unterschied ist statistisch nicht gesichert ({test_text(option)})"


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


def headlines(answer: ChoiceResult, question: MultiQuestion, result: WaveResult) -> list[Headline]:
    """One paragraph: the most named answers (the first with its change), then the secure
    rises and the secure falls of the others, each merged into one sentence."""
    compared = {code: o for o in comparable(answer) for code in o.current_codes}
    wave = answer.comparison.wave if answer.comparison else ""
    parts: list[tuple[float, list[str]]] = []
    tests: list[str] = []
    uses_comparison = False
    named_codes: set[str] = set()
    options = sorted(
        (o for o in answer.options if o.share is not None and not o.excluded_from_base),
        key=lambda o: -(o.share or 0.0),
    )
    if options:
        # With a figure hidden, "am häufigsten" could name the wrong answer: then the sentences
        # name the largest published shares without calling them the first.
        ordered = not answer.hidden_cells()
        first = options[0]
        close = [
            o for o in options[1:] if (o.share or 0.0) >= FOLLOWER_SHARE * (first.share or 0.0)
        ]
        rest = close[:FOLLOWERS]
        sentences = [
            f"Am häufigsten genannt wird {quoted(first.label)}: {percent(first.share)}."
            if ordered
            else f"{percent(first.share)} nennen {quoted(first.label)}."
        ]
        # A clear first answer says more than one of several close together: its weight is its
        # share plus its lead over the second.
        second = (options[1].share or 0.0) if len(options) > 1 else 0.0
        score = SHARE + (first.share or 0.0) + ((first.share or 0.0) - second)
        earlier = compared.get(first.code)
        if earlier is not None and answer.comparison is not None:
            uses_comparison = True
            change = change_score(earlier)
            if change >= SECURE:
                sentences += [
                    f"{wave} waren es {percent(earlier.share)}.",
                    f"Der Anteil {change_words(earlier.share or 0.0, earlier.current_share or 0.0)}.",
                ]
            elif abs(earlier.diff or 0.0) >= NOTABLE:
                sentences += [
                    f"{wave} waren es {percent(earlier.share)}.",
                    chance(answer.comparison.current_base),
                ]
            else:
                sentences.append(f"{wave} waren es etwa so viele.")
            tests.append(test_note(earlier, quoted(first.label)))
            score = max(score, change)
            named_codes.add(earlier.code)
        if rest:
            listed = []
            for o in rest:
                change_of = compared.get(o.code)
                if change_of is not None and change_score(change_of) >= SECURE:
                    # A secure change of an answer that follows is told here, once.
                    listed.append(
                        f"{quoted(o.label)} ({percent(o.share)}, {wave}: {percent(change_of.share)})"
                    )
                    tests.append(test_note(change_of, quoted(o.label)))
                    named_codes.add(change_of.code)
                    uses_comparison = True
                else:
                    listed.append(f"{quoted(o.label)} ({percent(o.share)})")
            follow = "Es folgen" if ordered else "Oft genannt werden auch"
            sentences.append(f"{follow} {listing(listed)}.")
        parts.append((score, sentences))
    changes = [(change_score(o), o) for o in comparable(answer) if o.code not in named_codes]
    for rising, words in ((True, "Häufiger"), (False, "Seltener")):
        moved = sorted(
            ((s, o) for s, o in changes if s >= SECURE and ((o.diff or 0.0) > 0) == rising),
            key=lambda scored: -scored[0],
        )
        if not moved:
            continue
        uses_comparison = True
        shown = moved[:MAX_LISTED]
        items = [
            f"{label_of(answer, o)} ({percent(o.current_share)} statt {percent(o.share)})"
            for _, o in shown
        ]
        verb = "wird" if len(shown) == 1 else "werden"
        lead = "vor allem " if len(moved) > len(shown) else ""
        parts.append(
            (
                moved[0][0],
                [f"{words} als {wave} genannt {verb} {lead}{listing(items)}."],
            )
        )
        tests.extend(test_note(o, label_of(answer, o)) for _, o in shown)
    if not parts:
        return []
    score = max(p[0] for p in parts)
    sentences = [s for _, part in parts for s in part]
    return [
        Headline(
            answer.id,
            tuple(sentences),
            score,
            base_note(answer, result, tests),
            compared=uses_comparison,
        )
    ]


def open_rows(result: ChoiceResult) -> list[OpenRow]:
    """The open-data rows of the question's table: count, share and interval per option."""
    return option_rows(result.options, result.base, result.small_base)


def export_cells(question: MultiQuestion, frame: WaveFrame) -> dict[str, pa.Array]:
    """The question's ``responses.csv`` cells from its frame columns (see exports/cells.py)."""
    options = [f"{question.id}.{code}" for code in question.codes()]
    found = cells.chosen_flags(frame, options)
    for column in question.columns():
        if column not in found:
            found[column] = cells.texts(frame, column)  # the "other" text and its codes
    return found


def answered_line(result: ChoiceResult) -> str | None:
    """No count of written answers: the base line above the tables says it all."""
    return None
