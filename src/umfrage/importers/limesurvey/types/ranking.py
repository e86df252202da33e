"""``ranking`` from LimeSurvey: ranking (``R``), with the number of ranks to give, and its
array filter by an earlier multiple choice as ``among``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.reference import Reference
from umfrage.importers.limesurvey.types.base import no_parts, not_comparable
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import RankingQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

build_part = no_parts
compare = not_comparable


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    qid = builder.new_id(q.title, f"q{q.qid}", source)
    answers = builder.coded(q) or builder.sub_items(q)
    options = builder.options(q, answers)
    top = len(options)
    for name in ("max_answers", "max_subquestions"):
        value = builder.attribute(q, name)
        if value.isdigit() and 0 < int(value) < top:
            top = int(value)
    for rank in range(1, len(options) + 1):
        for form in (f"{q.title}[{rank}]", f"{q.title}_{rank}"):
            builder.columns[form] = Target("rank_at", qid, rank=rank)
    builder.references[q.title] = Reference("question", qid)
    return [{"id": qid, "type": "ranking", **base, "options": options, "top": max(top, 1)}]


def takes_filter(question: dict[str, Any], source: dict[str, Any]) -> bool:
    """Ranked among the options chosen in an earlier multiple choice that offers them all."""
    return source["type"] == "multi" and {o["code"] for o in question["options"]} <= {
        o["code"] for o in source["options"]
    }


def response_columns(question: RankingQuestion, columns: dict[str, Target]) -> None:
    """A column per rank (``R1[1]`` or ``R1_1``) that names the option at that rank."""
    q = question
    for rank in range(1, len(q.options) + 1):
        columns[f"{q.id}[{rank}]"] = Target("rank_at", q.id, rank=rank)
        columns[f"{q.id}_{rank}"] = Target("rank_at", q.id, rank=rank)
