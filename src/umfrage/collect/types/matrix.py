"""``matrix``: a table with one radio group per item (stacked, one group per item, on phones)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, name
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    return name(question.id, question.items[0].code, question.scale[0].code)


def render(field: Field) -> SafeString:
    value = field.value if isinstance(field.value, dict) else {}
    rows = [
        {
            "code": item.code,
            "label": item.label,
            "id": name(field.qid, item.code),
            "name": name(field.qid, item.code),
            "points": [
                {
                    "code": point.code,
                    "label": point.label,
                    "id": name(field.qid, item.code, point.code),
                    "checked": str(value.get(item.code, "")) == point.code,
                    "apart": point.exclude_from_base,
                }
                for point in field.question.scale
            ],
        }
        for item in field.question.items
    ]
    return _render("collect/types/matrix.html", field, rows=rows, scale=field.question.scale)


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    value: dict[str, str] = {}
    for item in question.items:
        raw = post.get(name(question.id, item.code), "")
        if raw == "":
            continue
        if question.option(raw) is None:
            return {}, [_("Bitte wählen Sie in jeder Zeile einen Wert der Skala.")]
        value[item.code] = raw
    return ({question.id: value} if value else {}), []


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    value = answers.get(question.id) or {}
    lines = []
    for item in question.items:
        point = question.option(str(value.get(item.code, "")))
        if point is not None:
            lines.append(f"{item.label}: {point.label}")
    return lines
