"""The built-in template filters (umfrage.templatefilters) write as umfrage.formatting does."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.template import engines

NBSP = "\u00a0"


def render(source: str, **context: Any) -> str:
    return engines["django"].from_string(source).render(context)


def test_numbers_and_shares_need_no_load_tag() -> None:
    assert render("{{ n|german_number }}", n=1234) == "1.234"
    assert render("{{ n|german_number:1 }}", n=12.34) == "12,3"
    assert render("{{ s|german_percent:1 }}", s=0.417) == f"41,7{NBSP}%"


def test_dates_and_times_in_local_time(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime(2031, 5, 6, 22, 7, 9, tzinfo=UTC)  # 7 May, 00:07 in Berlin
    assert render("{{ d|numeric_date }}", d=date(2031, 5, 7)) == "07.05.2031"
    assert render('{{ d|numeric_date:"weekday" }}', d=date(2031, 5, 7)) == "Mi, 07.05.2031"
    assert render("{{ m|numeric_date }}", m=moment) == "07.05.2031"
    assert render("{{ m|numeric_date_time }}", m=moment) == "07.05.2031, 00:07"
    assert render('{{ m|numeric_date_time:"seconds" }}', m=moment) == "07.05.2031, 00:07:09"
    assert render("{{ m|clock }}", m=moment) == "00:07"


def test_no_value_stays_empty_for_default() -> None:
    assert render('{{ m|numeric_date_time|default:"—" }}', m=None) == "—"
    assert render("{{ n|german_number:1 }}", n=None) == ""
