"""``text`` from LimeSurvey: short, long and very long free text and dates (``S``, ``T``, ``U``,
``D``, as text), and one question per subquestion of multiple short texts (``Q``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.types.base import (
    cell_columns,
    no_filter,
    not_comparable,
    one_question,
)
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import TextQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

compare = not_comparable
takes_filter = no_filter

MAX_LENGTH = 100_000
"""LimeSurvey's ``maximum_chars`` above this is cut to it."""


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    qid = one_question(builder, q, source)
    question: dict[str, Any] = {"id": qid, "type": "text", **base}
    if q.type in ("S", "D"):
        question["multiline"] = False
    if q.type == "D":
        builder.note = "Datum als Text übernommen"
    maximum = builder.attribute(q, "maximum_chars")
    if maximum.isdigit() and int(maximum) > 0:
        question["max_length"] = min(int(maximum), MAX_LENGTH)
    return [question]


def build_part(
    builder: QuestionBuilder, q: LsQuestion, qid: str, base: dict[str, Any]
) -> dict[str, Any]:
    """One of several short texts: a single line."""
    return {"id": qid, "type": "text", **base, "multiline": False}


def response_columns(question: TextQuestion, columns: dict[str, Target]) -> None:
    cell_columns(question, columns)
