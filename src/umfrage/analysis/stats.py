"""The statistical building blocks, computed from counts so that a million rows cost nothing.

Each function here is checked in tests/analysis against an independent implementation
(statsmodels or scipy on the expanded data).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np
from scipy import special

Z95 = 1.959963984540054
ALPHA = 0.05


def _scipy_stats() -> ModuleType:
    """``scipy.stats``, imported on first use: its import takes about half a second (it loads
    every distribution), which every ``umfrage analyze`` would pay at start-up. Only the exact
    tests need it (Fisher, the binomial of McNemar, random tables); the normal, t and chi-square
    tails come from ``scipy.special``, the functions that ``scipy.stats`` itself calls for them
    (``norm.sf(x)`` is ``ndtr(-x)``, ``t.sf(x, df)`` is ``stdtr(df, -x)``, ``t.ppf(q, df)`` is
    ``stdtrit(df, q)``, ``chi2.sf(x, df)`` is ``chdtrc(df, x)``; tests/analysis/test_stats.py
    checks that they agree bit for bit)."""
    from scipy import stats

    return stats


def normal_tail(z: float) -> float:
    """P(Z > z) for a standard normal Z (``scipy.stats.norm.sf``)."""
    return float(special.ndtr(-z))


def wilson(share: float, n: float, z: float = Z95) -> tuple[float, float] | None:
    """The 95 % Wilson interval of a share observed among ``n`` (possibly effective) cases."""
    if n <= 0 or not math.isfinite(share):
        return None
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(max(share * (1 - share), 0.0) / n + z * z / (4 * n * n)) / denominator
    # Rounding must not push a bound past the share (a share of 0 has lower bound exactly 0).
    return (max(0.0, min(centre - half, share)), min(1.0, max(centre + half, share)))


@dataclass(frozen=True)
class TwoShares:
    test: str
    p_value: float


def compare_shares(c1: float, n1: float, c2: float, n2: float) -> TwoShares | None:
    """Two-sided test of two independent shares (contracts.md §4).

    Fisher's exact test when any expected count of the 2×2 table is below 5, otherwise the
    two-proportion z-test with pooled variance and no continuity correction (the p value of
    Pearson's chi-square on the same table). Counts may be effective (weighted) counts; Fisher
    then works on them rounded, because it needs whole numbers.
    """
    if n1 <= 0 or n2 <= 0:
        return None
    total = n1 + n2
    yes = c1 + c2
    no = total - yes
    expected = (n1 * yes / total, n1 * no / total, n2 * yes / total, n2 * no / total)
    if min(expected) < 5:
        a, b = round(c1), round(n1 - c1)
        c, d = round(c2), round(n2 - c2)
        p = float(_scipy_stats().fisher_exact([[a, b], [c, d]]).pvalue)
        return TwoShares("fisher", min(1.0, p))
    pooled = yes / total
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (c1 / n1 - c2 / n2) / se
    return TwoShares("z", 2 * normal_tail(abs(z)))


def mcnemar_exact(changed_to_yes: int, changed_to_no: int) -> float:
    """Two-sided exact McNemar p value from the two discordant counts of paired answers."""
    n = changed_to_yes + changed_to_no
    if n == 0:
        return 1.0
    binom = _scipy_stats().binom
    return float(min(1.0, 2 * binom.cdf(min(changed_to_yes, changed_to_no), n, 0.5)))


@dataclass(frozen=True)
class RankTest:
    statistic: float
    p_value: float


def mann_whitney_grouped(first: np.ndarray, second: np.ndarray) -> RankTest | None:
    """Mann-Whitney U of two samples given as counts per ordered category.

    Mid-ranks for ties, the normal approximation with tie correction and continuity correction
    (as scipy's ``mannwhitneyu(method="asymptotic")``); the statistic is U of the first sample.
    Ordinal scales have a handful of categories, so this never sorts a million values.
    """
    a = np.asarray(first, dtype=float)
    b = np.asarray(second, dtype=float)
    n1, n2 = a.sum(), b.sum()
    if n1 == 0 or n2 == 0:
        return None
    ties = a + b
    total = n1 + n2
    midranks = np.cumsum(ties) - ties + (ties + 1) / 2
    u1 = float((a * midranks).sum() - n1 * (n1 + 1) / 2)
    u2 = n1 * n2 - u1
    mean = n1 * n2 / 2
    tie_term = float((ties**3 - ties).sum())
    variance = n1 * n2 / 12 * ((total + 1) - tie_term / (total * (total - 1)))
    if variance <= 0:
        return RankTest(u1, 1.0)
    z = (max(u1, u2) - mean - 0.5) / math.sqrt(variance)
    return RankTest(u1, min(1.0, 2 * normal_tail(z)))


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p_value: float
    cramers_v: float


def chi_square(table: np.ndarray, scale: float = 1.0) -> ChiSquare | None:
    """Pearson's chi-square test of independence and Cramér's V.

    Empty rows and columns are dropped first (they carry no information). ``scale`` shrinks a
    weighted table to its effective size (first-order design-effect correction).
    """
    t = np.asarray(table, dtype=float) * scale
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if t.ndim != 2 or min(t.shape) < 2:
        return None
    total = t.sum()
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / total
    statistic = float(((t - expected) ** 2 / expected).sum())
    df = (t.shape[0] - 1) * (t.shape[1] - 1)
    v = math.sqrt(statistic / (total * (min(t.shape) - 1)))
    return ChiSquare(statistic, df, float(special.chdtrc(df, statistic)), min(v, 1.0))


MONTE_CARLO_RESAMPLES = 10_000
"""Random tables drawn for a Monte-Carlo p value: its standard error at p = 0.05 is 0.002."""
MONTE_CARLO_SEED = 19
"""Every Monte-Carlo test starts from this seed: the same table gives the same p, every run and
whatever else is analysed (reproducible JSON and reports)."""


@dataclass(frozen=True)
class TableTest:
    """The test of independence a cross-tab gets (see :func:`table_test`)."""

    test: str
    """``"chi-square"``, ``"fisher"`` (2 × 2) or ``"monte-carlo"`` (larger tables)."""
    statistic: float
    df: int
    p_value: float
    cramers_v: float


def chi_square_fits(expected: np.ndarray) -> bool:
    """Cochran's rule for the chi-square approximation: no expected count below 1 and at most
    20 % of them below 5."""
    e = np.asarray(expected, dtype=float)
    return bool(e.min() >= 1 and np.count_nonzero(e < 5) <= 0.2 * e.size)


def table_test(table: np.ndarray, scale: float = 1.0) -> TableTest | None:
    """A test of independence that fits the table (docs/analysis.md, "Cross-tabs").

    Pearson's chi-square where Cochran's rule allows it (:func:`chi_square_fits`); otherwise
    Fisher's exact test for a 2 × 2 table and, for larger tables, a Monte-Carlo p value of the
    chi-square statistic: :data:`MONTE_CARLO_RESAMPLES` random tables with the observed margins
    (scipy's ``random_table``, seeded with :data:`MONTE_CARLO_SEED`), p = (1 + number at least
    as extreme) / (resamples + 1). The statistic, df and Cramér's V are those of
    :func:`chi_square` in every case; the exact and Monte-Carlo tests work on the (effective)
    counts rounded to whole numbers.
    """
    chi = chi_square(table, scale)
    if chi is None:
        return None
    t = _occupied(np.asarray(table, dtype=float) * scale)
    if chi_square_fits(_expected(t)):
        return TableTest("chi-square", chi.statistic, chi.df, chi.p_value, chi.cramers_v)
    counts = _occupied(np.rint(t))
    if min(counts.shape) < 2:
        return None  # rounding left a single row or column: nothing to test
    if counts.shape == (2, 2):
        p = float(_scipy_stats().fisher_exact(counts.astype(np.int64)).pvalue)
        return TableTest("fisher", chi.statistic, chi.df, min(1.0, p), chi.cramers_v)
    return TableTest("monte-carlo", chi.statistic, chi.df, monte_carlo_p(counts), chi.cramers_v)


def monte_carlo_p(counts: np.ndarray) -> float:
    """Monte-Carlo p value of Pearson's chi-square for a table of whole counts (fixed margins)."""
    c = np.asarray(counts, dtype=np.int64)
    rows, columns = c.sum(axis=1), c.sum(axis=0)
    expected = _expected(c.astype(float))
    observed = float(((c - expected) ** 2 / expected).sum())
    rng = np.random.default_rng(MONTE_CARLO_SEED)
    drawn = _scipy_stats().random_table(rows, columns, seed=rng).rvs(MONTE_CARLO_RESAMPLES)
    simulated = ((drawn - expected) ** 2 / expected).sum(axis=(1, 2))
    # As R's chisq.test: a simulated statistic equal to the observed one up to rounding counts.
    extreme = int(np.count_nonzero(simulated >= observed * (1 - 64 * np.finfo(float).eps)))
    return (1 + extreme) / (MONTE_CARLO_RESAMPLES + 1)


def _occupied(t: np.ndarray) -> np.ndarray:
    """The table without empty rows and columns."""
    found: np.ndarray = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    return found


def _expected(t: np.ndarray) -> np.ndarray:
    found: np.ndarray = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    return found


def t_interval(mean: float, sd: float, n: float) -> tuple[float, float] | None:
    """95 % t interval of a mean (``n`` may be an effective sample size)."""
    if n < 2 or not math.isfinite(sd):
        return None
    half = float(special.stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)
    return (mean - half, mean + half)


def welch(mean1: float, sd1: float, n1: float, mean2: float, sd2: float, n2: float) -> float | None:
    """Two-sided p value of Welch's t-test from summary figures."""
    if n1 < 2 or n2 < 2:
        return None
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    if v1 + v2 == 0:
        return 1.0 if mean1 == mean2 else 0.0
    t = (mean1 - mean2) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    return float(2 * special.stdtr(df, -abs(t)))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p values (the step-up procedure controlling the false
    discovery rate), in the order given: the i-th smallest of m values becomes
    ``min over j >= i of p_(j) * m / j``, at most 1. A test is secure at FDR 5 % when its
    adjusted p is below 0.05 (as scipy's ``false_discovery_control(method="bh")``).
    """
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return [float(v) for v in adjusted]


def kish_n(weights: np.ndarray) -> float:
    """Kish's effective sample size (Σw)² / Σw²."""
    w = np.asarray(weights, dtype=float)
    squares = float((w * w).sum())
    return float(w.sum()) ** 2 / squares if squares > 0 else 0.0


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: list[float]) -> list[float]:
    """Quantiles of the weighted distribution (inverse of the weighted CDF)."""
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    cumulative = np.cumsum(w) / w.sum()
    positions = np.minimum(np.searchsorted(cumulative, np.asarray(qs) - 1e-12), len(v) - 1)
    return [float(x) for x in v[positions]]
