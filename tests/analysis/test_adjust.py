"""Multiple comparisons: Benjamini-Hochberg within a wave comparison and within a breakdown,
checked against scipy's ``false_discovery_control`` (issue 19, item 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import false_discovery_control

from umfrage.analysis import stats
from umfrage.analysis.adjust import COMPARISON, CROSSTAB, FAMILIES, adjusted, family_sizes
from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.render import to_json
from umfrage.analysis.results import WaveResult
from umfrage.surveyfolder.survey import read_survey_folder

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def _example(wave: str, compare: str | None = None, **options: Any) -> WaveResult:
    survey = read_survey_folder(EXAMPLE, with_responses=False)

    def frame(w: str) -> Any:
        return read_wave_csv(EXAMPLE / "waves" / w / "responses.csv", survey.questionnaire(w))

    return analyse(
        frame(wave),
        compare=frame(compare) if compare else None,
        population=survey.config.population,
        wave_order=survey.config.wave_ids(),
        **options,
    )


def _records(value: Any, family: str) -> list[dict[str, Any]]:
    """Every test record of ``family`` in the JSON, by its keys (independent of adjust.py's walk)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, inside: str | None) -> None:
        if isinstance(node, dict):
            here = inside
            if "options" in node and "wave" in node and "current_base" in node:
                here = COMPARISON
            if "columns" in node and "by" in node:
                here = CROSSTAB
            if here == family and "p_adjusted" in node and node.get("p_value") is not None:
                found.append(node)
            for value in node.values():
                walk(value, here)
        elif isinstance(node, list):
            for value in node:
                walk(value, inside)

    walk(value, None)
    return found


@pytest.mark.parametrize("seed", range(6))
def test_benjamini_hochberg_agrees_with_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 200))
    p = np.concatenate([rng.uniform(size=m), rng.uniform(0, 0.01, size=m // 5)])
    p[: m // 10] = p[m // 10 : 2 * (m // 10)]  # ties
    np.testing.assert_allclose(stats.benjamini_hochberg(p), false_discovery_control(p), rtol=1e-12)


def test_benjamini_hochberg_of_nothing_and_of_one() -> None:
    assert stats.benjamini_hochberg([]) == []
    assert stats.benjamini_hochberg([0.03]) == [0.03]
    assert stats.benjamini_hochberg([1.0, 1.0]) == [1.0, 1.0]


def test_the_example_comparison_is_adjusted_as_scipy_does_over_the_whole_family() -> None:
    result = _example("2024", "2023")
    records = _records(to_json(result), COMPARISON)
    p = np.array([r["p_value"] for r in records])
    # share tests, panel tests, the distribution and the mean comparisons: one family
    assert len(records) == family_sizes(result)[COMPARISON] > 95
    np.testing.assert_allclose(
        [r["p_adjusted"] for r in records], false_discovery_control(p), rtol=1e-12
    )
    for r in records:
        assert r["secure"] == (r["p_adjusted"] < 0.05)
        assert r["significant"] == (r["p_value"] < 0.05)
        assert r["p_adjusted"] >= r["p_value"]
    shares = [
        o
        for q in to_json(result)["questions"]
        for c in [q.get("comparison"), *(i.get("comparison") for i in q.get("items", []))]
        if c
        for o in c["options"]
        if o["p_value"] is not None
    ]
    # The count on the example: 95 share tests of the choice questions, 16 under
    # p < 0.05 unadjusted; the adjustment leaves the six clear changes (social media, the
    # renamed "Sichtbarkeit", ...). The ten coded topics of themen_weitere (both waves with one
    # codebook) join the family, none of them significant.
    topics = [q for q in to_json(result)["questions"] if q["id"] == "themen_weitere"]
    assert len(topics[0]["comparison"]["options"]) == 10
    assert len(shares) == 95 + 10
    assert sum(o["significant"] for o in shares) == 16
    assert {o["code"] for o in shares if o["secure"]} == {
        "ja",
        "nein",
        "sichtbarkeit",
        "digitalisierung",
        "vereinbarkeit",
        "standorte",
    }


def test_a_breakdown_is_its_own_family() -> None:
    result = _example("2024", "2023", by="bundesland")
    crosstab = _records(to_json(result), CROSSTAB)
    assert len(crosstab) == family_sizes(result)[CROSSTAB] > 0
    p = np.array([r["p_value"] for r in crosstab])
    np.testing.assert_allclose(
        [r["p_adjusted"] for r in crosstab], false_discovery_control(p), rtol=1e-12
    )
    # the comparison's adjustment is not changed by the breakdown's tests
    plain = _records(to_json(_example("2024", "2023")), COMPARISON)
    assert [r["p_adjusted"] for r in _records(to_json(result), COMPARISON)] == [
        r["p_adjusted"] for r in plain
    ]


def test_adjusting_twice_changes_nothing() -> None:
    result = _example("2024", "2023")
    assert adjusted(result) == result


def test_the_public_copy_is_adjusted_over_the_published_p_values_only() -> None:
    result = _example("2024", "2023", by="gemeindegroesse", publish=True)
    data = to_json(result)
    for family in (COMPARISON, CROSSTAB):
        records = _records(data, family)
        p = np.array([r["p_value"] for r in records])
        np.testing.assert_allclose(
            [r["p_adjusted"] for r in records], false_discovery_control(p), rtol=1e-12
        )
    internal = _example("2024", "2023", by="gemeindegroesse")
    assert family_sizes(result)[COMPARISON] < family_sizes(internal)[COMPARISON]

    def hidden_with_adjusted(node: Any) -> int:
        if isinstance(node, dict):
            own = int(
                "p_adjusted" in node
                and node.get("p_value") is None
                and (node.get("p_adjusted") is not None or node.get("secure") is not None)
            )
            return own + sum(hidden_with_adjusted(v) for v in node.values())
        if isinstance(node, list):
            return sum(hidden_with_adjusted(v) for v in node)
        return 0

    assert hidden_with_adjusted(data) == 0


def test_every_test_record_has_the_adjusted_fields() -> None:
    for cls in FAMILIES:
        names = {f for f in cls.__dataclass_fields__}
        assert {"p_value", "p_adjusted", "secure"} <= names, cls
