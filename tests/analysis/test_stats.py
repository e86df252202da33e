"""Each statistical building block against an independent implementation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special
from scipy import stats as sps
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import DescrStatsW

from umfrage.analysis import stats


@pytest.mark.parametrize(("count", "n"), [(22, 80), (0, 15), (15, 15), (1, 3), (500, 1000)])
def test_wilson_interval_matches_statsmodels(count: int, n: int) -> None:
    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    assert stats.wilson(count / n, n) == pytest.approx((low, high), abs=1e-12)


def test_wilson_has_no_interval_without_a_base() -> None:
    assert stats.wilson(0.0, 0) is None


@pytest.mark.parametrize(("c1", "n1", "c2", "n2"), [(22, 80, 21, 230), (40, 100, 55, 120)])
def test_z_test_matches_statsmodels_and_pearson_chi_square(
    c1: int, n1: int, c2: int, n2: int
) -> None:
    found = stats.compare_shares(c1, n1, c2, n2)
    assert found is not None and found.test == "z"
    _, p = proportions_ztest([c1, c2], [n1, n2])
    chi = sps.chi2_contingency([[c1, n1 - c1], [c2, n2 - c2]], correction=False)
    assert found.p_value == pytest.approx(p, rel=1e-10)
    assert found.p_value == pytest.approx(chi.pvalue, rel=1e-10)


def test_fisher_is_used_when_an_expected_count_is_below_five() -> None:
    found = stats.compare_shares(2, 20, 9, 25)
    assert found is not None and found.test == "fisher"
    # Fisher's p by hand: sum of hypergeometric probabilities no larger than the observed one.
    dist = sps.hypergeom(45, 11, 20)
    observed = dist.pmf(2)
    p = sum(dist.pmf(k) for k in range(0, 12) if dist.pmf(k) <= observed * (1 + 1e-7))
    assert found.p_value == pytest.approx(p, rel=1e-9)


def test_no_test_without_respondents_in_one_wave() -> None:
    assert stats.compare_shares(3, 10, 0, 0) is None


@pytest.mark.parametrize(("b", "c"), [(8, 2), (0, 0), (5, 5), (0, 7), (30, 12)])
def test_mcnemar_exact_matches_statsmodels(b: int, c: int) -> None:
    expected = mcnemar([[10, b], [c, 10]], exact=True).pvalue
    assert stats.mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_mann_whitney_matches_scipy_on_the_expanded_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 30, size=5)
    b = rng.integers(0, 30, size=5)
    x = np.repeat(np.arange(5), a)
    y = np.repeat(np.arange(5), b)
    expected = sps.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic")
    found = stats.mann_whitney_grouped(a, b)
    assert found is not None
    assert found.statistic == pytest.approx(expected.statistic)
    assert found.p_value == pytest.approx(expected.pvalue, rel=1e-10)


def test_chi_square_and_cramers_v_match_scipy() -> None:
    table = np.array([[10, 20, 5], [30, 5, 12], [7, 8, 9]])
    found = stats.chi_square(table)
    expected = sps.chi2_contingency(table, correction=False)
    assert found is not None
    assert found.statistic == pytest.approx(expected.statistic)
    assert found.df == expected.dof
    assert found.p_value == pytest.approx(expected.pvalue)
    assert found.cramers_v == pytest.approx(association(table, method="cramer"))


def test_chi_square_ignores_empty_rows_and_columns() -> None:
    table = np.array([[10, 0, 20], [0, 0, 0], [5, 0, 9]])
    found = stats.chi_square(table)
    expected = sps.chi2_contingency([[10, 20], [5, 9]], correction=False)
    assert found is not None and found.df == 1
    assert found.p_value == pytest.approx(expected.pvalue)


def test_t_interval_matches_statsmodels() -> None:
    values = np.array([3.0, 7, 8, 12, 15, 15, 21])
    low, high = DescrStatsW(values).tconfint_mean()
    found = stats.t_interval(values.mean(), values.std(ddof=1), len(values))
    assert found == pytest.approx((low, high))


def test_welch_matches_scipy() -> None:
    a = np.array([3.0, 7, 8, 12, 15, 15, 21])
    b = np.array([1.0, 2, 2, 5, 9])
    expected = sps.ttest_ind(a, b, equal_var=False).pvalue
    found = stats.welch(a.mean(), a.std(ddof=1), len(a), b.mean(), b.std(ddof=1), len(b))
    assert found == pytest.approx(expected)


def test_kish_effective_size() -> None:
    assert stats.kish_n(np.ones(40)) == pytest.approx(40)
    assert stats.kish_n(np.array([1.0, 3.0])) == pytest.approx(16 / 10)


def test_weighted_quantiles_with_equal_weights_are_the_inverted_cdf_quantiles() -> None:
    values = np.array([5.0, 1, 9, 3, 7, 2])
    found = stats.weighted_quantiles(values, np.ones(6), [0.25, 0.5, 0.75])
    assert found == list(np.quantile(values, [0.25, 0.5, 0.75], method="inverted_cdf"))


def test_the_tails_from_scipy_special_equal_scipy_stats_bit_for_bit() -> None:
    """stats.py takes the normal, t and chi-square tails from scipy.special (scipy.stats is slow
    to import); they must be the very numbers scipy.stats gives, so the results do not move."""
    rng = np.random.default_rng(23)
    z = np.concatenate([rng.normal(0, 3, 5000), np.linspace(-40, 40, 4001), [0.0, -0.0]])
    assert [stats.normal_tail(v) for v in z] == [float(sps.norm.sf(v)) for v in z]
    for df in (1, 2, 3.5, 7, 29, 79, 1000, 123456.7):
        t = np.abs(rng.standard_t(min(df, 100), 500)) * 2
        assert np.array_equal(special.stdtr(df, -t), sps.t.sf(t, df))
        assert special.stdtrit(df, 0.975) == sps.t.ppf(0.975, df)
        x = rng.chisquare(min(df, 500), 500) * rng.uniform(0.2, 3, 500)
        assert np.array_equal(special.chdtrc(df, x), sps.chi2.sf(x, df))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_t_interval_and_welch_equal_scipy_stats_exactly(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(200):
        n1, n2 = rng.integers(2, 5000, 2)
        m1, m2 = rng.normal(0, 5, 2)
        s1, s2 = rng.uniform(0.1, 9, 2)
        interval = stats.t_interval(m1, s1, n1)
        half = sps.t.ppf(0.975, n1 - 1) * s1 / np.sqrt(n1)
        assert interval is not None and interval[1] - m1 == pytest.approx(half, rel=1e-15)
        v1, v2 = s1 * s1 / n1, s2 * s2 / n2
        t = (m1 - m2) / np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        assert stats.welch(m1, s1, n1, m2, s2, n2) == float(2 * sps.t.sf(abs(t), df))


def test_a_large_comparison_does_not_import_scipy_stats() -> None:
    """The import of scipy.stats (about half a second) is paid only where an exact test runs."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from umfrage.analysis import stats\n"
        "stats.compare_shares(400, 1000, 300, 1000)\n"
        "stats.mann_whitney_grouped([10, 20, 30], [30, 20, 10])\n"
        "stats.chi_square(__import__('numpy').array([[50, 60], [70, 80]]))\n"
        "stats.t_interval(2.0, 1.0, 100)\n"
        "stats.welch(2.0, 1.0, 100, 2.5, 1.5, 80)\n"
        "print('scipy.stats' in sys.modules)\n"
        "stats.compare_shares(1, 10, 3, 10)\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
