"""``ranking``: one select box (rank 1…top) per option; works by keyboard and without JavaScript.

With ``among`` only the options chosen in the earlier multi question are offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import (
    Field,
    Frame,
    attributes,
    built,
    fieldset_frame,
    format_html,
    name,
    no_preview_detail,
)
from umfrage.questionnaire.base import Option
from umfrage.questionnaire.types import RankingQuestion


def anchor(question: RankingQuestion) -> str:
    return name(question.id)


@dataclass(frozen=True)
class Parts:
    """What does not depend on the respondent (see ``base.built``)."""

    frame: Frame
    # Per option: its code and its row up to the select's attributes, as the first row (whose
    # select has the question's id, for the error summary's link) and as any other row.
    rows: tuple[tuple[str, str, str], ...]
    ranks: dict[int, str]  # a select's options with that rank selected
    unranked: str  # ... with none selected


def _ranks(question: RankingQuestion, selected: int | None) -> str:
    return format_html('<option value="">{}</option>', _("kein Rang")) + "".join(
        format_html(
            '<option value="{}"{}>{}</option>',
            rank,
            attributes(selected=selected == rank),
            _("Rang %(rank)d") % {"rank": rank},
        )
        for rank in range(1, question.top + 1)
    )


def _parts(question: RankingQuestion) -> Parts:
    def row(option: Option, element: str) -> str:
        return format_html(
            '<div class="rank"><label class="rank__label" for="{}">{}</label>'
            '<select class="select rank__select" id="{}" name="{}"',
            element,
            option.label,
            element,
            name(question.id, option.code),
        )

    how_id = name(question.id, "how")
    how = _(
        "Wählen Sie für die wichtigsten Antworten einen Rang: 1 ist am wichtigsten, vergeben Sie "
        "die Ränge 1 bis %(top)d je einmal. Die übrigen lassen Sie auf „kein Rang“."
    ) % {"top": question.top}
    before = format_html('<p class="hint" id="{}">{}</p>', how_id, how)
    return Parts(
        fieldset_frame(question, how_id, before=before),
        tuple(
            (o.code, row(o, name(question.id)), row(o, name(question.id, o.code)))
            for o in question.options
        ),
        {rank: _ranks(question, rank) for rank in range(1, question.top + 1)},
        _ranks(question, None),
    )


def render(field: Field[RankingQuestion]) -> SafeString:
    parts = built(field.question, _parts)
    codes = field.rankable if field.rankable is not None else field.question.codes()
    value = field.value if isinstance(field.value, dict) else {}
    invalid = attributes(aria_invalid="true" if field.errors else None) + ">"
    body = ['<div class="ranks">']
    for code, first, other in parts.rows:
        if code not in codes:
            continue
        body.append(other if len(body) > 1 else first)
        body.append(invalid)
        body.append(_selected(parts, value.get(code)))
        body.append("</select></div>")
    body.append("</div>")
    return parts.frame.around(field, "".join(body))


def _selected(parts: Parts, rank: Any) -> str:
    """The options with a stored rank selected; one equal to no rank (or not a number) selects
    none."""
    try:
        return parts.ranks.get(rank, parts.unranked)
    except TypeError:  # not hashable, so no rank number either
        return parts.unranked


def parse(
    question: RankingQuestion, post: QueryDict, answers: dict[str, Any]
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


def posted_offer(question: RankingQuestion, post: QueryDict) -> tuple[str, ...]:
    """The options the posted page offered for ranking (a rank field was shown for each)."""
    return tuple(c for c in question.codes() if name(question.id, c) in post)


def summary(question: RankingQuestion, answers: Mapping[str, Any]) -> list[str]:
    ranks = answers.get(question.id) or {}
    by_rank = sorted((rank, code) for code, rank in ranks.items())
    # A stored ranking names only the question's own codes (``parse`` keeps no other), so the
    # lookup finds an option; left unchecked as before, like ``MultiQuestion`` does.
    return [
        f"{rank}. {question.option(code).label}"  # type: ignore[union-attr]
        for rank, code in by_rank
    ]


preview_detail = no_preview_detail
