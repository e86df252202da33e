"""The key findings ("Die wichtigsten Erkenntnisse"), drafted in German from the analysis results.

Nothing is computed here beyond choosing and ordering what the results already say. Each
statement names the share and its base; a change names both waves and whether the test found it
secure: statistically significant after the Benjamini-Hochberg adjustment for the many tests
of a wave comparison (``ComparedShare.secure``, analysis/adjust.py). A change the adjusted test
does not support is reported as "statistisch nicht gesichert", never as a rise or fall, with
both p values so that a reader sees why p = 0,04 is not enough. Bases under the small-base limit are named as such.

Ordering within a section: significant changes (largest first), then the top of rankings and
multiple-choice lists, then clear majorities and ordinal scales, then changes that are not
significant. Sections follow the questionnaire.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from umfrage.analysis.results import (
    ChoiceResult,
    ComparedShare,
    OptionResult,
    QuestionResult,
    WaveResult,
)
from umfrage.questionnaire.base import QuestionBase
from umfrage.questionnaire.spec import Questionnaire
from umfrage.reporting.formatting import NBSP, fraction_words, number, p_value, percent
from umfrage.reporting.types import named

MAX_PER_SECTION = 6
MAX_SIGNIFICANT_PER_QUESTION = 2
MAX_UNCERTAIN_PER_QUESTION = 1
TOP_LIST = 4
NOTABLE_CHANGE = 0.03
"""Changes smaller than three points are not worth a sentence unless they are significant."""

TEST_NAMES = {
    "z": "z-Test",
    "fisher": "exakter Test nach Fisher",
    "chi2": "Chi-Quadrat-Test",
    "mcnemar": "McNemar-Test",
}

# Weights that put the kinds of statements in the order the module docstring gives.
SIGNIFICANT, TOP, MAJORITY, UNCERTAIN = 3.0, 2.0, 1.5, 1.0


@dataclass(frozen=True)
class Finding:
    question: str
    text: str
    weight: float


@dataclass(frozen=True)
class FindingGroup:
    title: str
    findings: tuple[Finding, ...]


def key_findings(
    result: WaveResult, questionnaire: Questionnaire, *, skip_sections: tuple[str, ...] = ()
) -> list[FindingGroup]:
    """Findings per questionnaire section, most important first; empty sections left out."""
    groups = []
    for section in questionnaire.sections:
        if section.id in skip_sections:
            continue
        found: list[Finding] = []
        for question in section.questions:
            try:
                answer = result.question(question.id)
            except KeyError:
                continue
            if answer.suppressed or answer.base == 0:
                continue
            found.extend(_with_note(_findings(answer, question, result), answer))
        found.sort(key=lambda f: -f.weight)
        if found:
            groups.append(FindingGroup(section.title, tuple(found[:MAX_PER_SECTION])))
    return groups


def _with_note(found: list[Finding], answer: QuestionResult) -> list[Finding]:
    """The comparison's note (e.g. a changed wording) once, on the question's first finding."""
    if not found or answer.comparison is None or not answer.comparison.note:
        return found
    found = sorted(found, key=lambda f: -f.weight)
    first = found[0]
    return [
        Finding(first.question, f"{first.text} {_note(answer.comparison.note)}", first.weight),
        *found[1:],
    ]


def _findings(answer: QuestionResult, question: QuestionBase, result: WaveResult) -> list[Finding]:
    if answer.hidden_cells():
        # With a figure hidden, "most named" or "the majority" could name the wrong option:
        # only the comparisons of figures that are published remain.
        what = named(answer.type).SUPPRESSED_WHAT
        return option_changes(answer, question, result, set(), what)
    return named(answer.type).findings(answer, question, result)


def base(n: int, limit: int) -> str:
    """``Basis 80`` or, under the small-base limit, ``Basis nur 12, kleine Basis``."""
    if n < limit:
        return f"Basis nur {number(n)}, kleine Basis: mit Vorsicht zu lesen"
    return f"Basis{NBSP}{number(n)}"


def _current_label(question: QuestionBase, option: ComparedShare) -> str:
    # The comparison speaks in the earlier wave's codes; the text uses this wave's wording.
    for code in option.current_codes:
        found = question.option(code) if hasattr(question, "option") else None
        if found is not None and len(option.current_codes) == 1:
            return str(found.label)
    return option.label


def change(
    answer: QuestionResult,
    question: QuestionBase,
    option: ComparedShare,
    result: WaveResult,
    where: str,
    what: str,
) -> Finding | None:
    """A sentence on one compared share, honest about significance; None if not worth one.

    ``where`` introduces the question ("Bei der Frage „…“"), ``what`` names the share
    ("der Anteil der Antwort").
    """
    comparison = answer.comparison
    if comparison is None or option.share is None or option.current_share is None:
        return None
    if option.diff is None or option.suppressed:
        return None
    limit = result.small_base_limit
    label = _current_label(question, option)
    tested = test_text(option)
    if option.secure:
        earlier = f"{percent(option.share)} ({comparison.wave}, {base(comparison.base, limit)})"
        now = f"{percent(option.current_share)} ({result.wave}, {base(comparison.current_base, limit)})"
        verb = "gestiegen" if option.diff > 0 else "gesunken"
        text = (
            f"{where} ist {what} „{label}“ von {earlier} auf {now} {verb}; der Unterschied ist "
            f"statistisch gesichert ({tested})."
        )
        return Finding(answer.id, text, SIGNIFICANT + abs(option.diff))
    if abs(option.diff) < NOTABLE_CHANGE:
        return None
    text = (
        f"{where} lag {what} „{label}“ {comparison.wave} bei {percent(option.share)} "
        f"({base(comparison.base, limit)}) und {result.wave} bei {percent(option.current_share)} "
        f"({base(comparison.current_base, limit)}); dieser Unterschied ist bei diesen Basen "
        f"statistisch nicht gesichert ({tested})."
    )
    # A reader notices 3 % → 8 % more than 39 % → 33 %: the ratio counts as well as the points.
    ratio = (
        abs(math.log(option.current_share / option.share))
        if option.share and option.current_share
        else 1.0
    )
    return Finding(answer.id, text, UNCERTAIN + min(abs(option.diff) + ratio / 10, 0.99))


def test_text(option: ComparedShare) -> str:
    """``z-Test, p = 0,042; korrigiert für die Zahl der Vergleiche p = 0,310``."""
    test = TEST_NAMES.get(option.test or "", option.test or "Test")
    text = f"{test}, {p_value(option.p_value)}"
    if option.p_adjusted is not None:
        text += f"; korrigiert für die Zahl der Vergleiche {p_value(option.p_adjusted)}"
    return text


def option_changes(
    answer: QuestionResult, question: QuestionBase, result: WaveResult, skip: set[str], what: str
) -> list[Finding]:
    """The most telling changes of one question: the largest significant ones and the largest
    one that is not significant (so a visible but uncertain change is named as such)."""
    found = []
    for option in answer.comparison.options if answer.comparison else ():
        if skip & set(option.current_codes):
            continue
        finding = change(answer, question, option, result, f"Bei der Frage „{answer.text}“", what)
        if finding is not None:
            found.append(finding)
    found.sort(key=lambda f: -f.weight)
    significant = [f for f in found if f.weight >= SIGNIFICANT]
    uncertain = [f for f in found if f.weight < SIGNIFICANT]
    return significant[:MAX_SIGNIFICANT_PER_QUESTION] + uncertain[:MAX_UNCERTAIN_PER_QUESTION]


def _note(note: str) -> str:
    text = note.strip()
    return f"Hinweis zum Vergleich: {text}" + ("" if text.endswith(".") else ".")


def plain_options(answer: ChoiceResult) -> list[OptionResult]:
    return list(answer.options)


def share_words(share: float, base_text: str | None = None) -> str:
    """``ein Drittel (33 %; Basis 72)`` when the share is that fraction, else ``42 % (Basis 80)``."""
    words = fraction_words(share)
    if words:
        return (
            f"{words} ({percent(share)}; {base_text})"
            if base_text
            else f"{words} ({percent(share)})"
        )
    return f"{percent(share)} ({base_text})" if base_text else percent(share)
