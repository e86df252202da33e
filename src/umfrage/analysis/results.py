"""Typed, immutable analysis results. Field names are the JSON keys of contracts.md §4.

A result is built once by the engine and read by every renderer (JSON, terminal table, the
report, the web pages); suppression returns a new result, it never edits one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, cast

SMALL_BASE = 30
"""Figures with a base below this carry ``small_base: true`` (the report marks them)."""

Interval = tuple[float, float]

PER_ROW = "per-row"
"""``CrossTab.test`` of a table tested option by option (each row names its own test)."""


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
    p_adjusted: float | None = None
    """Benjamini-Hochberg adjusted within the comparison's family (analysis/adjust.py)."""
    secure: bool | None = None
    """``p_adjusted < 0.05``: the verdict every German text uses ("statistisch gesichert")."""


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
    p_adjusted: float | None = None
    """``p_value`` adjusted by Benjamini-Hochberg within the wave comparison (analysis/adjust.py);
    None where there is no test."""
    secure: bool | None = None
    """``p_adjusted < 0.05``; ``significant`` keeps meaning the unadjusted ``p_value < 0.05``."""


@dataclass(frozen=True)
class DistributionTest:
    test: str
    statistic: float
    p_value: float
    significant: bool
    p_adjusted: float | None = None
    secure: bool | None = None


@dataclass(frozen=True)
class MeanComparison:
    mean: float | None
    current_mean: float | None
    diff: float | None
    test: str
    p_value: float | None
    significant: bool | None
    p_adjusted: float | None = None
    secure: bool | None = None


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
class FromOther:
    """An option's respondents added by coding "other" texts: those whose "please specify" text
    was coded into a category naming this option (``option: <code>``) and who did not choose
    the option themselves. Counted apart, never added to the option's own count; ``share`` on
    the question's base, like the option's share (docs/analysis.md)."""

    code: str
    label: str
    category: str
    count: int
    share: float | None


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
    test: str | None = None
    """The test of this row (2 × k) where the table is tested row by row: see CrossTab.test."""
    p_adjusted: float | None = None
    secure: bool | None = None


@dataclass(frozen=True)
class CrossTab:
    """A question broken down by a single-choice question: column shares and the tests."""

    by: str
    columns: tuple[CrossColumn, ...]
    rows: tuple[CrossRow, ...]
    test: str | None = None
    """The test of the whole table (``"chi-square"``, ``"fisher"``, ``"monte-carlo"``: the one
    that fits its expected counts, stats.table_test) or ``"per-row"`` when each option row is
    tested on its own (multiple choice, ranking; each row names its test)."""
    chi2: float | None = None
    df: int | None = None
    p_value: float | None = None
    cramers_v: float | None = None
    significant: bool | None = None
    weighted: bool = False
    p_adjusted: float | None = None
    """Benjamini-Hochberg adjusted within the cross-tab family of ``--by`` (analysis/adjust.py)."""
    secure: bool | None = None
    rounded: int | None = None
    """Published rounded (disclosure control): every count and column base is a multiple of
    this base, the shares are those of the rounded figures, and no test is given."""
    rounded_columns: tuple[str, ...] | None = None
    """In a rounded table: the columns whose base is rounded too (the others' bases are exact,
    as the breakdown question's own table publishes them)."""


@dataclass(frozen=True)
class ItemResult:
    """One row of a matrix: a single-choice distribution on the matrix's scale."""

    code: str
    label: str
    base: int
    asked: int | None
    """None: withheld by the disclosure step (asked minus base would give a hidden cell)."""
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
class SeriesPoint:
    """One line's figure in one wave of a series (``codes``: that wave's codes counted in it)."""

    wave: str
    count: int | None
    share: float | None
    ci: Interval | None
    codes: tuple[str, ...] = ()
    suppressed: bool = False


@dataclass(frozen=True)
class SeriesLine:
    """One answer across the waves, in the code space of the series' earliest wave."""

    code: str
    label: str
    points: tuple[SeriesPoint, ...]


@dataclass(frozen=True)
class SeriesBase:
    """A wave of a series: the question's id there and its base (None: withheld in public)."""

    wave: str
    question: str
    base: int | None
    small_base: bool = False
    suppressed: bool = False


@dataclass(frozen=True)
class Series:
    """A question across every earlier wave its ``compare`` chain reaches (earliest first).

    ``codes_of`` is the wave whose codes the lines use (the earliest one reached); later waves
    are recoded into it by chaining each step's recode. ``stopped`` says why no earlier wave is
    included (None: the survey's first wave was reached). Always unweighted."""

    waves: tuple[str, ...]
    codes_of: str
    bases: tuple[SeriesBase, ...]
    lines: tuple[SeriesLine, ...]
    notes: tuple[str, ...] = ()
    stopped: str | None = None
    weighted: bool = False


