"""``number``: a text box that accepts German and English decimal marks, with the range as hint."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, attributes, error, format_html, name, title, wrapper
from umfrage.collect.types.base import hint as hint_box


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
    question = field.question
    typed = (
        str(field.raw.get(name(field.qid), ""))
        if field.raw is not None
        else shown_value(question, field.value)
    )
    range_id = name(field.qid, "range")
    unit = (
        format_html(' <span class="number__unit">{}</span>', question.unit) if question.unit else ""
    )
    inner = format_html(
        '<label class="question__title" for="{}">{}</label>{}<p class="hint" id="{}">{}</p>{}'
        '<div class="number"><input class="input input--number" type="text" inputmode="{}" '
        'autocomplete="off" spellcheck="false" id="{}" name="{}" value="{}"{}>{}</div>',
        name(field.qid),
        title(question),
        hint_box(field),
        range_id,
        hint(question),
        error(field),
        "numeric" if question.decimals == 0 else "decimal",
        name(field.qid),
        name(field.qid),
        typed,
        attributes(
            aria_describedby=field.describedby(range_id),
            aria_invalid="true" if field.errors else None,
        ),
        unit,
    )
    return wrapper(field, inner)


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
