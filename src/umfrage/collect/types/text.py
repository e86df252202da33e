"""``text``: a text area (or a one-line box with ``multiline: false``)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString

from umfrage.collect.types.base import Field, clean_text, name
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    return name(question.id)


def render(field: Field) -> SafeString:
    typed = (
        str(field.raw.get(name(field.qid), "")) if field.raw is not None else str(field.value or "")
    )
    return _render("collect/types/text.html", field, typed=typed)


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    text = clean_text(post.get(name(question.id), ""))
    return ({question.id: text} if text else {}), []


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    text = answers.get(question.id)
    return [str(text)] if text else []
