"""Raking against post-stratification and against the population margins themselves."""

from __future__ import annotations

import re
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


# --- a weighting that fails says so (issue 19, item 4) -----------------------------------------

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"


def test_contradicting_margins_stop_at_the_limit_and_miss_their_target() -> None:
    # Every respondent of category 0 of the first variable is in category 0 of the second, but
    # the margins want 60 % in the first and only 30 % in the second: no weights can do both.
    first = np.array([0, 0, 1, 1, 1, 1])
    second = np.array([0, 0, 0, 1, 1, 1])
    targets = [np.array([0.6, 0.4]), np.array([0.3, 0.7])]
    weights, iterations = rake([first, second], targets)
    assert iterations == 200
    # The last pass fits the second margin, so the first one is missed (by a lot here).
    shares = np.bincount(first, weights=weights) / weights.sum()
    assert abs(shares[0] - 0.6) > 0.25
    assert np.bincount(second, weights=weights) / weights.sum() == pytest.approx([0.3, 0.7])


def _infeasible_example(tmp_path: Path) -> Path:
    """The example survey with Berlin's and Hamburg's margins raised to 45 each: in the 2024
    sample their few alliances are all in towns of 100,000 and more, which the size margin
    keeps at 12.7 %, so raking cannot reach 7.5 % for both city states."""
    import shutil

    folder = tmp_path / "beispiel"
    shutil.copytree(EXAMPLE, folder)
    config = folder / "survey.yaml"
    text = config.read_text(encoding="utf-8")
    old = "{BW: 80, BY: 95, BE: 12, BB: 20, HB: 6, HH: 7, HE: 45, MV: 15, NI: 70, NW: 110, RP: 35, SL: 8, SN: 30, ST: 20, SH: 25, TH: 22}"
    new = "{BW: 70, BY: 80, BE: 45, BB: 15, HB: 6, HH: 45, HE: 40, MV: 12, NI: 60, NW: 100, RP: 30, SL: 8, SN: 25, ST: 20, SH: 22, TH: 22}"
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_failed_weighting_records_its_achieved_margins(tmp_path: Path) -> None:
    from umfrage.analysis.sources import load_folder

    loaded = load_folder(_infeasible_example(tmp_path), "2024")
    population = loaded.config.population
    assert population is not None
    raked = rake_frame(loaded.frame, population.total, population.margins, "survey.yaml")
    assert raked.iterations == 200 and not raked.converged
    # The achieved shares, counted again from the weights: among those with a Land.
    data = loaded.frame.data
    land = data["bundesland"].astype(object).where(data["bundesland"].notna(), None)
    known = land.notna().to_numpy()
    margin = next(m for m in raked.margins if m.variable == "bundesland")
    for category in margin.categories:
        mine = (land == category.code).to_numpy()
        share = raked.weights[mine].sum() / raked.weights[known].sum()
        assert category.achieved == pytest.approx(share)
        assert category.target == pytest.approx(
            population.margins["bundesland"][category.code] / 600
        )
        assert category.diff == pytest.approx(share - category.target)
    berlin = next(c for c in margin.categories if c.code == "BE")
    assert berlin.target == pytest.approx(0.075) and berlin.diff is not None
    assert berlin.diff == pytest.approx(-0.019, abs=0.001)
    assert raked.largest_miss == pytest.approx(max(abs(c.diff or 0) for c in margin.categories))


def test_a_converged_weighting_meets_every_target(make_survey: Callable[..., Path]) -> None:
    frame, population = _frames(make_survey(60, 200))
    result = analyse(frame, population=population, weighted=True)  # type: ignore[arg-type]
    w = result.weighting
    assert w is not None and w.converged and w.iterations < w.max_iterations
    assert w.warning is None and w.warnings() == ()
    assert w.largest_miss is not None and w.largest_miss < 1e-9
    for margin in w.margins:
        for c in margin.categories:
            assert c.achieved == pytest.approx(c.target, abs=1e-9)


def test_the_json_and_the_table_warn_and_show_the_achieved_margins(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from umfrage.cli import main

    folder = _infeasible_example(tmp_path)
    args = ["analyze", str(folder), "--wave", "2024", "--compare", "2023", "--weighted"]
    found = CliRunner().invoke(main, [*args, "--format", "json"])
    assert found.exit_code == 0, found.output
    w = json.loads(found.stdout)["weighting"]
    # The keys that were there stay, in their order; the new ones follow.
    assert list(w)[:7] == [
        "variables",
        "population",
        "effective_n",
        "design_effect",
        "iterations",
        "effective_n_compare",
        "design_effect_compare",
    ]
    assert w["converged"] is False and w["iterations"] == 200 and w["max_iterations"] == 200
    assert w["largest_miss"] == pytest.approx(0.019, abs=0.001)
    berlin = next(
        c
        for m in w["margins"]
        if m["variable"] == "bundesland"
        for c in m["categories"]
        if c["code"] == "BE"
    )
    assert berlin["target"] == pytest.approx(0.075) and berlin["suppressed"] is False
    assert berlin["achieved"] == pytest.approx(0.075 + berlin["diff"])
    assert w["warning"].startswith("Die Gewichtung hat die Zielverteilung nicht erreicht: ")
    assert "1,9\xa0Prozentpunkte" in w["warning"] and "200 Durchgängen" in w["warning"]
    assert w["warning_compare"].startswith("Vergleichswelle 2023: Die Gewichtung hat")
    table = CliRunner().invoke(main, [*args, "--format", "table"])
    assert table.exit_code == 0
    assert "Warnung: Die Gewichtung hat die Zielverteilung nicht erreicht" in table.stdout
    assert "Erreichte Randverteilungen (gewichtet / Ziel / Abweichung" in table.stdout
    assert re.search(r"bundesland\s+BE\s+5,6\s%\s+7,5\s%\s+−1,9", table.stdout)


def test_the_public_copy_hides_achieved_margins_of_hidden_cells(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from umfrage.cli import main

    folder = _infeasible_example(tmp_path)
    args = ["analyze", str(folder), "--wave", "2024", "--weighted", "--publish"]
    found = CliRunner().invoke(main, [*args, "--format", "json"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    land = {
        o["code"]: o
        for o in next(q for q in data["questions"] if q["id"] == "bundesland")["options"]
    }
    w = data["weighting"]
    margin = next(m for m in w["margins"] if m["variable"] == "bundesland")
    for c in margin["categories"]:
        # Hidden exactly where the Land's cell is hidden in the published question table.
        assert c["suppressed"] == land[c["code"]]["suppressed"]
        assert (c["achieved"] is None) == c["suppressed"]
        assert (c["diff"] is None) == c["suppressed"]
        assert c["target"] is not None
    assert next(c for c in margin["categories"] if c["code"] == "BE")["suppressed"]
    shown = [abs(c["diff"]) for c in margin["categories"] if c["diff"] is not None]
    assert w["largest_miss"] == pytest.approx(max(shown))
    # The warning names the largest miss among the shown categories, not Berlin's 1,9 points.
    assert "Berlin" not in w["warning"] and "1,9" not in w["warning"]
    assert "zu deren Schutz nicht ausgewiesen" in w["warning"]
