"""What the per-type statistics modules share: shares of a base, recoding, tests, cross-tabs.

Most question types reduce to *indicators*: a base (who counts) and, per code, who chose it.
A single choice, a multi-select option, "ranked at all" and a matrix item all fit; the
functions below turn indicators into shares with intervals, comparisons and cross-tabs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
import pyarrow.compute as pc

from umfrage.analysis import stats
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import (
    PER_ROW,
    SMALL_BASE,
    ComparedShare,
    CrossColumn,
    CrossRow,
    CrossTab,
    OptionResult,
    PanelTest,
)
from umfrage.questionnaire.base import Option, QuestionBase


@dataclass(frozen=True)
class Sample:
    """A wave's frame with its respondents' weights (None: unweighted)."""

    frame: WaveFrame
    weights: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.frame)

    def total(self, mask: np.ndarray) -> float:
        """The (weighted) number of respondents in ``mask``."""
        if self.weights is None:
            return float(np.count_nonzero(mask))
        return float(self.weights[mask].sum())

    def effective(self, mask: np.ndarray) -> float:
        """Kish's effective size of ``mask`` (its plain count when unweighted)."""
        if self.weights is None:
            return float(np.count_nonzero(mask))
        return stats.kish_n(self.weights[mask])


Q_co = TypeVar("Q_co", bound=QuestionBase, covariant=True)


@dataclass(frozen=True)
class CompareContext(Generic[Q_co]):
    """Everything a type module's ``compare`` needs: both waves' question and sample, which wave
    is the later one, the code map into the earlier wave's codes and the questionnaire's note.

    Generic in the question class: each type module reads ``CompareContext[<its class>]`` (the
    engine only builds a context for two questions of the same type)."""

    question: Q_co
    sample: Sample
    other_question: Q_co
    other_sample: Sample
    current_is_later: bool
    mapping: Callable[[str], str | None]
    note: str | None


@dataclass(frozen=True)
class Indicators:
    """Who counts (``base``) and, per code, who chose it (always within the base)."""

    base: np.ndarray
    chosen: dict[str, np.ndarray]
    labels: dict[str, str]
    exclusive: bool
    """The codes exclude each other (single choice, matrix item): one chi-square per table."""
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ByVariable:
    """The single-choice question a cross-tab breaks down by."""

    qid: str
    codes: np.ndarray
    """Per respondent the index into ``categories``; -1 outside the by-question's base."""
    categories: tuple[tuple[str, str], ...]


def share_of(sample: Sample, chosen: np.ndarray, base: np.ndarray) -> tuple[int, float | None]:
    n = int(np.count_nonzero(base))
    count = int(np.count_nonzero(chosen))
    if n == 0:
        return count, None
    if sample.weights is None:
        return count, count / n
    total = float(sample.weights[base].sum())
    return count, (float(sample.weights[chosen].sum()) / total) if total > 0 else None


def option_results(
    ind: Indicators, sample: Sample, excluded: Mapping[str, int] | None = None
) -> tuple[OptionResult, ...]:
    """Count, share and Wilson interval per code; excluded codes listed with their count only."""
    effective = sample.effective(ind.base)
    found: list[OptionResult] = []
    for code, chosen in ind.chosen.items():
        count, share = share_of(sample, chosen, ind.base)
        found.append(
            OptionResult(
                code=code,
                label=ind.labels[code],
                count=count,
                share=share,
                ci=stats.wilson(share, effective) if share is not None else None,
                weighted_count=(
                    float(sample.weights[chosen].sum()) if sample.weights is not None else None
                ),
            )
        )
    for code, count in (excluded or {}).items():
        found.append(
            OptionResult(code, ind.labels[code], count, None, None, excluded_from_base=True)
        )
    return tuple(found)


def recode(
    ind: Indicators, mapping: Callable[[str], str | None], labels: Mapping[str, str]
) -> Indicators:
    """Indicators in another wave's code space: codes merged by ``mapping`` (None: dropped).

    For exclusive codes a respondent whose answer has no counterpart leaves the base; for
    multi-select options the respondent stays (the other options were still not chosen).
    """
    chosen: dict[str, np.ndarray] = {}
    sources: dict[str, list[str]] = {}
    dropped = np.zeros(len(ind.base), dtype=bool)
    for code, mask in ind.chosen.items():
        target = mapping(code)
        if target is None:
            dropped |= mask
            continue
        chosen[target] = chosen[target] | mask if target in chosen else mask
        sources.setdefault(target, []).append(code)
    base = ind.base & ~dropped if ind.exclusive else ind.base
    return Indicators(
        base,
        chosen,
        {code: labels.get(code, code) for code in chosen},
        ind.exclusive,
        {code: tuple(codes) for code, codes in sources.items()},
    )


