"""Raking (iterative proportional fitting) of respondents to population margins.

statsmodels has no raking and samplics, which had it, is archived and unmaintained, so this is
the one piece written by hand; tests/analysis/test_weighting.py checks it against
post-stratification (its closed form for one margin) and against the margins themselves.

Weights are scaled to mean 1 over the respondents, so weighted counts stay on the scale of
the sample; shares and the design effect do not depend on the scale. A respondent without an
answer to a raking question (or with a code the margins do not list) is held in a "missing"
cell at its observed share for that variable, so it is neither dropped nor forced into a
category it did not give.

Raking can fail: margins that contradict each other in the sample (every respondent of a Land
in one size class, say, while the margins want more of that Land than of that class) have no
solution, and the iteration stops at its limit with a margin missed. ``rake_frame`` therefore
measures, after raking, the achieved share of every category against its target (both among the
respondents with an answer to the raking question) and says whether the weighting
``converged``: the iteration met its tolerance before the limit and no target is missed by more
than ``MARGIN_TOLERANCE``. The JSON, the terminal table, the admin results page and the report
show the achieved margins and, when it did not converge, a plain German warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from umfrage import formatting as fmt
from umfrage.analysis import stats
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import AchievedMargin, AchievedShare
from umfrage.analysis.types import module_for
from umfrage.questionnaire.problems import Problem, ProblemsError

MAX_ITERATIONS = 200
TOLERANCE = 1e-10
"""The iteration stops when no weighted share moved the last pass by more than this."""
MARGIN_TOLERANCE = 0.0005
"""A target counts as met when the achieved share is within 0.05 percentage points of it (below
what a share printed with one decimal shows)."""


@dataclass(frozen=True)
class Raked:
    weights: np.ndarray
    iterations: int
    effective_n: float
    design_effect: float
    notes: tuple[str, ...]
    converged: bool = True
    """The iteration met its tolerance before ``MAX_ITERATIONS`` and every target is met
    within ``MARGIN_TOLERANCE``."""
    margins: tuple[AchievedMargin, ...] = ()
    largest_miss: float = 0.0


def _rake(
    variables: list[np.ndarray], targets: list[np.ndarray], max_iterations: int, tolerance: float
) -> tuple[np.ndarray, int, bool]:
    n = len(variables[0]) if variables else 0
    weights = np.ones(n)
    if n == 0:
        return weights, 0, True
    for iteration in range(1, max_iterations + 1):
        worst = 0.0
        for codes, target in zip(variables, targets, strict=True):
            totals = np.bincount(codes, weights=weights, minlength=len(target))
            wanted = target * n
            factors = np.divide(wanted, totals, out=np.ones_like(wanted), where=totals > 0)
            weights *= factors[codes]
            worst = max(worst, float(np.abs(totals / n - target).max()))
        if worst < tolerance:
            return weights, iteration, True
    return weights, max_iterations, False


def rake(
    variables: list[np.ndarray],
    targets: list[np.ndarray],
    *,
    max_iterations: int = MAX_ITERATIONS,
    tolerance: float = TOLERANCE,
) -> tuple[np.ndarray, int]:
    """Weights (mean 1) whose weighted shares match ``targets`` on every variable.

    ``variables[v]`` holds per respondent a category index (0…k-1); ``targets[v]`` the wanted
    share of each category (summing to 1). Every category with a positive target needs at
    least one respondent. Returns the weights and the number of passes (``max_iterations``
    when it stopped at the limit; whether the targets were met says ``rake_frame``).
    """
    weights, iterations, _ = _rake(variables, targets, max_iterations, tolerance)
    return weights, iterations


def achieved_margin(
    qid: str,
    codes: list[str],
    labels: list[str],
    cells: np.ndarray,
    population: np.ndarray,
    target: np.ndarray,
    weights: np.ndarray,
) -> AchievedMargin:
    """Target and achieved weighted share per category, among those with a listed answer."""
    k = len(codes)
    totals = np.bincount(cells, weights=weights, minlength=k + 1)[:k]
    known = float(totals.sum())
    categories = []
    for j, code in enumerate(codes):
        achieved = float(totals[j]) / known if known > 0 else 0.0
        categories.append(
            AchievedShare(
                code=code,
                label=labels[j],
                population_share=float(population[j] / population.sum()),
                target=float(target[j]),
                achieved=achieved,
                diff=achieved - float(target[j]),
            )
        )
    largest = max((abs(c.diff or 0.0) for c in categories), default=0.0)
    return AchievedMargin(variable=qid, categories=tuple(categories), largest_miss=largest)


def _label(option: Any, code: str) -> str:
    return str(option.label) if option is not None else code


def _percent(share: float) -> str:
    return fmt.percent(share, 1)


def rake_frame(
    frame: WaveFrame, total: int, margins: Mapping[str, Mapping[str, int]], source: str
) -> Raked:
    """Raking weights for a wave's respondents from ``survey.yaml``'s population margins."""
    variables: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    notes: list[str] = []
    problems: list[Problem] = []
    checks: list[tuple[str, list[str], list[str], np.ndarray, np.ndarray, np.ndarray]] = []
    n = len(frame)
    for qid, margin in margins.items():
        single = (
            frame.questionnaire.has_question(qid)
            and module_for(frame.questionnaire.question(qid)).SPLITS
        )
        if not single:
            problems.append(
                Problem(
                    file=source,
                    line=None,
                    question=qid,
                    message=f"Die Randverteilung „{qid}“ passt zu keiner Einfachauswahl-Frage der Welle {frame.wave}.",
                    fix="Benennen Sie die Randverteilung nach der id einer Einfachauswahl-Frage.",
                )
            )
            continue
        question = frame.questionnaire.question(qid)
        codes = frame.codes(qid)
        categories = question.codes()
        listed = [c for c in categories if c in margin]
        unknown = [c for c in margin if c not in categories]
        if unknown:
            problems.append(
                Problem(
                    file=source,
                    line=None,
                    question=qid,
                    message=f"Die Randverteilung „{qid}“ nennt Codes, die die Frage nicht hat: {', '.join(unknown)}.",
                    fix=f"Erlaubt sind: {', '.join(categories)}.",
                )
            )
            continue
        index = np.full(len(categories) + 1, len(listed), dtype=np.int64)
        for j, code in enumerate(listed):
            index[categories.index(code)] = j
        cells = index[np.where(codes >= 0, codes, len(categories))]
        missing_share = float(np.count_nonzero(cells == len(listed))) / n if n else 0.0
        population = np.array([margin[c] for c in listed], dtype=float)
        observed = np.bincount(cells, minlength=len(listed) + 1)[: len(listed)]
        empty = [
            code
            for code, seen, size in zip(listed, observed, population, strict=True)
            if seen == 0 and size > 0
        ]
        if empty:
            notes.append(
                f"{qid}: keine Teilnehmenden in {', '.join(empty)}; diese Kategorien werden "
                "auf die übrigen verteilt."
            )
            population = np.where(observed > 0, population, 0.0)
        if population.sum() == 0:
            continue
        target = np.append(population / population.sum() * (1 - missing_share), missing_share)
        variables.append(cells)
        targets.append(target)
        declared = np.array([margin[c] for c in listed], dtype=float)
        checks.append(
            (
                qid,
                listed,
                [_label(question.option(c), c) for c in listed],
                cells,
                declared,
                population / population.sum(),
            )
        )
        if missing_share:
            notes.append(
                f"{qid}: {_percent(missing_share)} ohne Angabe, mit ihrem Anteil in der "
                "Stichprobe gehalten."
            )
    if problems:
        raise ProblemsError(problems)
    weights, iterations, met = _rake(variables, targets, MAX_ITERATIONS, TOLERANCE)
    achieved = tuple(achieved_margin(*check, weights) for check in checks)
    largest = max((m.largest_miss or 0.0 for m in achieved), default=0.0)
    effective = stats.kish_n(weights)
    return Raked(
        weights,
        iterations,
        effective,
        n / effective if effective else float("nan"),
        tuple(notes),
        converged=met and largest <= MARGIN_TOLERANCE,
        margins=achieved,
        largest_miss=largest,
    )
