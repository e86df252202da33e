"""``multi``: checkboxes in a fieldset; ``max`` and exclusive options are named in the hint."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, choices, name, other_problems
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    return name(question.id, question.options[0].code)


def render(field: Field) -> SafeString:
    options = choices(field)
    return _render(
        "collect/types/multi.html",
        field,
        options=[o for o in options if not o["exclusive"]],
        exclusive=[o for o in options if o["exclusive"]],
        other_id=name(field.qid, "other"),
        other_text=field.other_text,
    )


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    posted = post.getlist(name(question.id))
    if any(question.option(code) is None for code in posted):
        return {}, [_("Bitte wählen Sie nur unter den angebotenen Antworten.")]
    # Option order, not click order, so the stored answer does not depend on the browser.
    chosen = [code for code in question.codes() if code in posted]
    other, problems = other_problems(question, post, chosen)
    return {question.id: chosen, **other}, problems


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    chosen = answers.get(question.id)
    if chosen is None:
        return []
    if not chosen:
        return [_("(nichts ausgewählt)")]
    other = answers.get(f"{question.id}.other")
    return [
        f"{o.label}: {other}" if o.other and other else o.label
        for o in question.options
        if o.code in chosen
    ]
