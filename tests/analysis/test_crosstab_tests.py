"""Cross-tab tests that fit their data (issue 19, item 3): chi-square only where Cochran's rule
allows, Fisher for a small 2 × 2 table, a seeded Monte-Carlo test otherwise; checked against
scipy and against a permutation test written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats as sps

from umfrage.analysis import stats
from umfrage.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def _mc_se(p: float) -> float:
    return float(np.sqrt(p * (1 - p) / stats.MONTE_CARLO_RESAMPLES))


@pytest.mark.parametrize(
    ("expected", "fits"),
    [
        ([[10, 10], [10, 10]], True),
        ([[0.9, 10], [10, 10]], False),  # an expected count below 1
        ([[4, 10, 10, 10, 10], [10, 10, 10, 10, 10]], True),  # 1 of 10 below 5: 10 %
        ([[4, 4, 4, 10, 10], [10, 10, 10, 10, 10]], False),  # 3 of 10: 30 %
        ([[4, 4, 10, 10, 10], [10, 10, 10, 10, 10]], True),  # 2 of 10: exactly 20 %
    ],
)
def test_cochrans_rule(expected: list[list[float]], fits: bool) -> None:
    assert stats.chi_square_fits(np.array(expected, dtype=float)) is fits


def test_a_large_table_keeps_pearsons_chi_square() -> None:
    table = np.array([[30, 25, 41], [22, 38, 29], [15, 20, 18]])
    found = stats.table_test(table)
    assert found is not None and found.test == "chi-square"
    reference = sps.chi2_contingency(table, correction=False)
    assert found.p_value == pytest.approx(reference.pvalue, rel=1e-12)
    assert found.statistic == pytest.approx(reference.statistic, rel=1e-12)
    assert found.df == reference.dof


def test_a_small_two_by_two_table_gets_fishers_exact_test() -> None:
    table = np.array([[3, 10], [1, 20]])
    found = stats.table_test(table)
    assert found is not None and found.test == "fisher"
    assert found.p_value == pytest.approx(sps.fisher_exact(table).pvalue, rel=1e-12)
    # the statistic and Cramér's V stay those of the chi-square (descriptive)
    assert found.statistic == pytest.approx(sps.chi2_contingency(table, correction=False).statistic)


SPARSE = np.array(
    [
        [3, 1, 0, 2, 5, 1, 0, 0, 2, 1, 3, 0, 1, 1, 0, 1],
        [9, 12, 1, 1, 0, 1, 10, 4, 6, 8, 2, 1, 2, 2, 4, 1],
    ]
)


def test_a_sparse_table_gets_a_seeded_monte_carlo_p_that_agrees_with_scipy() -> None:
    found = stats.table_test(SPARSE)
    assert found is not None and found.test == "monte-carlo"
    assert stats.table_test(SPARSE) == found  # the same p every time
    # (1 + k) / (B + 1): never 0, a multiple of 1 / (B + 1)
    k = found.p_value * (stats.MONTE_CARLO_RESAMPLES + 1) - 1
    assert k == pytest.approx(round(k)) and found.p_value > 0
    reference = sps.chi2_contingency(
        SPARSE,
        correction=False,
        method=sps.MonteCarloMethod(n_resamples=20_000, rng=np.random.default_rng(2024)),
    ).pvalue
    se = np.hypot(_mc_se(reference), float(np.sqrt(reference * (1 - reference) / 20_000)))
    assert abs(found.p_value - reference) < 4 * se + 1e-4
    # and the asymptotic chi-square p, which the table does not support, is not what is reported
    assert found.p_value != pytest.approx(sps.chi2_contingency(SPARSE, correction=False).pvalue)


def _permutation_p(table: np.ndarray, resamples: int, seed: int) -> float:
    """An independent reference: the respondents' column labels shuffled among them."""
    rows = np.repeat(np.arange(table.shape[0]), table.sum(axis=1))
    columns = np.concatenate([np.repeat(np.arange(table.shape[1]), r) for r in table])
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()

    def statistic(c: np.ndarray) -> float:
        observed = np.zeros(table.shape)
        np.add.at(observed, (rows, c), 1)
        return float(((observed - expected) ** 2 / expected).sum())

    rng = np.random.default_rng(seed)
    observed = statistic(columns)
    hits = sum(statistic(rng.permutation(columns)) >= observed - 1e-9 for _ in range(resamples))
    return (1 + hits) / (resamples + 1)


def test_the_monte_carlo_p_agrees_with_a_permutation_test() -> None:
    table = np.array([[4, 1, 0, 3, 2], [1, 5, 4, 0, 2], [2, 2, 1, 1, 6]])
    found = stats.table_test(table)
    assert found is not None and found.test == "monte-carlo"
    reference = _permutation_p(table, 4000, seed=7)
    se = np.hypot(_mc_se(reference), float(np.sqrt(reference * (1 - reference) / 4000)))
    assert abs(found.p_value - reference) < 4 * se + 1e-4


def _tests(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(question id, table, record) of every cross-tab test in the JSON."""
    found = []
    for q in data["questions"]:
        for table in [q.get("crosstab")] + [i.get("crosstab") for i in q.get("items") or ()]:
            if not table:
                continue
            if table.get("p_value") is not None:
                found.append((q["id"], table, table))
            for row in table["rows"]:
                if row.get("p_value") is not None:
                    found.append((q["id"], table, row))
    return found


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLE), "--wave", "2024", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_example_by_bundesland_uses_no_chi_square_on_small_expected_counts() -> None:
    """Issue 19: 84 tests by Bundesland, all with small expected counts, were chi-square."""
    found = _tests(_json("--by", "bundesland", "--format", "json"))
    assert len(found) == 84
    for _, table, record in found:
        assert record["test"] == "monte-carlo"
        assert table["test"] in ("monte-carlo", "per-row")
        assert record["secure"] == (record["p_adjusted"] < 0.05)


def test_each_test_of_a_breakdown_is_chosen_by_the_rule_on_its_counts() -> None:
    data = _json("--by", "gemeindegroesse", "--format", "json")
    found = _tests(data)
    # 80 answers in five size classes (one of 2 answers): mostly too few expected for chi-square
    assert {record["test"] for _, _, record in found} <= {"chi-square", "fisher", "monte-carlo"}
    assert "monte-carlo" in {record["test"] for _, _, record in found}
    for qid, table, record in found:
        bases = np.array([c["base"] for c in table["columns"]], dtype=float)
        if record is table:
            counts = np.array([r["counts"] for r in table["rows"]], dtype=float)
        else:
            counts = np.vstack([record["counts"], bases - np.array(record["counts"])])
        counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
        expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / counts.sum()
        cochran = expected.min() >= 1 and (expected < 5).mean() <= 0.2
        if cochran:
            assert record["test"] == "chi-square", qid
            p = sps.chi2_contingency(counts, correction=False).pvalue
        elif counts.shape == (2, 2):
            assert record["test"] == "fisher", qid
            p = sps.fisher_exact(counts.astype(int)).pvalue
        else:
            assert record["test"] == "monte-carlo", qid
            p = stats.monte_carlo_p(counts.astype(int))
        assert record["p_value"] == pytest.approx(p, rel=1e-9), qid


def test_the_terminal_table_and_the_report_name_the_test() -> None:
    result = CliRunner().invoke(
        main, ["analyze", str(EXAMPLE), "--wave", "2024", "--by", "bundesland"]
    )
    assert "Monte-Carlo-Test (Chi-Quadrat-Statistik): Chi²" in result.stdout
    assert "monte-carlo" in result.stdout  # the per-row test column
