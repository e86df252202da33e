"""``text``: a text area (or a one-line box with ``multiline: false``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString

from umfrage.collect.types.base import (
    Field,
    Frame,
    Variants,
    attributes,
    built,
    clean_text,
    describedby,
    escaped,
    format_html,
    label_frame,
    name,
    no_posted_offer,
    no_preview_detail,
    too_long,
    variants,
)
from umfrage.questionnaire.types import TextQuestion


def anchor(question: TextQuestion) -> str:
    return name(question.id)


def _parts(question: TextQuestion) -> tuple[Frame, Variants, Variants]:
    """The frame and the box before and after the typed text, without and with errors; see
    ``base.built``."""
    element = name(question.id)

    def extra(errors: bool) -> str:
        return attributes(
            maxlength=question.max_length,
            aria_describedby=describedby(question, errors=errors),
            aria_invalid="true" if errors else None,
        )

    if question.multiline:
        before = variants(
            lambda errors: format_html(
                '<textarea class="textarea" id="{}" name="{}" rows="5"{}>',
                element,
                element,
                extra(errors),
            )
        )
        after: Variants = ("</textarea>", "</textarea>")
    else:
        start = format_html(
            '<input class="input" type="text" id="{}" name="{}" value="', element, element
        )
        before = (start, start)
        after = variants(lambda errors: format_html('"{}>', extra(errors)))
    return label_frame(question), before, after


def render(field: Field[TextQuestion]) -> SafeString:
    frame, before, after = built(field.question, _parts)
    typed = (
        str(field.raw.get(name(field.qid), "")) if field.raw is not None else str(field.value or "")
    )
    errors = bool(field.errors)
    return frame.around(field, before[errors] + escaped(typed) + after[errors])


def parse(
    question: TextQuestion, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    text = clean_text(post.get(name(question.id), ""))
    if len(text) > question.max_length:
        return {}, [too_long(text, question.max_length)]
    return ({question.id: text} if text else {}), []


def summary(question: TextQuestion, answers: Mapping[str, Any]) -> list[str]:
    text = answers.get(question.id)
    return [str(text)] if text else []


posted_offer = no_posted_offer
preview_detail = no_preview_detail
