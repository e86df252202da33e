"""Raking (iterative proportional fitting) of respondents to population margins.

statsmodels has no raking and samplics, which had it, is archived and unmaintained, so this is
the one piece written by hand; tests/analysis/test_weighting.py checks it against
post-stratification (its closed form for one margin) and against the margins themselves.

Weights are scaled to mean 1 over the respondents, so weighted counts stay on the scale of
the sample; shares and the design effect do not depend on the scale. A respondent without an
answer to a raking question (or with a code the margins do not list) is held in a "missing"
cell at its observed share for that variable, so it is neither dropped nor forced into a
category it did not give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from umfrage import formatting as fmt
from umfrage.analysis import stats
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.types import module_for
from umfrage.questionnaire.problems import Problem, ProblemsError


@dataclass(frozen=True)
class Raked:
    weights: np.ndarray
    iterations: int
    effective_n: float
    design_effect: float
    notes: tuple[str, ...]


def rake(
    variables: list[np.ndarray],
    targets: list[np.ndarray],
    *,
    max_iterations: int = 200,
    tolerance: float = 1e-10,
) -> tuple[np.ndarray, int]:
    """Weights (mean 1) whose weighted shares match ``targets`` on every variable.

    ``variables[v]`` holds per respondent a category index (0…k-1); ``targets[v]`` the wanted
    share of each category (summing to 1). Every category with a positive target needs at
    least one respondent.
    """
    n = len(variables[0]) if variables else 0
    weights = np.ones(n)
    if n == 0:
        return weights, 0
    for iteration in range(1, max_iterations + 1):
        worst = 0.0
        for codes, target in zip(variables, targets, strict=True):
            totals = np.bincount(codes, weights=weights, minlength=len(target))
            wanted = target * n
            factors = np.divide(wanted, totals, out=np.ones_like(wanted), where=totals > 0)
            weights *= factors[codes]
            worst = max(worst, float(np.abs(totals / n - target).max()))
        if worst < tolerance:
            return weights, iteration
    return weights, max_iterations


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
        if missing_share:
            notes.append(
                f"{qid}: {_percent(missing_share)} ohne Angabe, mit ihrem Anteil in der "
                "Stichprobe gehalten."
            )
    if problems:
        raise ProblemsError(problems)
    weights, iterations = rake(variables, targets)
    effective = stats.kish_n(weights)
    return Raked(
        weights,
        iterations,
        effective,
        n / effective if effective else float("nan"),
        tuple(notes),
    )
