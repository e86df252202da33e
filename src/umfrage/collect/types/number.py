"""``number``: a text box that accepts German and English decimal marks, with the range as hint."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, name
from umfrage.collect.types.base import render as _render


def anchor(question: Any) -> str:
    return name(question.id)


def hint(question: Any) -> str:
    span = question.range_text()
    unit = f" ({question.unit})" if question.unit else ""
    whole = question.decimals == 0
    if span:
        text = (
            _("Bitte geben Sie eine ganze Zahl von %(span)s ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl von %(span)s ein%(unit)s.")
        )
    else:
        text = (
            _("Bitte geben Sie eine ganze Zahl ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl ein%(unit)s.")
        )
    return text % {"span": span, "unit": unit}


def shown_value(question: Any, value: Any) -> str:
    if value is None:
        return ""
    if question.decimals == 0:
        return str(int(value))
    return f"{value:.{question.decimals}f}".rstrip("0").rstrip(".").replace(".", ",")


def render(field: Field) -> SafeString:
    typed = (
        str(field.raw.get(name(field.qid), ""))
        if field.raw is not None
        else shown_value(field.question, field.value)
    )
    return _render(
        "collect/types/number.html",
        field,
        typed=typed,
        range_hint=hint(field.question),
        range_id=name(field.qid, "range"),
        describedby=field.describedby(name(field.qid, "range")),
        inputmode="numeric" if field.question.decimals == 0 else "decimal",
    )


def parse(
    question: Any, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    raw = post.get(name(question.id), "").strip()
    if raw == "":
        return {}, []
    try:
        return {question.id: question.parse(raw)}, []
    except ValueError:
        if question.decimals == 0:
            return {}, [_("Bitte geben Sie eine ganze Zahl in Ziffern ein, zum Beispiel 12.")]
        return {}, [_("Bitte geben Sie eine Zahl in Ziffern ein, zum Beispiel 12,5.")]


def summary(question: Any, answers: dict[str, Any]) -> list[str]:
    value = answers.get(question.id)
    if value is None:
        return []
    unit = f" {question.unit}" if question.unit else ""
    return [shown_value(question, value) + unit]
