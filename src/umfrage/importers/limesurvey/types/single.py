"""``single`` from LimeSurvey: lists (radio ``L``, dropdown ``!``, with comment ``O``), 5-point
choice, yes/no and gender (fixed answers in the survey's language), with "other"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.reference import Reference, Untranslatable
from umfrage.importers.limesurvey.typemap import FIXED_OPTIONS, OTHER_CODE, OTHER_TYPES
from umfrage.importers.limesurvey.types.base import cell_columns, no_filter, no_parts
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import SingleQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

build_part = no_parts
takes_filter = no_filter


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    qid = builder.new_id(q.title, f"q{q.qid}", source)
    answers = builder.fixed(FIXED_OPTIONS, q) or builder.coded(q)
    options = builder.options(q, answers)
    if q.other and q.type in OTHER_TYPES:
        builder.add_other(q, options, qid)
    question: dict[str, Any] = {"id": qid, "type": "single", **base, "options": options}
    if q.type == "!":
        question["dropdown"] = True
    if q.type == "5":
        question["ordinal"] = True
    builder.references[q.title] = Reference("question", qid)
    builder.columns[q.title] = Target("cell", qid)
    result = [question]
    if q.type == "O":
        result.append(_comment(builder, q, source, base))
    return result


def _comment(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> dict[str, Any]:
    """The comment of a list with comment (``O``): a text question of its own."""
    comment_id = builder.new_id(f"{q.title}_comment", f"q{q.qid}_comment", source)
    builder.columns[f"{q.title}[comment]"] = Target("cell", comment_id)
    builder.columns[f"{q.title}_comment"] = Target("cell", comment_id)
    builder.references[f"{q.title}_comment"] = Reference("question", comment_id)
    text = builder.builtin("comment_on", text=base["text"])
    return {"id": comment_id, "type": "text", "text": text}


def compare(
    reference: Reference, question: dict[str, Any], op: str, value: str, numeric: bool
) -> dict[str, Any]:
    """``L1 == "A2"``: (not) equal to one of the answer codes; ``-oth-`` is "other"."""
    if op not in ("equals", "not_equals"):
        raise Untranslatable("Größenvergleich bei einer Auswahlfrage")
    codes = [o["code"] for o in question["options"]]
    if value == "-oth-" and OTHER_CODE in codes:
        value = OTHER_CODE
    if numeric and value.endswith(".0"):
        value = value[:-2]
    if value not in codes:
        raise Untranslatable(f"„{value}“ ist kein Antwortcode von „{reference.qid}“")
    return {"question": reference.qid, op: value}


def response_columns(question: SingleQuestion, columns: dict[str, Target]) -> None:
    cell_columns(question, columns, other=question.other_option() is not None)
