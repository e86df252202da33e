"""``number`` from LimeSurvey: numeric input (``N``), and one question per subquestion of a
multiple numeric input (``K``), with LimeSurvey's limits and integer-only setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.reference import Reference, Untranslatable
from umfrage.importers.limesurvey.types.base import cell_columns, no_filter, one_question
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import NumberQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

takes_filter = no_filter


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    qid = one_question(builder, q, source)
    return [build_part(builder, q, qid, base)]


def build_part(
    builder: QuestionBuilder, q: LsQuestion, qid: str, base: dict[str, Any]
) -> dict[str, Any]:
    return {"id": qid, "type": "number", **base, **_limits(builder, q)}


def _limits(builder: QuestionBuilder, q: LsQuestion) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    for ours, theirs in (("min", "min_num_value_n"), ("max", "max_num_value_n")):
        value = builder.attribute(q, theirs)
        try:
            limits[ours] = float(value) if "." in value else int(value)
        except ValueError:
            continue
    # LimeSurvey stores up to ten decimals; six (our maximum) keeps what people typed.
    limits["decimals"] = 0 if builder.attribute(q, "num_value_int_only") == "1" else 6
    return limits


def compare(
    reference: Reference, question: dict[str, Any], op: str, value: str, numeric: bool
) -> dict[str, Any]:
    """``N1 > 3``: every comparison, with a number."""
    try:
        number = float(value)
    except ValueError:
        raise Untranslatable(f"„{value}“ ist keine Zahl") from None
    return {"question": reference.qid, op: int(number) if number.is_integer() else number}


def response_columns(question: NumberQuestion, columns: dict[str, Target]) -> None:
    cell_columns(question, columns)