def same_exclusions(
    earlier: Sequence[Option], later: Sequence[Option], mapping: Callable[[str], str | None]
) -> tuple[tuple[Option, ...], tuple[Option, ...]]:
    """Both waves' options (or scale points) under one base rule for a comparison.

    An option kept out of the base (``exclude_from_base``) in either wave is kept out on both
    sides: in the earlier wave's code space an earlier code is excluded when it is excluded
    there or when a later code excluded in the later wave maps onto it (``mapping``: later code
    to earlier code, None when it has no counterpart); a later code is excluded when it is
    excluded there or maps onto an excluded earlier code. Otherwise the two shares of the same
    answer would be taken of different bases (a "kann ich nicht beurteilen" counted in one wave
    and left out in the other).
    """
    excluded = {o.code for o in earlier if o.exclude_from_base}
    for option in later:
        target = mapping(option.code)
        if option.exclude_from_base and target is not None:
            excluded.add(target)

    def flagged(option: Option, exclude: bool) -> Option:
        if option.exclude_from_base == exclude:
            return option
        return option.model_copy(update={"exclude_from_base": exclude})

    return (
        tuple(flagged(o, o.code in excluded) for o in earlier),
        tuple(flagged(o, o.exclude_from_base or mapping(o.code) in excluded) for o in later),
    )


def compare_indicators(
    current: Indicators,
    current_sample: Sample,
    other: Indicators,
    other_sample: Sample,
    order: list[str],
    labels: Mapping[str, str],
) -> tuple[ComparedShare, ...]:
    """Per code of the shared code space: both shares, difference, test, and the panel test."""
    n_cur, n_oth = current_sample.effective(current.base), other_sample.effective(other.base)
    pairs = panel_base(panel_pairs(current_sample.frame, other_sample.frame), current, other)
    found: list[ComparedShare] = []
    empty_cur = np.zeros(len(current.base), dtype=bool)
    empty_oth = np.zeros(len(other.base), dtype=bool)
    for code in order:
        if code not in current.chosen and code not in other.chosen:
            continue
        chosen_cur = current.chosen.get(code, empty_cur)
        chosen_oth = other.chosen.get(code, empty_oth)
        count_cur, share_cur = share_of(current_sample, chosen_cur, current.base)
        count_oth, share_oth = share_of(other_sample, chosen_oth, other.base)
        test = None
        if share_cur is not None and share_oth is not None:
            test = stats.compare_shares(share_cur * n_cur, n_cur, share_oth * n_oth, n_oth)
        found.append(
            ComparedShare(
                code=code,
                label=labels.get(code, code),
                count=count_oth,
                share=share_oth,
                current_count=count_cur,
                current_share=share_cur,
                diff=(
                    share_cur - share_oth
                    if share_cur is not None and share_oth is not None
                    else None
                ),
                test=test.test if test else None,
                p_value=test.p_value if test else None,
                significant=(test.p_value < stats.ALPHA) if test else None,
                current_codes=current.sources.get(code, (code,) if code in current.chosen else ()),
                panel=panel_test(pairs, chosen_cur, chosen_oth),
            )
        )
    return tuple(found)


