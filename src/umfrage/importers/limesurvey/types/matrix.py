"""``matrix`` from LimeSurvey: the arrays (``F``, ``H``, the fixed 5- and 10-point, yes/uncertain/no
and increase/same/decrease scales), and the dual-scale array (``1``) as two matrices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from umfrage.importers.limesurvey.reference import Reference
from umfrage.importers.limesurvey.typemap import FIXED_SCALES, NOMINAL_MATRIX_TYPES, TYPES
from umfrage.importers.limesurvey.types.base import no_filter, no_parts, not_comparable
from umfrage.importers.tabular import Target
from umfrage.questionnaire.types import MatrixQuestion

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

build_part = no_parts
compare = not_comparable
takes_filter = no_filter

LETTERS = {code for code, info in TYPES.items() if info.kind == "matrix"}
"""The LimeSurvey type letters that become matrices."""
DUAL_SCALE = "1"


def build(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
) -> list[dict[str, Any]]:
    scales = [0, 1] if q.type == DUAL_SCALE else [0]
    return [_scale(builder, q, source, base, scale) for scale in scales]


def _scale(
    builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any], scale: int
) -> dict[str, Any]:
    suffix = f"_{scale + 1}" if q.type == DUAL_SCALE else ""
    qid = builder.new_id(f"{q.title}{suffix}", f"q{q.qid}{suffix}", source)
    answers = builder.fixed(FIXED_SCALES, q) or builder.coded(q, scale)
    items = builder.options(q, builder.sub_items(q, 0))
    question: dict[str, Any] = {
        "id": qid,
        "type": "matrix",
        **base,
        "items": [{"code": i["code"], "label": i["label"]} for i in items],
        "scale": builder.options(q, answers),
    }
    if q.type == DUAL_SCALE:
        header = builder.localized(q, f"dualscale_header{'A' if scale == 0 else 'B'}")
        if header:
            question["text"] = f"{base['text']} ({header})"
    if q.type in NOMINAL_MATRIX_TYPES:
        question["ordinal"] = False
    for item, sub in zip(items, builder.children(q, 0), strict=False):
        _columns(builder, q, sub, scale, f"{qid}.{item['code']}")
        if q.type != DUAL_SCALE:
            builder.references[f"{q.title}_{sub.title}"] = Reference("item", qid, item["code"])
    builder.references[f"{q.title}{suffix}"] = Reference("question", qid)
    return question


def _columns(
    builder: QuestionBuilder, q: LsQuestion, sub: LsQuestion, scale: int, target: str
) -> None:
    forms = (
        (
            f"{q.title}[{sub.title}][{scale + 1}]",
            f"{q.title}[{sub.title}#{scale}]",
            f"{q.title}_{sub.title}_{scale + 1}",
            f"{q.title}_{sub.title}#{scale}",
        )
        if q.type == DUAL_SCALE
        else (f"{q.title}[{sub.title}]",)
    )
    for form in forms:
        builder.columns[form] = Target("cell", target)


def response_columns(question: MatrixQuestion, columns: dict[str, Target]) -> None:
    """A column per item; the two matrices of a dual scale (``_1``, ``_2``) also by scale."""
    q = question
    head, _, tail = q.id.rpartition("_")
    for item in q.item_codes():
        columns[f"{q.id}[{item}]"] = Target("cell", f"{q.id}.{item}")
        if head and tail in ("1", "2"):
            columns[f"{head}[{item}][{tail}]"] = Target("cell", f"{q.id}.{item}")
