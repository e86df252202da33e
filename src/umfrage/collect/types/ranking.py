"""``ranking``: one select box (rank 1…top) per option; works by keyboard and without JavaScript.

With ``among`` only the options chosen in the earlier multi question are offered.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, attributes, fieldset, format_html, join, name, wrapper


def anchor(question: Any) -> str:
    return name(question.id)


def render(field: Field) -> SafeString:
    question = field.question
    codes = field.rankable if field.rankable is not None else question.codes()
    value = field.value if isinstance(field.value, dict) else {}
    invalid = "true" if field.errors else None
    rows = []
    for index, option in enumerate(o for o in question.options if o.code in codes):
        element = name(field.qid) if index == 0 else name(field.qid, option.code)
        ranks = [format_html('<option value="">{}</option>', _("kein Rang"))] + [
            format_html(
                '<option value="{}"{}>{}</option>',
                rank,
                attributes(selected=value.get(option.code) == rank),
                _("Rang %(rank)d") % {"rank": rank},
            )
            for rank in range(1, question.top + 1)
        ]
        rows.append(
            format_html(
                '<div class="rank"><label class="rank__label" for="{}">{}</label>'
                '<select class="select rank__select" id="{}" name="{}"{}>{}</select></div>',
                element,
                option.label,
                element,
                name(field.qid, option.code),
                attributes(aria_invalid=invalid),
                join(ranks),
            )
        )
    how_id = name(field.qid, "how")
    how = _(
        "Wählen Sie für die wichtigsten Antworten einen Rang: 1 ist am wichtigsten, vergeben Sie "
        "die Ränge 1 bis %(top)d je einmal. Die übrigen lassen Sie auf „kein Rang“."
    ) % {"top": question.top}
    before = format_html('<p class="hint" id="{}">{}</p>', how_id, how)
    body = format_html('<div class="ranks">{}</div>', join(rows))
    return wrapper(field, fieldset(field, body, how_id, before=before))


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
