"""Template filters of the admin and publication pages (Django templates), built in through
``settings.TEMPLATES`` (``builtins``) so no template needs a ``{% load %}``: each one calls
:mod:`umfrage.formatting`, the one module that writes German numbers and dates.

Aware datetimes arrive in the current time zone (``expects_localtime``), as with Django's
``date`` filter; no value (``None``, ``""``) gives an empty string, so ``|default:"—"`` still
applies.

========================  ==============================  =====================
filter                    example                         for
========================  ==============================  =====================
``german_number[:1]``     ``1.234`` / ``12,5``            counts, effective n
``german_percent[:1]``    ``41,7 %``                      shares (0.417)
``numeric_date``          ``07.05.2031``                  dates, also of datetimes
``numeric_date:"weekday"`` ``Mi, 07.05.2031``
``numeric_date_time``     ``07.05.2031, 14:05``           moments (``:"seconds"``)
``clock``                 ``14:05``                       times (``:"seconds"``)
``prose``                 ``<p>…</p><ul>…</ul>``          questionnaire texts
========================  ==============================  =====================
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString

from umfrage import formatting as fmt
from umfrage.prose import prose_html

register = template.Library()


def _blank(value: Any) -> bool:
    return value is None or value == ""


@register.filter
def german_number(value: Any, decimals: int = 0) -> str:
    return "" if _blank(value) else fmt.number(float(value), int(decimals))


@register.filter
def german_percent(value: Any, decimals: int = 0) -> str:
    return "" if _blank(value) else fmt.percent(float(value), int(decimals))


@register.filter(expects_localtime=True)
def numeric_date(value: date | None, option: str = "") -> str:
    if _blank(value):
        return ""
    assert value is not None
    return fmt.numeric_date(value, weekday=option == "weekday")


@register.filter(expects_localtime=True)
def numeric_date_time(value: datetime | None, option: str = "") -> str:
    if _blank(value):
        return ""
    assert value is not None
    return fmt.numeric_date_time(value, seconds=option == "seconds")


@register.filter(expects_localtime=True)
def clock(value: datetime | None, option: str = "") -> str:
    if _blank(value):
        return ""
    assert value is not None
    return fmt.clock(value, seconds=option == "seconds")


@register.filter(is_safe=True)
def prose(value: Any) -> str:
    """A questionnaire's longer text as the respondent pages show it (``umfrage.prose``):
    flowing paragraphs and lists, escaped."""
    return "" if _blank(value) else SafeString(prose_html(str(value)))


@register.simple_tag
def page_lang() -> str:
    """The ``lang`` of a page in the active language (Leichte Sprache is ``de``;
    umfrage.collect.locale)."""
    from umfrage.collect import locale

    return locale.html_lang()


@register.simple_tag
def page_dir() -> str:
    """``ltr`` or ``rtl`` for the active language (umfrage.collect.locale)."""
    from umfrage.collect import locale

    return locale.direction()
