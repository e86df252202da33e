"""German numbers, percentages and dates (umfrage.formatting, the one module that writes them)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from umfrage import formatting as fmt
from umfrage.formatting import NBSP


def nb(text: str) -> str:
    """The expected text with no-break spaces where the formatter puts them."""
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (0.5, 2, "0,50"),
        (-3.25, 1, "−3,2"),
        (-0.04, 1, "0,0"),
        (999.96, 1, "1.000,0"),
    ],
)
def test_numbers_use_the_dot_for_thousands_and_the_comma_for_decimals(
    value: float, decimals: int, expected: str
) -> None:
    assert fmt.number(value, decimals) == expected


def test_years_get_no_thousands_separator() -> None:
    assert fmt.number(2008.5, 1, grouping=False) == "2008,5"
    assert fmt.number(-1234.5, 1, grouping=False) == "−1234,5"


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.275, 1, "27,5 %"),
        (0.275, 0, "28 %"),
        (0.09, 0, "9 %"),
        (1.0, 0, "100 %"),
        (0.0, 1, "0,0 %"),
        (0.4126, 1, "41,3 %"),
        (None, 0, "–"),
        (float("nan"), 0, "–"),
    ],
)
def test_shares_are_written_as_german_percentages(
    share: float | None, decimals: int, expected: str
) -> None:
    assert fmt.percent(share, decimals) == nb(expected)


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        (0.184, "+18 Prozentpunkte"),
        (-0.05, "−5 Prozentpunkte"),
        (0.01, "+1 Prozentpunkt"),
        (0.001, "±0 Prozentpunkte"),
        (None, "–"),
    ],
)
def test_differences_are_signed_percentage_points(diff: float | None, expected: str) -> None:
    assert fmt.points(diff) == nb(expected)


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (1 / 3, "ein Drittel"),
        (0.325, "ein Drittel"),
        (0.35, "rund ein Drittel"),
        (0.5, "die Hälfte"),
        (0.66, "zwei Drittel"),
        (0.25, "ein Viertel"),
        (0.76, "drei Viertel"),
        (0.42, None),
        (0.9, None),
    ],
)
def test_a_share_is_named_as_a_fraction_only_when_it_is_one(
    share: float, expected: str | None
) -> None:
    assert fmt.fraction_words(share) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.00004, "p < 0,001"), (0.0312, "p = 0,031"), (0.5, "p = 0,500"), (None, "–")],
)
def test_p_values_have_three_decimals_or_a_floor(p: float | None, expected: str) -> None:
    assert fmt.p_value(p) == nb(expected)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0497, "p = 0,0497"),  # not "0,050" next to "gesichert"
        (0.0501, "p = 0,0501"),  # not "0,050" next to "nicht gesichert" for 0,0497 as well
        (0.05, "p = 0,050"),  # the threshold itself: not below it
        (1e-6, "p < 0,001"),
        (0.5, "p = 0,500"),
        (0.0494, "p = 0,049"),
        (0.0506, "p = 0,051"),
        (0.04996, "p = 0,04996"),
        (0.04999999, "p < 0,05"),
        (0.0500000004, "p > 0,05"),
    ],
)
def test_a_p_value_shows_on_which_side_of_005_it_lies(p: float, expected: str) -> None:
    assert fmt.p_value(p) == nb(expected)


def _read_back(text: str) -> tuple[str, float]:
    """(relation, value) of a printed p: ``("<", 0.001)`` or ``("=", 0.0497)``."""
    relation, value = text.replace(NBSP, " ").split(" ", 2)[1:]
    return relation, float(value.replace(",", "."))


def test_no_printed_p_contradicts_the_verdict_at_005() -> None:
    """Over a fine grid around the threshold and over the whole range: what a reader takes
    from the printed p (below 0,05 or not) is what the test decided (p < 0.05)."""
    import numpy as np

    grid = np.concatenate(
        [np.linspace(0.0490, 0.0510, 20001), np.geomspace(1e-9, 1.0, 5001), [0.05]]
    )
    for p in grid:
        relation, value = _read_back(fmt.p_value(float(p)))
        below = relation == "<" or (relation == "=" and value < 0.05)
        assert below == (p < 0.05), (p, fmt.p_value(float(p)))
        if relation == "=" and value == 0.05:
            assert p == 0.05


def test_intervals_dates_and_counts_read_as_german() -> None:
    assert fmt.interval((0.19, 0.384)) == nb("19–38 %")
    # The day keeps to its month; the year may wrap.
    assert fmt.german_date(date(2024, 5, 6)) == f"6.{NBSP}Mai 2024"
    assert fmt.period(date(2024, 5, 6), date(2024, 6, 28)) == f"6.{NBSP}Mai bis 28.{NBSP}Juni 2024"
    assert (
        fmt.period(date(2023, 12, 1), date(2024, 1, 31))
        == f"1.{NBSP}Dezember 2023 bis 31.{NBSP}Januar 2024"
    )
    assert fmt.count(1, "Bündnis", "Bündnisse") == nb("1 Bündnis")
    assert fmt.count(1234, "Bündnis", "Bündnisse") == nb("1.234 Bündnisse")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, "12"),
        (12.0, "12"),
        (2.5, "2,5"),
        (1000, "1.000"),
        (1234.25, "1.234,25"),
        (1e6, "1.000.000"),
        (-0.5, "−0,5"),
        (0.1, "0,1"),
    ],
)
def test_own_decimals_keep_what_the_value_has(value: float, expected: str) -> None:
    """Limits from a questionnaire: no exponent (``1e+06``), no English point (``2.5``)."""
    assert fmt.number(value, None) == expected


def test_the_reports_percentages_and_the_web_pages_share_one_form() -> None:
    """The rule the places used to disagree on: a no-break space before %, never a plain one."""
    assert fmt.percent(0.417, 1) == f"41,7{NBSP}%"
    assert " " not in fmt.percent(0.417, 1)


def test_values_for_form_fields_can_be_typed_back() -> None:
    assert fmt.input_number(1234.5, 2) == "1234,5"
    assert fmt.input_number(3.0, 1) == "3"
    assert fmt.input_number(-2, 0) == "-2"
    assert fmt.input_number(None, 1) == ""


def test_signed_values_p_numbers_and_intervals_without_unit() -> None:
    assert fmt.signed(1.54, 1) == "+1,5"
    assert fmt.signed(-2, 0) == "−2"
    assert fmt.signed(0.04, 1) == "±0,0"
    assert fmt.signed(None) == "–"
    assert fmt.points(-0.0512, 1, unit=False) == "−5,1"
    assert fmt.p_number(0.0312) == "0,031"
    assert fmt.p_number(0.0004) == nb("< 0,001")
    assert fmt.p_number(float("nan")) == "–"
    assert fmt.interval((0.19, 0.384), 1, unit=False) == "19,0–38,4"


def test_dates_and_times_in_words_and_in_figures() -> None:
    moment = datetime(2031, 5, 7, 9, 5, 3)
    assert fmt.date_time(moment) == f"7.{NBSP}Mai 2031, 09:05{NBSP}Uhr"
    assert fmt.date_time(moment, unit=False) == f"7.{NBSP}Mai 2031, 09:05"
    assert fmt.numeric_date(date(2031, 5, 7)) == "07.05.2031"
    assert fmt.numeric_date(date(2031, 5, 7), year=False) == "07.05."
    assert fmt.numeric_date(date(2031, 5, 7), weekday=True) == "Mi, 07.05.2031"
    assert fmt.numeric_date_time(moment) == "07.05.2031, 09:05"
    assert fmt.numeric_date_time(moment, seconds=True) == "07.05.2031, 09:05:03"
    assert fmt.clock(moment) == "09:05"


def test_the_reports_module_re_exports_the_same_functions() -> None:
    from umfrage.reporting import formatting as reporting

    assert reporting.percent is fmt.percent
    assert reporting.german_date is fmt.german_date
