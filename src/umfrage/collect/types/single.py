"""``single``: radio buttons in a fieldset (or a select box with ``dropdown: true``)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import (
    Field,
    attributes,
    choice,
    choices,
    error,
    fieldset,
    format_html,
    hint,
    join,
    name,
    other_problems,
    title,
    wrapper,
)


def anchor(question: Any) -> str:
    if question.dropdown:
        return name(question.id)
    return name(question.id, question.options[0].code)


def render(field: Field) -> SafeString:
    question = field.question
    options = choices(field)
    if question.dropdown:
        items = [format_html('<option value="">{}</option>', _("Bitte wählen"))] + [
            format_html(
                '<option value="{}"{}>{}</option>',
                o["code"],
                attributes(selected=o["checked"]),
                o["label"],
            )
            for o in options
        ]
        inner = format_html(
            '<label class="question__title" for="{}">{}</label>{}{}'
            '<select class="select" id="{}" name="{}"{}>{}</select>',
            name(field.qid),
            title(question),
            hint(field),
            error(field),
            name(field.qid),
            name(field.qid),
            attributes(
                aria_describedby=field.describedby(), aria_invalid="true" if field.errors else None
            ),
            join(items),
        )
        return wrapper(field, inner)
    body = format_html(
        '<div class="choices">{}</div>', join([choice(field, o, "radio") for o in options])
    )
    return wrapper(field, fieldset(field, body))


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    code = post.get(name(question.id), "")
    if code == "":
        found, problems = other_problems(question, post, [])
        return found, problems
    if question.option(code) is None:
        return {}, [_("Bitte wählen Sie eine der angebotenen Antworten.")]
    other, problems = other_problems(question, post, [code])
    return {question.id: code, **other}, problems


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    option = question.option(str(answers.get(question.id, "")))
    if option is None:
        return []
    other = answers.get(f"{question.id}.other")
    return [f"{option.label}: {other}" if option.other and other else option.label]
