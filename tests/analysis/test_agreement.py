"""Cohen's kappa per category, checked against scikit-learn's implementation."""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score

from umfrage.analysis.agreement import cohen_kappa, per_category

FIRST = [True, True, False, False, True, False, True, False, False, True]
SECOND = [True, False, False, False, True, False, True, True, False, True]


def test_kappa_matches_scikit_learn() -> None:
    assert cohen_kappa(FIRST, SECOND) == pytest.approx(cohen_kappa_score(FIRST, SECOND))
    assert cohen_kappa(FIRST, FIRST) == pytest.approx(1.0)


def test_kappa_is_undefined_without_texts_or_without_variation() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa([True, True], [True, True]) is None
    assert cohen_kappa([True], [True, False]) is None


def test_each_category_gets_its_own_kappa_over_the_texts_both_coded() -> None:
    pairs = [
        (["zeit"], ["zeit"]),
        (["zeit", "technik"], ["zeit"]),
        (["technik"], ["technik"]),
        ([], ["geld"]),
    ]
    zeit, technik, geld = per_category(pairs, ["zeit", "technik", "geld"])
    assert (zeit.texts, zeit.agreement, zeit.kappa) == (4, 1.0, pytest.approx(1.0))
    assert technik.agreement == 0.75
    assert technik.kappa == pytest.approx(
        cohen_kappa_score([False, True, True, False], [False, False, True, False])
    )
    assert geld.agreement == 0.75 and geld.kappa == pytest.approx(0.0)
