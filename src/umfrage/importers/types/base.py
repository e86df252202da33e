"""What the per-type import modules share: how a source cell becomes one of our cells."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from umfrage.importers.mapping import Mapping
from umfrage.questionnaire.base import Option, QuestionBase
from umfrage.questionnaire.spec import ChoiceQuestion

CHOSEN = {"1", "y", "yes", "ja", "j", "x", "true", "wahr", "gewählt", "ausgewählt"}
NOT_CHOSEN = {"0", "n", "no", "nein", "false", "falsch", "nicht gewählt"}


def as_is(question: QuestionBase, text: str, labels: dict[str, str], mapping: Mapping) -> str:
    """A cell the checks of the question type read as it stands (texts, numbers, ranks)."""
    return text


def code_of(
    question: ChoiceQuestion,
    options: Sequence[Option],
    text: str,
    labels: dict[str, str],
    mapping: Mapping,
) -> str:
    """The option code a cell means: the code, the mapping's value, or a unique label."""
    codes = question.codes()
    if text in codes:
        return text
    mapped = mapping.value_for(question.id, text)
    if mapped is not None:
        return mapped
    wanted = [text.casefold()]
    if text in labels:
        wanted.insert(0, labels[text].casefold())
    for candidate in wanted:
        matches = [o.code for o in options if o.label.casefold() == candidate]
        if len(matches) == 1:
            return matches[0]
    if text == "-oth-":
        other = [o.code for o in options if getattr(o, "other", False)]
        if other:
            return other[0]
    return text


def no_rank_code(question: QuestionBase, text: str) -> str | None:
    """The default ``rank_code``: the type has no rank columns."""
    return None


def fill_nothing(question: QuestionBase, row: dict[str, str]) -> None:
    """The default ``fill_unchosen``: no blank cells of the type mean "not chosen"."""


def integer_codes(question: ChoiceQuestion) -> bool:
    """Whether every code of a choice question is an integer (stored as a number in SPSS)."""
    return all(_is_int(code) for code in question.codes())


def _is_int(code: str) -> bool:
    return code.isdigit() and not (len(code) > 1 and code.startswith("0"))


def option_labels(
    question: ChoiceQuestion, options: Sequence[Option], numeric: bool
) -> dict[Any, str]:
    """SPSS value labels of a choice column: numeric codes as floats."""
    if numeric:
        return {float(o.code): o.label for o in options}
    return {o.code: o.label for o in options}