def panel_pairs(current: WaveFrame, other: WaveFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the organisations that answered both waves (anonymous rows never pair)."""
    key = f"pairs:{id(other)}"
    if key not in current._cache:
        # Each wave's keys are factorised once (WaveFrame.organisation_keys, shared with the
        # duplicate check); the distinct keys of this wave are looked up among the other's,
        # and a row's partner is the other wave's row of that key (keys are unique per wave
        # once validated). The pairs come in this wave's row order; every panel statistic only
        # counts them.
        left_codes, left_keys = current.organisation_keys()
        right_codes, right_keys = other.organisation_keys()
        partner_key = pc.index_in(left_keys, value_set=right_keys).fill_null(-1)
        partner_key = partner_key.to_numpy(zero_copy_only=False)
        row_of_key = np.full(len(right_keys), -1, dtype=np.int64)
        right_rows = np.flatnonzero(right_codes >= 0)[::-1]  # a repeated key: its first row
        row_of_key[right_codes[right_rows]] = right_rows
        lpos = np.flatnonzero(left_codes >= 0)
        partner = partner_key[left_codes[lpos]]
        lpos = lpos[partner >= 0]
        rpos = row_of_key[partner[partner >= 0]]
        current._cache[key] = (lpos, rpos)
    found: tuple[np.ndarray, np.ndarray] = current._cache[key]
    return found


def panel_test(
    pairs: tuple[np.ndarray, np.ndarray],
    chosen_cur: np.ndarray,
    chosen_oth: np.ndarray,
) -> PanelTest | None:
    """McNemar of one code on the ``pairs`` that are in both bases (:func:`panel_base`)."""
    left, right = pairs
    if len(left) == 0:
        return None
    n = len(left)
    x = chosen_cur[left]
    y = chosen_oth[right]
    to_yes = int(np.count_nonzero(x & ~y))
    to_no = int(np.count_nonzero(~x & y))
    p = stats.mcnemar_exact(to_yes, to_no)
    return PanelTest(
        n=n,
        share=float(x.mean()),
        share_compare=float(y.mean()),
        changed_to=to_yes,
        changed_from=to_no,
        p_value=p,
        significant=p < stats.ALPHA,
    )


def panel_base(
    pairs: tuple[np.ndarray, np.ndarray], current: Indicators, other: Indicators
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of rows in both waves' bases: gathered once per question, not once per code."""
    left, right = pairs
    if len(left) == 0:
        return left, right
    both = current.base[left] & other.base[right]
    return left[both], right[both]


def crosstab_indicators(ind: Indicators, sample: Sample, by: ByVariable) -> CrossTab:
    """Column shares of each code within each category of ``by``, with the test that fits the
    table (chi-square, Fisher or Monte-Carlo: :func:`stats.table_test`) and Cramér's V; one test
    of the whole table when the codes exclude each other, else one per code (2 × k)."""
    k = len(by.categories)
    inside = ind.base & (by.codes >= 0)
    weights = sample.weights
    column_n = np.bincount(by.codes[inside], minlength=k)
    column_w = (
        column_n.astype(float)
        if weights is None
        else np.bincount(by.codes[inside], weights=weights[inside], minlength=k)
    )
    scale = 1.0
    if weights is not None and column_w.sum() > 0:
        scale = sample.effective(inside) / float(column_w.sum())
    rows: list[CrossRow] = []
    table: list[np.ndarray] = []
    for code, chosen in ind.chosen.items():
        hit = chosen & inside
        counts = np.bincount(by.codes[hit], minlength=k)
        wcounts = (
            counts.astype(float)
            if weights is None
            else np.bincount(by.codes[hit], weights=weights[hit], minlength=k)
        )
        shares = tuple(
            float(wcounts[j] / column_w[j]) if column_w[j] > 0 else None for j in range(k)
        )
        test = (
            None
            if ind.exclusive
            else stats.table_test(np.vstack([wcounts, column_w - wcounts]), scale)
        )
        rows.append(
            CrossRow(
                code,
                ind.labels[code],
                tuple(int(c) for c in counts),
                shares,
                chi2=test.statistic if test else None,
                df=test.df if test else None,
                p_value=test.p_value if test else None,
                cramers_v=test.cramers_v if test else None,
                test=test.test if test else None,
            )
        )
        table.append(wcounts)
    columns = tuple(
        CrossColumn(code, label, int(column_n[j]), bool(column_n[j] < SMALL_BASE))
        for j, (code, label) in enumerate(by.categories)
    )
    overall = stats.table_test(np.vstack(table), scale) if ind.exclusive and table else None
    per_row = not ind.exclusive and any(row.test is not None for row in rows)
    return CrossTab(
        by=by.qid,
        columns=columns,
        rows=tuple(rows),
        test=overall.test if overall else (PER_ROW if per_row else None),
        chi2=overall.statistic if overall else None,
        df=overall.df if overall else None,
        p_value=overall.p_value if overall else None,
        cramers_v=overall.cramers_v if overall else None,
        significant=(overall.p_value < stats.ALPHA) if overall else None,
        weighted=weights is not None,
    )


def counts_of(mask_by_code: Mapping[str, np.ndarray]) -> dict[str, int]:
    return {code: int(np.count_nonzero(mask)) for code, mask in mask_by_code.items()}
