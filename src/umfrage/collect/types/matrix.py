"""``matrix``: a table with one radio group per item (stacked, one group per item, on phones)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import Field, attributes, fieldset, format_html, join, name, wrapper


def anchor(question: Any) -> str:
    return name(question.id, question.items[0].code, question.scale[0].code)


def render(field: Field) -> SafeString:
    question = field.question
    value = field.value if isinstance(field.value, dict) else {}
    head = join(
        [
            format_html(
                '<th scope="col" class="matrix__head{}">{}</th>',
                " matrix__apart" if point.exclude_from_base else "",
                point.label,
            )
            for point in question.scale
        ]
    )
    rows = []
    for item in question.items:
        cells = []
        for point in question.scale:
            element = name(field.qid, item.code, point.code)
            cells.append(
                format_html(
                    '<td class="matrix__cell{}"><input class="choice__input" type="radio" id="{}" '
                    'name="{}" value="{}"{}><label class="matrix__label" for="{}">'
                    '<span class="matrix__point">{}</span><span class="visually-hidden"> – {}</span>'
                    "</label></td>",
                    " matrix__apart" if point.exclude_from_base else "",
                    element,
                    name(field.qid, item.code),
                    point.code,
                    attributes(checked=str(value.get(item.code, "")) == point.code),
                    element,
                    point.label,
                    item.label,
                )
            )
        rows.append(
            format_html(
                '<tr class="matrix__row"><th scope="row" class="matrix__item" id="{}-label">{}</th>{}</tr>',
                name(field.qid, item.code),
                item.label,
                join(cells),
            )
        )
    table = format_html(
        '<table class="matrix"><thead><tr><td class="matrix__corner"></td>{}</tr></thead>'
        "<tbody>{}</tbody></table>",
        head,
        join(rows),
    )
    return wrapper(field, fieldset(field, table), " question--matrix")


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
