"""``text``: a text area (or a one-line box with ``multiline: false``)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString

from umfrage.collect.types.base import (
    Field,
    attributes,
    clean_text,
    error,
    format_html,
    hint,
    name,
    title,
    wrapper,
)


def anchor(question: Any) -> str:
    return name(question.id)


def render(field: Field) -> SafeString:
    question = field.question
    typed = (
        str(field.raw.get(name(field.qid), "")) if field.raw is not None else str(field.value or "")
    )
    extra = attributes(
        aria_describedby=field.describedby(), aria_invalid="true" if field.errors else None
    )
    if question.multiline:
        box = format_html(
            '<textarea class="textarea" id="{}" name="{}" rows="5"{}>{}</textarea>',
            name(field.qid),
            name(field.qid),
            extra,
            typed,
        )
    else:
        box = format_html(
            '<input class="input" type="text" id="{}" name="{}" value="{}"{}>',
            name(field.qid),
            name(field.qid),
            typed,
            extra,
        )
    inner = format_html(
        '<label class="question__title" for="{}">{}</label>{}{}{}',
        name(field.qid),
        title(question),
        hint(field),
        error(field),
        box,
    )
    return wrapper(field, inner)


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    text = clean_text(post.get(name(question.id), ""))
    return ({question.id: text} if text else {}), []


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    text = answers.get(question.id)
    return [str(text)] if text else []
