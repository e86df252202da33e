"""``number``: a text box that accepts German and English decimal marks, with the range as hint."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils import translation
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from umfrage import formatting as fmt
from umfrage.collect.types.base import (
    Field,
    Frame,
    Variants,
    attributes,
    built,
    describedby,
    escaped,
    format_html,
    label_frame,
    name,
    no_posted_offer,
    variants,
)
from umfrage.questionnaire.types import NumberQuestion

# The longest text a number box takes (a number with grouping, decimals and a unit is far
# shorter); longer posts are refused at once and not shown again in full.
MAX_TYPED = 40


def anchor(question: NumberQuestion) -> str:
    return name(question.id)


def _in_page_numbers(german: str) -> str:
    """A number written the German way without grouping (``2,5``, ``1990``) with the active
    language's decimal mark (English ``2.5``)."""
    if (translation.get_language() or "de").split("-")[0] == "de":
        return german
    return german.replace(",", str(get_format("DECIMAL_SEPARATOR")))


def limit(value: float) -> str:
    """A limit of the range as the respondent types it, in the active language's numbers:
    no thousands separator (a year "1.990" or "1,990" misleads), the language's decimal mark."""
    return _in_page_numbers(german_number(value))


def _span_text(question: NumberQuestion, unit: str) -> str:
    """ "Please enter a (whole) number from … to …" in the active language, with ``unit``
    (" (Jahre)" or empty) before the full stop: the hint under the box and, without the unit,
    the message when a number lies outside the range (worded alike, "ganze Zahl" in both)."""
    low = None if question.min is None else limit(question.min)
    high = None if question.max is None else limit(question.max)
    whole = question.decimals == 0
    if low is not None and high is not None:
        text = (
            _("Bitte geben Sie eine ganze Zahl von %(low)s bis %(high)s ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl von %(low)s bis %(high)s ein%(unit)s.")
        )
    elif low is not None:
        text = (
            _("Bitte geben Sie eine ganze Zahl von mindestens %(low)s ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl von mindestens %(low)s ein%(unit)s.")
        )
    elif high is not None:
        text = (
            _("Bitte geben Sie eine ganze Zahl von höchstens %(high)s ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl von höchstens %(high)s ein%(unit)s.")
        )
    else:
        text = (
            _("Bitte geben Sie eine ganze Zahl ein%(unit)s.")
            if whole
            else _("Bitte geben Sie eine Zahl ein%(unit)s.")
        )
    return text % {"low": low, "high": high, "unit": unit}


def hint(question: NumberQuestion) -> str:
    """The hint under the box: the range (if any) and the unit, in the active language."""
    return _span_text(question, f" ({question.unit})" if question.unit else "")


def out_of_range(question: NumberQuestion, value: float) -> list[str]:
    """The message for a number outside the range, in the active language (empty if inside).

    The questionnaire's own check (``NumberQuestion.check_value``) says the same in German for
    imports and the staff; the page checks first so that the respondent reads it in the page's
    language."""
    if (question.min is not None and value < question.min) or (
        question.max is not None and value > question.max
    ):
        return [_span_text(question, "")]
    return []


def shown_value(question: NumberQuestion, value: Any) -> str:
    """A stored number as the respondent sees it in the box and on the check page: German
    ``2,5``, in another language with that language's decimal mark (English ``2.5``); both marks
    are read back (``parse``)."""
    return _in_page_numbers(fmt.input_number(value, question.decimals))


def _parts(question: NumberQuestion) -> tuple[Frame, str, Variants]:
    """The frame, the input up to the typed value and the rest after it, without and with
    errors; see ``base.built``."""
    range_id = name(question.id, "range")
    unit = (
        format_html(' <span class="number__unit">{}</span>', question.unit) if question.unit else ""
    )
    start = format_html(
        '<div class="number"><input class="input input--number" type="text" inputmode="{}" '
        'autocomplete="off" spellcheck="false" maxlength="{}" id="{}" name="{}" value="',
        "numeric" if question.decimals == 0 else "decimal",
        MAX_TYPED,
        name(question.id),
        name(question.id),
    )

    def end(errors: bool) -> str:
        return format_html(
            '"{}>{}</div>',
            attributes(
                aria_describedby=describedby(question, range_id, errors=errors),
                aria_invalid="true" if errors else None,
            ),
            unit,
        )

    range_hint = format_html('<p class="hint" id="{}">{}</p>', range_id, hint(question))
    return label_frame(question, range_hint), start, variants(end)


def render(field: Field[NumberQuestion]) -> SafeString:
    frame, start, end = built(field.question, _parts)
    typed = (
        str(field.raw.get(name(field.qid), ""))[:MAX_TYPED]
        if field.raw is not None
        else shown_value(field.question, field.value)
    )
    return frame.around(field, start + escaped(typed) + end[bool(field.errors)])


def parse(
    question: NumberQuestion, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    raw = post.get(name(question.id), "").strip()
    if raw == "":
        return {}, []
    whole = question.decimals == 0
    if len(raw) > MAX_TYPED:
        return {}, [_not_digits(whole)]
    if whole and _GROUPED.fullmatch(raw):
        raw = raw.replace(".", "").replace(" ", "")  # 1.234 and 1 234: a thousands separator
    try:
        value = question.parse(raw)
    except ValueError:
        if whole and _DECIMAL.fullmatch(raw.replace(" ", "")):
            return {}, [
                _(
                    "„%(typed)s“ hat Nachkommastellen; hier ist eine ganze Zahl gefragt. "
                    "Bitte geben Sie sie ohne Komma ein, zum Beispiel 12."
                )
                % {"typed": raw}
            ]
        return {}, [_not_digits(whole)]
    return {question.id: value}, out_of_range(question, value)


# What a respondent may type beyond the digits (docs/web-questionnaire.md): for a whole number,
# a thousands separator (dot or space) between groups of three digits, „1.234“ = 1234 (a whole
# number cannot mean 1,234); a decimal comma or point where a whole number is asked is named
# as such. Other text is not a number.
_GROUPED = re.compile(r"[-+−]?\d{1,3}(?:[. ]\d{3})+")
_DECIMAL = re.compile(r"[-+−]?\d*[.,]\d+|[-+−]?\d{1,3}(?:\.\d{3})+,\d+")


def _not_digits(whole: bool) -> str:
    if whole:
        return _("Bitte geben Sie eine ganze Zahl in Ziffern ein, zum Beispiel 12.")
    return _("Bitte geben Sie eine Zahl in Ziffern ein, zum Beispiel 12,5.")


def summary(question: NumberQuestion, answers: Mapping[str, Any]) -> list[str]:
    value = answers.get(question.id)
    if value is None:
        return []
    unit = f" {question.unit}" if question.unit else ""
    return [shown_value(question, value) + unit]


posted_offer = no_posted_offer


def german_number(value: float) -> str:
    """12 → „12“, 2.5 → „2,5“, 1990 → „1990“ (limits are floats in the spec), as the range hint
    on the page writes them: without a thousands dot."""
    return fmt.number(value, None, grouping=False)


def preview_detail(question: NumberQuestion) -> str:
    """The line the questionnaire preview shows under a number question: range, unit, decimals."""
    parts = ["Zahl"]
    if question.min is not None:
        parts.append(f"ab {german_number(question.min)}")
    if question.max is not None:
        parts.append(f"bis {german_number(question.max)}")
    text = " ".join(parts)
    if question.unit:
        text += f" ({question.unit})"
    if question.decimals:
        text += f", {question.decimals} Nachkommastellen"
    return text + "."
