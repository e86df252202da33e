"""The disclosure step (analysis/disclosure): secondary suppression audited by LP, and the
attacks of issue 18 on the shipped example, each of which recovered a hidden cell before."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linprog

from umfrage.analysis.disclosure.lines import Table, Unprotectable, intervals, secure, secure_line
from umfrage.analysis.render import to_json
from umfrage.analysis.sources import analyse_loaded, load_folder
from umfrage.questionnaire.problems import ProblemsError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"
K = 5


@cache
def public(wave: str = "2024", compare: str | None = "2023", by: str | None = None) -> Any:
    return to_json(analyse_loaded(load_folder(EXAMPLE, wave, compare), by=by, publish=True))


@cache
def internal(wave: str = "2024", compare: str | None = "2023") -> Any:
    return to_json(analyse_loaded(load_folder(EXAMPLE, wave, compare)))


def _q(result: Any, qid: str) -> Any:
    return next((q for q in result["questions"] if q["id"] == qid), None)


# --- the LP core ------------------------------------------------------------------------------


def test_a_single_hidden_cell_gets_a_partner_that_makes_the_pair_wide() -> None:
    hidden = secure_line([2, 27, 28, 13, 5], {0}, K)
    assert hidden == {0, 4}  # 2 + 5 = 7: the attacker's interval for each is [0, 7]


def test_two_small_cells_that_add_up_to_less_than_k_get_a_third() -> None:
    hidden = secure_line([1, 2, 40, 30], {0, 1}, K)
    assert len(hidden) == 3


def test_a_line_that_adds_up_to_less_than_k_cannot_be_protected() -> None:
    with pytest.raises(Unprotectable):
        secure_line([1, 2], {0}, K)


def test_every_hidden_cell_of_a_two_way_table_is_at_least_k_wide() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        values = rng.integers(0, 12, size=(4, 5))
        table = Table()
        cells = [[table.add(int(v)) for v in row] for row in values]
        for row in cells:
            table.sum_line(row)
        for j in range(5):
            table.sum_line([cells[r][j] for r in range(4)])
        table.sum_line([c for row in cells for c in row])
        primary = {c for row in cells for c in row if 0 < table.values[c] < K}
        try:
            hidden = secure(table, primary, K)
        except Unprotectable:
            continue
        assert primary <= hidden
        for lo, hi in intervals(table, hidden).values():
            assert hi - lo >= K - 1e-6


# --- issue 18's attacks on the example ----------------------------------------------------------


def _width(values: dict[str, int | None], base: int, cell: str) -> float:
    """The attacker's interval width for ``cell`` of a line of codes adding up to ``base``."""
    unknown = [c for c, v in values.items() if v is None]
    rest = base - sum(v for v in values.values() if v is not None)
    objective = np.array([1.0 if c == cell else 0.0 for c in unknown])
    eq = np.ones((1, len(unknown)))
    low = linprog(objective, A_eq=eq, b_eq=[rest], bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=eq, b_eq=[rest], bounds=(0, None), method="highs")
    return float(-high.fun - low.fun)


def test_the_comparison_table_does_not_give_back_a_hidden_cell_of_the_question_table() -> None:
    q = _q(public(), "gemeindegroesse")
    own = {o["code"]: o["count"] for o in q["options"]}
    assert own["lt5k"] is None and own["landkreis"] is None
    for row in q["comparison"]["options"]:
        if own.get(row["code"]) is None:
            assert row["current_count"] is None and row["current_share"] is None
            assert row["diff"] is None and row["p_value"] is None
            panel = row["panel"]
            assert panel is None or panel["share"] is None
        # what the comparison shows of this wave is the question table's own cells
        if row["current_count"] is not None:
            assert row["current_count"] == own[row["code"]]
    # together: every hidden cell is still at least K wide
    for code, count in own.items():
        if count is None:
            assert _width(own, q["base"], code) >= K


def test_a_follow_up_does_not_reveal_how_many_chose_a_hidden_option() -> None:
    assert _q(internal(), "koordination_sonstiges") is not None
    koordination = _q(public(), "koordination")
    assert {o["code"] for o in koordination["options"] if o["suppressed"]} >= {"sonstiges"}
    assert _q(public(), "koordination_sonstiges") is None


def test_a_matrix_item_mean_does_not_pin_its_hidden_cells() -> None:
    for item in _q(public(), "zufriedenheit")["items"]:
        if any(o["count"] is None for o in item["options"]):
            assert item.get("mean") is None


def test_panel_tests_are_never_shown_under_a_hidden_cell() -> None:
    for q in public()["questions"]:
        own = {o["code"]: o for o in q.get("options") or ()}
        for row in (q.get("comparison") or {}).get("options", ()):
            if row["suppressed"] or own.get(row["code"], {}).get("suppressed"):
                assert row["panel"] is None or row["panel"]["p_value"] is None
                if row["suppressed"]:
                    assert row["p_adjusted"] is None and row["secure"] is None
                if row["panel"] is not None and row["panel"]["p_value"] is None:
                    assert row["panel"]["p_adjusted"] is None
                    assert row["panel"]["secure"] is None


def test_a_breakdown_never_prints_a_small_column_base() -> None:
    for by in ("bundesland", "gemeindegroesse", "koordination"):
        for q in public(by=by)["questions"]:
            for table in [q.get("crosstab")] + [i.get("crosstab") for i in q.get("items") or ()]:
                for column in (table or {}).get("columns", ()):
                    assert column["base"] is None or column["base"] == 0 or column["base"] >= K


def test_hidden_single_choice_cells_of_the_example_stay_at_least_k_wide() -> None:
    for wave, compare in (("2024", "2023"), ("2023", None)):
        for q in public(wave, compare)["questions"]:
            if q["type"] != "single" or q.get("suppressed"):
                continue
            own = {o["code"]: o["count"] for o in q["options"] if not o["excluded_from_base"]}
            for code, count in own.items():
                if count is None:
                    assert _width(own, q["base"], code) >= K, (wave, q["id"], code)


def test_the_public_note_names_the_method_not_the_threshold() -> None:
    note = public()["suppression"]["note"]
    assert "Zellsperrung" in note
    assert "5" not in note


def test_a_wave_with_three_answers_is_not_published(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "drei"
    shutil.copytree(EXAMPLE, folder)
    responses = folder / "waves" / "2024" / "responses.csv"
    lines = responses.read_text(encoding="utf-8").splitlines(keepends=True)
    responses.write_text("".join(lines[:4]), encoding="utf-8")
    loaded = load_folder(folder, "2024")
    assert analyse_loaded(loaded).n == 3  # internally everything stays
    with pytest.raises(ProblemsError) as raised:
        analyse_loaded(loaded, publish=True)
    assert "nichts veröffentlicht" in raised.value.problems[0].message
