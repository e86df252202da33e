"""Typed, immutable analysis results. Field names are the JSON keys of contracts.md §4.

A result is built once by the engine and read by every renderer (JSON, terminal table, the
report, the web pages); suppression returns a new result, it never edits one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SMALL_BASE = 30
"""Figures with a base below this carry ``small_base: true`` (the report marks them)."""

Interval = tuple[float, float]


@dataclass(frozen=True)
class PanelTest:
    """McNemar's exact test on the organisations that answered both waves."""

    n: int
    share: float | None
    share_compare: float | None
    changed_to: int | None
    changed_from: int | None
    p_value: float | None
    significant: bool | None
    test: str = "mcnemar"
    suppressed: bool = False


@dataclass(frozen=True)
class ComparedShare:
    """One share in the code space of the earlier wave, this wave against the compared one."""

    code: str
    label: str
    count: int | None
    share: float | None
    current_count: int | None
    current_share: float | None
    diff: float | None
    test: str | None
    p_value: float | None
    significant: bool | None
    current_codes: tuple[str, ...] = ()
    panel: PanelTest | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class DistributionTest:
    test: str
    statistic: float
    p_value: float
    significant: bool


@dataclass(frozen=True)
class MeanComparison:
    mean: float | None
    current_mean: float | None
    diff: float | None
    test: str
    p_value: float | None
    significant: bool | None


@dataclass(frozen=True)
class Comparison:
    """How a question (or a matrix item) compares with an earlier or later wave."""

    wave: str
    base: int
    current_base: int
    options: tuple[ComparedShare, ...] = ()
    note: str | None = None
    question: str | None = None
    distribution: DistributionTest | None = None
    mean: MeanComparison | None = None
    panel_n: int | None = None
    weighted: bool = False
    small_base: bool = False


@dataclass(frozen=True)
class OptionResult:
    code: str
    label: str
    count: int | None
    share: float | None
    ci: Interval | None
    excluded_from_base: bool = False
    weighted_count: float | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class RankedOption:
    code: str
    label: str
    count: int | None
    share: float | None
    ci: Interval | None
    first_count: int | None
    first: float | None
    first_ci: Interval | None
    top: float | None
    mean_rank: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class CrossColumn:
    code: str
    label: str
    base: int | None
    small_base: bool
    suppressed: bool = False


@dataclass(frozen=True)
class CrossRow:
    code: str
    label: str
    counts: tuple[int | None, ...]
    shares: tuple[float | None, ...]
    chi2: float | None = None
    df: int | None = None
    p_value: float | None = None
    cramers_v: float | None = None
    means: tuple[float | None, ...] | None = None


@dataclass(frozen=True)
class CrossTab:
    """A question broken down by a single-choice question: column shares and the tests."""

    by: str
    columns: tuple[CrossColumn, ...]
    rows: tuple[CrossRow, ...]
    test: str | None = None
    chi2: float | None = None
    df: int | None = None
    p_value: float | None = None
    cramers_v: float | None = None
    significant: bool | None = None
    weighted: bool = False


@dataclass(frozen=True)
class ItemResult:
    """One row of a matrix: a single-choice distribution on the matrix's scale."""

    code: str
    label: str
    base: int
    asked: int
    options: tuple[OptionResult, ...]
    mean: float | None
    top2: float | None
    top2_ci: Interval | None
    small_base: bool
    effective_base: float | None = None
    comparison: Comparison | None = None
    crosstab: CrossTab | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class QuestionResult:
    """Everything about one question. Fields that a type does not use stay None."""

    id: str
    type: str
    text: str
    base: int
    asked: int
    not_asked: int
    no_answer: int
    small_base: bool
    effective_base: float | None = None
    options: tuple[OptionResult, ...] | tuple[RankedOption, ...] | None = None
    excluded: int = 0
    mean: float | None = None
    items: tuple[ItemResult, ...] | None = None
    median: float | None = None
    sd: float | None = None
    min: float | None = None
    max: float | None = None
    quartiles: tuple[float, float, float] | None = None
    ci: Interval | None = None
    answered: int | None = None
    comparison: Comparison | None = None
    comparison_missing: str | None = None
    crosstab: CrossTab | None = None
    suppressed: bool = False
    grouping: bool = True
    """Numbers: thousands separator when shown (false for years)."""
    coded: int | None = None
    """Text with categories: the answers that were coded (the base of ``categories``)."""
    coded_small_base: bool | None = None
    categories: tuple[OptionResult, ...] | None = None
    """Text with categories: per category count, share of the coded answers, Wilson interval."""


@dataclass(frozen=True)
class Weighting:
    """How the respondents were weighted (raking to population margins)."""

    variables: tuple[str, ...]
    population: int
    effective_n: float
    design_effect: float
    iterations: int
    effective_n_compare: float | None = None
    design_effect_compare: float | None = None


@dataclass(frozen=True)
class Suppression:
    min_cell: int
    cells: int
    note: str


@dataclass(frozen=True)
class WaveResult:
    survey: str
    wave: str
    compare: str | None
    n: int
    n_compare: int | None
    questions: tuple[QuestionResult, ...]
    weighted: bool = False
    weighting: Weighting | None = None
    by: str | None = None
    suppression: Suppression | None = None
    small_base_limit: int = SMALL_BASE
    synthetic: bool = False
    warnings: tuple[str, ...] = field(default=())

    def question(self, qid: str) -> QuestionResult:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)
