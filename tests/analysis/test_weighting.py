"""Raking against post-stratification and against the population margins themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.weighting import rake, rake_frame
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.survey import read_survey_folder


def test_one_margin_gives_post_stratification_weights() -> None:
    codes = np.array([0, 0, 0, 1, 2, 2])
    target = np.array([0.5, 0.25, 0.25])
    weights, _ = rake([codes], [target])
    # Post-stratification: weight = population share / sample share (mean 1 over respondents).
    sample = np.bincount(codes) / len(codes)
    assert weights == pytest.approx((target / sample)[codes])


def test_two_margins_are_met_after_raking() -> None:
    rng = np.random.default_rng(3)
    a = rng.integers(0, 3, size=400)
    b = (rng.random(400) < 0.3 + 0.2 * a).astype(int)
    targets = [np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.4])]
    weights, iterations = rake([a, b], targets)
    assert iterations < 200
    for codes, target in zip([a, b], targets, strict=True):
        shares = np.bincount(codes, weights=weights) / weights.sum()
        assert shares == pytest.approx(target, abs=1e-9)
    assert weights.mean() == pytest.approx(1.0)


def _frames(folder: Path) -> tuple[object, object]:
    survey = read_survey_folder(folder, with_responses=False)
    frame = read_wave_csv(folder / "waves" / "2024" / "responses.csv", survey.questionnaire("2024"))
    return frame, survey.config.population


def test_weighted_shares_match_population_and_report_design_effect(
    make_survey: Callable[..., Path],
) -> None:
    frame, population = _frames(make_survey(60, 200))
    result = analyse(frame, population=population, weighted=True)  # type: ignore[arg-type]
    assert result.weighted and result.weighting is not None
    raked = rake_frame(frame, 600, population.margins, "survey.yaml")  # type: ignore[arg-type, attr-defined]
    assert result.weighting.design_effect == pytest.approx(
        len(raked.weights) * (raked.weights**2).sum() / raked.weights.sum() ** 2
    )
    region = result.question("region")
    assert region.options is not None
    # Respondents without a region keep their sample share, so the known ones match the margin.
    shares = {o.code: o.share for o in region.options}
    assert shares == pytest.approx({"nord": 150 / 600, "sued": 250 / 600, "ost": 200 / 600})
    assert region.effective_base is not None and region.effective_base < region.base


def test_weighted_interval_uses_the_effective_base(make_survey: Callable[..., Path]) -> None:
    from statsmodels.stats.proportion import proportion_confint

    frame, population = _frames(make_survey(60, 200))
    result = analyse(frame, population=population, weighted=True)  # type: ignore[arg-type]
    social = result.question("social")
    assert social.options is not None and social.effective_base is not None
    option = social.options[0]
    assert option.share is not None
    n = social.effective_base
    # statsmodels wants a count; with a fractional effective n the Wilson formula is the same.
    low, high = proportion_confint(option.share * n, n, method="wilson")
    assert option.ci == pytest.approx((low, high))


def test_margins_naming_unknown_codes_are_an_error(make_survey: Callable[..., Path]) -> None:
    frame, _ = _frames(make_survey(30, 30))
    with pytest.raises(ProblemsError) as caught:
        rake_frame(frame, 10, {"region": {"nord": 5, "west": 5}}, "survey.yaml")  # type: ignore[arg-type]
    assert "west" in str(caught.value)


def test_weighting_without_margins_is_a_clear_error(make_survey: Callable[..., Path]) -> None:
    frame, _ = _frames(make_survey(30, 30))
    with pytest.raises(ProblemsError) as caught:
        analyse(frame, population=None, weighted=True)  # type: ignore[arg-type]
    assert "Randverteilungen" in str(caught.value)


def test_weighted_comparison_tests_shares_on_effective_sizes(
    make_survey: Callable[..., Path],
) -> None:
    from statsmodels.stats.proportion import proportions_ztest

    folder = make_survey(300, 250)
    survey = read_survey_folder(folder, with_responses=False)
    frames = {
        w: read_wave_csv(folder / "waves" / w / "responses.csv", survey.questionnaire(w))
        for w in ("2023", "2024")
    }
    population = survey.config.population
    result = analyse(frames["2024"], compare=frames["2023"], population=population, weighted=True)
    assert result.weighting is not None and result.weighting.design_effect_compare is not None
    comparison = result.question("groesse").comparison
    assert comparison is not None and comparison.weighted
    current = result.question("groesse")
    n_now = current.effective_base
    other = analyse(frames["2023"], population=population, weighted=True).question("groesse")
    n_then = other.effective_base
    assert n_now is not None and n_then is not None
    for option in comparison.options:
        assert option.test == "z"
        assert option.current_share is not None and option.share is not None
        counts = [option.current_share * n_now, option.share * n_then]
        _, p = proportions_ztest(counts, [n_now, n_then])
        assert option.p_value == pytest.approx(p)


def test_weighted_crosstab_shares_are_weighted_column_shares(
    make_survey: Callable[..., Path],
) -> None:
    frame, population = _frames(make_survey(40, 220))
    raked = rake_frame(frame, 600, population.margins, "survey.yaml")  # type: ignore[arg-type, attr-defined]
    result = analyse(frame, population=population, weighted=True, by="groesse")  # type: ignore[arg-type]
    table = result.question("social").crosstab
    assert table is not None and table.weighted
    data = frame.data  # type: ignore[attr-defined]
    for j, column in enumerate(table.columns):
        inside = (data["groesse"] == column.code) & data["social"].notna()
        total = raked.weights[inside.to_numpy()].sum()
        for row in table.rows:
            chosen = (inside & (data["social"] == row.code)).to_numpy()
            assert row.shares[j] == pytest.approx(raked.weights[chosen].sum() / total)
            assert row.counts[j] == int(chosen.sum())


def test_margins_must_name_a_single_choice_question(make_survey: Callable[..., Path]) -> None:
    frame, _ = _frames(make_survey(30, 30))
    with pytest.raises(ProblemsError) as caught:
        rake_frame(frame, 10, {"partner": {"1": 10}}, "survey.yaml")  # type: ignore[arg-type]
    assert "Einfachauswahl-Frage" in str(caught.value)
