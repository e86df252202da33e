"""German number formats for the reports: a re-export of :mod:`umfrage.formatting`, the one
module that writes German numbers, percentages and dates (kept so that ``reporting.formatting``
goes on working), and the exports' guard against spreadsheet formulas."""

from __future__ import annotations

from typing import Any

from umfrage.formatting import (
    EN_DASH,
    EXACT_TOLERANCE,
    FRACTIONS,
    MINUS,
    MONTHS,
    NBSP,
    PERCENT_SIGN,
    ROUGH_TOLERANCE,
    count,
    date_time,
    fraction_words,
    german_date,
    interval,
    number,
    numeric_date,
    numeric_date_time,
    p_number,
    p_value,
    percent,
    period,
    points,
    signed,
)

__all__ = [
    "EN_DASH",
    "EXACT_TOLERANCE",
    "FORMULA_STARTS",
    "FRACTIONS",
    "MINUS",
    "MONTHS",
    "NBSP",
    "PERCENT_SIGN",
    "ROUGH_TOLERANCE",
    "count",
    "date_time",
    "fraction_words",
    "german_date",
    "interval",
    "neutralise",
    "number",
    "numeric_date",
    "numeric_date_time",
    "p_number",
    "p_value",
    "percent",
    "period",
    "points",
    "signed",
]

# Spreadsheets run cells starting with these as formulas (CSV and Excel injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe;
    other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
