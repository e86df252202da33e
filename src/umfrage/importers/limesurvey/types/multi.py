"""``multi`` from LimeSurvey: multiple choice (``M``) and multiple choice with comments (``P``,
the comments are not carried over), with exclusive options, "other" and a maximum."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.reference import Reference, Untranslatable
from umfrage.importers.limesurvey.types.base import no_filter, no_parts, not_comparable
from umfrage.importers.plan import Dropped
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import MultiQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

build_part = no_parts
takes_filter = no_filter


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    qid = builder.new_id(q.title, f"q{q.qid}", source)
    subs = builder.children(q)
    options = builder.options(q, builder.sub_items(q))
    exclusive = {
        code.strip() for code in re.split(r"[;,]", builder.attribute(q, "exclude_all_others"))
    }
    for option, sub in zip(options, subs, strict=False):
        if sub.title in exclusive:
            option["exclusive"] = True
        builder.references[f"{q.title}_{sub.title}"] = Reference("option", qid, option["code"])
        builder.columns[f"{q.title}[{sub.title}]"] = Target("cell", f"{qid}.{option['code']}")
        if q.type == "P":
            for form in (f"{q.title}[{sub.title}comment]", f"{q.title}_{sub.title}comment"):
                builder.columns[form] = Target("drop", note="Kommentar zur Auswahl")
    if q.other:
        builder.add_other(q, options, qid)
    if q.type == "P":
        builder.dropped.append(
            Dropped(
                f"{q.title}: Kommentare",
                "Kommentare je Auswahl werden nicht übernommen",
                q.line,
            )
        )
    question: dict[str, Any] = {"id": qid, "type": "multi", **base, "options": options}
    maximum = builder.attribute(q, "max_answers")
    if maximum.isdigit() and int(maximum) > 0:
        question["max"] = int(maximum)
    builder.references[q.title] = Reference("question", qid)
    return [question]


def compare(
    reference: Reference, question: dict[str, Any], op: str, value: str, numeric: bool
) -> dict[str, Any]:
    """``M1_SQ001 == "Y"``: whether an option is chosen; the question as a whole compares with
    no value."""
    if reference.kind != "option":
        return not_comparable(reference, question, op, value, numeric)
    if op not in ("equals", "not_equals") or value not in ("Y", ""):
        raise Untranslatable(f"Vergleich einer Mehrfachauswahl mit „{value}“")
    chosen = value.upper() == "Y"
    wanted = chosen if op == "equals" else not chosen
    condition = {"question": reference.qid, "contains": reference.code}
    return condition if wanted else {"not": condition}


def response_columns(question: MultiQuestion, columns: dict[str, Target]) -> None:
    q = question
    for code in q.codes():
        option = q.option(code)
        if option and option.other:
            continue
        columns[f"{q.id}[{code}]"] = Target("cell", f"{q.id}.{code}")
    if q.other_option():
        columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")