@dataclass(frozen=True)
class QuestionResult:
    """The common core of every question's result; each type's class adds only what it has.

    The analysis type modules build their own class (``RESULT`` in ``analysis/types/<type>.py``):
    :class:`ChoiceResult` (single and multi choice), :class:`RankingResult`,
    :class:`MatrixResult`, :class:`NumberResult` and :class:`TextResult`. Readers that need a
    type's figures get them through that type's module (reporting, charts, terminal lines,
    suppression); code for every type reads the core only.

    ``QuestionResult(id, type, …, <the type's fields>)`` builds the class of ``type`` (for
    results built by hand, e.g. in tests).
    """

    id: str
    type: str
    text: str
    base: int
    asked: int
    not_asked: int
    no_answer: int
    small_base: bool
    effective_base: float | None = None
    comparison: Comparison | None = None
    """Against another wave, where the type compares the question as a whole (a matrix
    compares its items)."""
    comparison_missing: str | None = None
    crosstab: CrossTab | None = None
    """Broken down by ``--by``, where the type breaks the question down as a whole (a matrix
    breaks down its items)."""
    suppressed: bool = False
    series: Series | None = None
    """Across all earlier waves (``analyze --series``; the report with three or more waves)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        if cls is QuestionResult:
            kind = kwargs["type"] if "type" in kwargs else args[1]
            from umfrage.analysis.types import named

            return cast(Self, object.__new__(named(kind).RESULT))
        return object.__new__(cls)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            """A field of another type reads as the JSON leaves it: None (``excluded`` 0,
            ``grouping`` true). For templates and for code written against the one class of
            28 fields; mypy does not see this, so typed code reads a type's fields from its
            class."""
            if name in QUESTION_KEYS:
                return QUESTION_DEFAULTS.get(name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def hidden_cells(self) -> bool:
        """Whether suppression hid a cell of the question's own figures (an option, an item's
        option, a category)."""
        return False

    def item_crosstabs(self) -> tuple[tuple[str, CrossTab], ...]:
        """Per item (label, cross-tab) where a type breaks down items, not the question."""
        return ()

    def option_label(self, code: str) -> str | None:
        """The label of the question's own option ``code`` (None: no such option)."""
        return None


@dataclass(frozen=True, kw_only=True)
class ChoiceResult(QuestionResult):
    """Single and multiple choice: count, share and interval per option."""

    options: tuple[OptionResult, ...] = ()
    excluded: int = 0
    """Answers with a code excluded from the base (e.g. "kann ich nicht beurteilen")."""
    mean: float | None = None
    """Ordinal single choice: the mean of the numeric codes."""
    from_other: tuple[FromOther, ...] | None = None
    """Where the "other" texts have a codebook naming options: per such option the respondents
    added by that coding (None: no such codebook; left out of the public results)."""

    def hidden_cells(self) -> bool:
        return any(o.suppressed for o in self.options)

    def option_label(self, code: str) -> str | None:
        return next((o.label for o in self.options if o.code == code), None)


@dataclass(frozen=True, kw_only=True)
class RankingResult(QuestionResult):
    """Ranking: per option ranked at all, ranked first and the mean rank."""

    options: tuple[RankedOption, ...] = ()

    def hidden_cells(self) -> bool:
        return any(o.suppressed for o in self.options)

    def option_label(self, code: str) -> str | None:
        return next((o.label for o in self.options if o.code == code), None)


@dataclass(frozen=True, kw_only=True)
class MatrixResult(QuestionResult):
    """Matrix: one single-choice distribution per item (with its comparison and cross-tab)."""

    items: tuple[ItemResult, ...] = ()

    def hidden_cells(self) -> bool:
        return any(o.suppressed for item in self.items for o in item.options)

    def item_crosstabs(self) -> tuple[tuple[str, CrossTab], ...]:
        return tuple((i.label, i.crosstab) for i in self.items if i.crosstab is not None)


@dataclass(frozen=True, kw_only=True)
class NumberResult(QuestionResult):
    """Number: location and spread (all None without answers)."""

    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    min: float | None = None
    max: float | None = None
    quartiles: tuple[float, float, float] | None = None
    ci: Interval | None = None
    grouping: bool = True
    """Thousands separator when shown (false for years)."""


@dataclass(frozen=True, kw_only=True)
class TextResult(QuestionResult):
    """Free text: how many answered; with categories, the coded answers' categories."""

    answered: int = 0
    coded: int | None = None
    """Text with categories: the answers that were coded (the base of ``categories``)."""
    coded_small_base: bool | None = None
    categories: tuple[OptionResult, ...] | None = None
    """Text with categories: per category count, share of the coded answers, Wilson interval."""

    def hidden_cells(self) -> bool:
        return any(o.suppressed for o in self.categories or ())


