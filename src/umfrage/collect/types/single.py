"""``single``: radio buttons in a fieldset (or a select box with ``dropdown: true``)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, choices, name, other_problems
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    if question.dropdown:
        return name(question.id)
    return name(question.id, question.options[0].code)


def render(field: Field) -> SafeString:
    return _render(
        "collect/types/single.html",
        field,
        options=choices(field),
        other_id=name(field.qid, "other"),
        other_text=field.other_text,
    )


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
