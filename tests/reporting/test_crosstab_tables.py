"""Cross-tab tables for the web's results page: read from the analysis, never recomputed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from umfrage.reporting.tables import crosstab_tables

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


@pytest.fixture(scope="module")
def by_size() -> Any:
    from umfrage.analysis.sources import analyse_loaded, load_folder

    return analyse_loaded(load_folder(EXAMPLE, "2024"), by="gemeindegroesse")


@pytest.fixture(scope="module")
def by_size_public() -> Any:
    from umfrage.analysis.sources import analyse_loaded, load_folder

    return analyse_loaded(load_folder(EXAMPLE, "2024"), by="gemeindegroesse", publish=True)


def test_a_single_choice_gets_column_shares_and_the_tables_cramers_v(by_size: Any) -> None:
    result = by_size.question("social_media")
    (table,) = crosstab_tables(result, "Gemeindegröße?")
    crosstab = result.crosstab
    assert table.title == "„" + result.text + "“ nach „Gemeindegröße?“ (Spaltenanteile)"
    assert table.header[0] == "Antwort"
    assert len(table.header) == 1 + len(crosstab.columns)
    assert table.header[1].startswith(crosstab.columns[0].label + " (Basis ")
    assert [row[1:] for row in table.rows] == [tuple(r.shares) for r in crosstab.rows]
    assert table.note is not None
    assert "Cramérs V = " in table.note and "p" in table.note


def test_multi_select_gets_a_test_per_option(by_size: Any) -> None:
    result = by_size.question("partner_vertreten")
    (table,) = crosstab_tables(result, "Gemeindegröße?")
    assert table.header[-5:] == ("Test", "p", "p korrigiert", "gesichert", "Cramérs V")
    rows = result.crosstab.rows
    assert [row[-5] for row in table.rows] == [r.test for r in rows]
    assert [row[-4] for row in table.rows] == [r.p_value for r in rows]
    assert [row[-3] for row in table.rows] == [r.p_adjusted for r in rows]
    assert [row[-2] for row in table.rows] == [r.secure for r in rows]
    assert table.note is not None and "je Antwort" in table.note


def test_numbers_get_means_per_column_without_a_test(by_size: Any) -> None:
    (table,) = crosstab_tables(by_size.question("anzahl_partner"), "Gemeindegröße?")
    assert table.kinds[1] == "number"
    assert table.note is not None and "ohne Test" in table.note


def test_every_matrix_item_gets_its_own_table(by_size: Any) -> None:
    result = by_size.question("zufriedenheit")
    tables = crosstab_tables(result, "Gemeindegröße?")
    assert len(tables) == len(result.items or ())
    assert len({t.sheet for t in tables}) == len(tables)  # distinct sheet names for Excel
    assert all(t.sheet and len(t.sheet) <= 31 for t in tables)


def test_the_question_itself_has_no_cross_tab(by_size: Any) -> None:
    assert crosstab_tables(by_size.question("gemeindegroesse"), "Gemeindegröße?") == []


def test_suppressed_cells_stay_hidden(by_size_public: Any) -> None:
    result = by_size_public.question("social_media")
    (table,) = crosstab_tables(result, "Gemeindegröße?")
    hidden = [c for row in table.rows for c in row[1:] if c is None]
    assert hidden, "the example's small size classes must leave suppressed cells"
    assert "–" in [c for row in table.shown() for c in row]
