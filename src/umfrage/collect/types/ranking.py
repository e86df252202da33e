"""``ranking``: one select box (rank 1…top) per option; works by keyboard and without JavaScript.

With ``among`` only the options chosen in the earlier multi question are offered.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, name
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    return name(question.id)


def render(field: Field) -> SafeString:
    codes = field.rankable if field.rankable is not None else field.question.codes()
    value = field.value if isinstance(field.value, dict) else {}
    rows = [
        {
            "code": o.code,
            "label": o.label,
            "id": name(field.qid) if index == 0 else name(field.qid, o.code),
            "name": name(field.qid, o.code),
            "rank": value.get(o.code),
        }
        for index, o in enumerate(o for o in field.question.options if o.code in codes)
    ]
    return _render(
        "collect/types/ranking.html",
        field,
        rows=rows,
        ranks=list(range(1, field.question.top + 1)),
    )


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    ranks: dict[str, int] = {}
    for code in question.codes():
        raw = post.get(name(question.id, code), "")
        if raw == "":
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= question.top:
            return {}, [
                _("Bitte vergeben Sie nur die Ränge 1 bis %(top)d.") % {"top": question.top}
            ]
        ranks[code] = int(raw)
    allowed = question.rankable(answers)
    if any(code not in allowed for code in ranks):
        # An option unticked on the same page: its rank goes, the others move up.
        kept = sorted((rank, code) for code, rank in ranks.items() if code in allowed)
        ranks = {code: index for index, (_, code) in enumerate(kept, start=1)}
    return ({question.id: ranks} if ranks else {}), []


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    ranks = answers.get(question.id) or {}
    by_rank = sorted((rank, code) for code, rank in ranks.items())
    return [f"{rank}. {question.option(code).label}" for rank, code in by_rank]