QUESTION_KEYS = (
    "id",
    "type",
    "text",
    "base",
    "asked",
    "not_asked",
    "no_answer",
    "small_base",
    "effective_base",
    "options",
    "excluded",
    "mean",
    "items",
    "median",
    "sd",
    "min",
    "max",
    "quartiles",
    "ci",
    "answered",
    "comparison",
    "comparison_missing",
    "crosstab",
    "suppressed",
    "grouping",
    "coded",
    "coded_small_base",
    "categories",
    "series",
    "from_other",
)
"""The order of a question's keys in the JSON (contracts.md §4, as it was before the result had
one class per type). A field not listed here comes after these."""

QUESTION_DEFAULTS: dict[str, Any] = {"excluded": 0, "grouping": True}
"""Keys every question carries in the JSON, with this value where its type has no such field
(the JSON of the one result class of 28 fields had them for every type)."""


@dataclass(frozen=True)
class AchievedShare:
    """One category of a raking margin: what the weighting aimed at and what it reached.

    Shares are among the respondents with an answer the margin lists. ``population_share`` is
    the declared margin; ``target`` what raking aimed at (the same unless a category without
    respondents was spread over the others); ``achieved`` the weighted share after raking.
    """

    code: str
    label: str
    population_share: float
    target: float
    achieved: float | None
    diff: float | None
    """``achieved`` − ``target`` (a fraction; × 100 gives percentage points)."""
    suppressed: bool = False
    """Public copy: the category's cell is hidden in the question's table, so its achieved
    (sample-based) share is hidden too (``achieved``/``diff`` null)."""


@dataclass(frozen=True)
class AchievedMargin:
    variable: str
    categories: tuple[AchievedShare, ...]
    largest_miss: float | None
    """The largest |``diff``| of the shown categories."""


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
    converged: bool = True
    """Raking met its tolerance before ``max_iterations`` and every target within
    ``margin_tolerance``; when not, ``warning`` says so in German."""
    max_iterations: int = 200
    margin_tolerance: float = 0.0005
    largest_miss: float | None = 0.0
    margins: tuple[AchievedMargin, ...] = ()
    warning: str | None = None
    converged_compare: bool | None = None
    iterations_compare: int | None = None
    largest_miss_compare: float | None = None
    margins_compare: tuple[AchievedMargin, ...] | None = None
    warning_compare: str | None = None

    def warnings(self) -> tuple[str, ...]:
        """The German warnings of both waves, for every place that shows the weighting."""
        return tuple(w for w in (self.warning, self.warning_compare) if w)


def weighting_warning(
    margins: tuple[AchievedMargin, ...],
    converged: bool,
    iterations: int,
    max_iterations: int,
    wave: str | None = None,
    tolerance: float = 0.0005,
) -> str | None:
    """ "Die Gewichtung hat die Zielverteilung nicht erreicht: …" with the largest shown miss in
    percentage points (None when it converged). ``wave``: the compared wave's, named first."""
    if converged:
        return None
    from umfrage import formatting as fmt

    text = "Die Gewichtung hat die Zielverteilung nicht erreicht: "
    if wave is not None:
        text = f"Vergleichswelle {wave}: {text}"
    if iterations >= max_iterations:
        text += f"Die Anpassung (Raking) hat nach {iterations} Durchgängen abgebrochen. "
    shown = [
        (margin.variable, c)
        for margin in margins
        for c in margin.categories
        if c.diff is not None and c.achieved is not None
    ]
    hidden = any(c.suppressed for margin in margins for c in margin.categories)
    worst_miss = max((abs(c.diff or 0.0) for _, c in shown), default=0.0)
    # A shown category that met its target is not "the largest miss" when hidden ones missed.
    if shown and (worst_miss > tolerance or not hidden):
        variable, worst = max(shown, key=lambda pair: abs(pair[1].diff or 0.0))
        miss = abs(worst.diff or 0.0)
        amount = (
            fmt.point_distance(miss, 1)
            if miss >= 0.0005  # shows as at least 0,1 points
            else "weniger als 0,1 Prozentpunkte"
        )
        text += (
            f"Am weitesten daneben liegt „{worst.label}“ ({variable}) mit gewichtet "
            f"{fmt.percent(worst.achieved, 1)} statt {fmt.percent(worst.target, 1)}: "
            f"{amount}."
        )
    if hidden:
        text += " Abweichungen bei kleinen Gruppen werden zu deren Schutz nicht ausgewiesen."
    text += " Gewichtete Ergebnisse sind nur mit Vorsicht zu lesen."
    return text.replace("  ", " ")


@dataclass(frozen=True)
class Suppression:
    min_cell: int
    cells: int
    note: str
    rounded: int | None = None
    """The rounding base where some cross-tab is published rounded (left out otherwise)."""


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
    languages: dict[str, int | None] | None = None
    """Responses per language they were given in (issue 21), German first; None where the source
    does not record it. In a published result counts under the minimum cell are None."""

    def question(self, qid: str) -> QuestionResult:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)
