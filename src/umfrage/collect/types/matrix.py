"""``matrix``: a table with one radio group per item (stacked, one group per item, on phones)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage.collect.types.base import (
    Field,
    Frame,
    attributes,
    built,
    fieldset_frame,
    format_html,
    labelled,
    name,
    no_posted_offer,
    no_preview_detail,
)
from umfrage.questionnaire.base import Item, Option
from umfrage.questionnaire.types import MatrixQuestion


def anchor(question: MatrixQuestion) -> str:
    return name(question.id, question.items[0].code, question.scale[0].code)


@dataclass(frozen=True)
class Row:
    """One item's table row: its start, and per scale point the cell not chosen and chosen."""

    code: str
    start: str
    cells: tuple[tuple[str, str, str], ...]


def _cell(question: MatrixQuestion, item: Item, point: Option, checked: bool) -> str:
    return format_html(
        '<td class="matrix__cell{}"><input class="choice__input" type="radio" id="{}" '
        'name="{}" value="{}"{}><label class="matrix__label" for="{}">'
        '<span class="matrix__point">{}</span><span class="visually-hidden"> – {}</span>'
        "</label></td>",
        " matrix__apart" if point.exclude_from_base else "",
        name(question.id, item.code, point.code),
        name(question.id, item.code),
        point.code,
        attributes(checked=checked),
        name(question.id, item.code, point.code),
        point.label,
        item.label,
    )


def _parts(question: MatrixQuestion) -> tuple[Frame, str, tuple[Row, ...]]:
    """The frame, the table up to its rows, and the rows; see ``base.built``."""
    head = "".join(
        format_html(
            '<th scope="col" class="matrix__head{}">{}</th>',
            " matrix__apart" if point.exclude_from_base else "",
            point.label,
        )
        for point in question.scale
    )
    table_start = (
        '<table class="matrix"><thead><tr><td class="matrix__corner"></td>'
        + head
        + "</tr></thead><tbody>"
    )
    rows = tuple(
        Row(
            item.code,
            format_html(
                '<tr class="matrix__row"><th scope="row" class="matrix__item" id="{}-label">{}</th>',
                name(question.id, item.code),
                item.label,
            ),
            tuple(
                (
                    point.code,
                    _cell(question, item, point, False),
                    _cell(question, item, point, True),
                )
                for point in question.scale
            ),
        )
        for item in question.items
    )
    return fieldset_frame(question, extra_class=" question--matrix"), table_start, rows


def render(field: Field[MatrixQuestion]) -> SafeString:
    frame, table_start, rows = built(field.question, _parts)
    value = field.value if isinstance(field.value, dict) else {}
    body = [table_start]
    for row in rows:
        chosen = str(value.get(row.code, ""))
        body.append(row.start)
        body.extend(checked if code == chosen else plain for code, plain, checked in row.cells)
        body.append("</tr>")
    body.append("</tbody></table>")
    return frame.around(field, "".join(body))


def parse(
    question: MatrixQuestion, post: QueryDict, answers: dict[str, Any]
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


def summary(question: MatrixQuestion, answers: Mapping[str, Any]) -> list[str]:
    value = answers.get(question.id) or {}
    lines = []
    for item in question.items:
        point = question.option(str(value.get(item.code, "")))
        if point is not None:
            lines.append(labelled(item.label, point.label))
    return lines


posted_offer = no_posted_offer
preview_detail = no_preview_detail
