"""``single``: radio buttons in a fieldset (or a select box with ``dropdown: true``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import (
    Choice,
    Field,
    Frame,
    Variants,
    attributes,
    built,
    choice,
    describedby,
    fieldset_frame,
    format_html,
    label_frame,
    labelled,
    name,
    no_posted_offer,
    no_preview_detail,
    other_problems,
    pick,
    variants,
)
from umfrage.questionnaire.base import Option
from umfrage.questionnaire.types import SingleQuestion


def anchor(question: SingleQuestion) -> str:
    if question.dropdown:
        return name(question.id)
    return name(question.id, question.options[0].code)


@dataclass(frozen=True)
class Parts:
    """What does not depend on the respondent (see ``base.built``)."""

    frame: Frame
    options: tuple[Choice, ...]
    select_start: Variants = ("", "")  # a dropdown's select element up to its options


def _parts(question: SingleQuestion) -> Parts:
    if not question.dropdown:
        return Parts(
            fieldset_frame(question),
            tuple(choice(question, o, "radio") for o in question.options),
        )

    def option(o: Option, selected: bool) -> str:
        return format_html(
            '<option value="{}"{}>{}</option>', o.code, attributes(selected=selected), o.label
        )

    options = [Choice(o.code, option(o, False), option(o, True)) for o in question.options]

    def select_start(errors: bool) -> str:
        return format_html(
            '<select class="select" id="{}" name="{}"{}>{}',
            name(question.id),
            name(question.id),
            attributes(
                aria_describedby=describedby(question, errors=errors),
                aria_invalid="true" if errors else None,
            ),
            format_html('<option value="">{}</option>', _("Bitte wählen")),
        )

    return Parts(label_frame(question), tuple(options), variants(select_start))


def render(field: Field[SingleQuestion]) -> SafeString:
    parts = built(field.question, _parts)
    if field.question.dropdown:
        start = parts.select_start[bool(field.errors)]
        return parts.frame.around(field, start + pick(field, parts.options) + "</select>")
    return parts.frame.around(
        field, '<div class="choices">' + pick(field, parts.options) + "</div>"
    )


def parse(
    question: SingleQuestion, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    code = post.get(name(question.id), "")
    if code == "":
        found, problems = other_problems(question, post, [])
        return found, problems
    if question.option(code) is None:
        return {}, [_("Bitte wählen Sie eine der angebotenen Antworten.")]
    other, problems = other_problems(question, post, [code])
    return {question.id: code, **other}, problems


def summary(question: SingleQuestion, answers: Mapping[str, Any]) -> list[str]:
    option = question.option(str(answers.get(question.id, "")))
    if option is None:
        return []
    other = answers.get(f"{question.id}.other")
    return [labelled(option.label, other) if option.other and other else option.label]


posted_offer = no_posted_offer
preview_detail = no_preview_detail
