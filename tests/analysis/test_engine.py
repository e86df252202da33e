"""Every figure of ``analyse`` against an independent computation on the raw CSV cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.results import WaveResult
from umfrage.surveyfolder.survey import read_survey_folder


def _load(folder: Path, wave: str, compare: str | None = None, **options: object) -> WaveResult:
    survey = read_survey_folder(folder, with_responses=False)

    def frame(w: str) -> object:
        return read_wave_csv(folder / "waves" / w / "responses.csv", survey.questionnaire(w))

    return analyse(
        frame(wave),  # type: ignore[arg-type]
        compare=frame(compare) if compare else None,  # type: ignore[arg-type]
        population=survey.config.population,
        wave_order=survey.config.wave_ids(),
        **options,  # type: ignore[arg-type]
    )


def _raw(folder: Path, wave: str) -> pd.DataFrame:
    return pd.read_csv(folder / "waves" / wave / "responses.csv", dtype=str, keep_default_na=False)


@pytest.fixture
def folder(make_survey: Callable[..., Path]) -> Path:
    return make_survey(260, 180, seed=11, panel=90)


def test_single_choice_shares_exclude_no_answer_and_excluded_codes(folder: Path) -> None:
    result = _load(folder, "2024").question("digital")
    raw = _raw(folder, "2024")["digital"]
    valid = raw[raw.isin(["1", "2", "3", "4"])]
    assert result.base == len(valid)
    assert result.excluded == int((raw == "9").sum())
    assert result.no_answer == int((raw == "").sum())
    assert result.options is not None
    for option in result.options:
        if option.code == "9":
            assert option.share is None and option.excluded_from_base
            continue
        count = int((valid == option.code).sum())
        assert option.count == count
        assert option.share == pytest.approx(count / len(valid))
        assert option.ci == pytest.approx(proportion_confint(count, len(valid), method="wilson"))
    assert result.mean == pytest.approx(valid.astype(float).mean())


def test_a_conditional_question_counts_the_not_asked_apart(folder: Path) -> None:
    result = _load(folder, "2024").question("kanaele")
    raw = _raw(folder, "2024")
    shown = raw["social"] == "ja"
    cells = raw[["kanaele.instagram", "kanaele.facebook", "kanaele.tiktok"]]
    answered = (cells != "").any(axis=1)
    assert result.not_asked == int((~shown).sum())
    assert result.asked == int(shown.sum())
    assert result.base == int(answered.sum())
    assert result.no_answer == int((shown & ~answered).sum())


def test_multi_base_keeps_respondents_who_chose_nothing(folder: Path) -> None:
    result = _load(folder, "2024").question("hilfe")
    raw = _raw(folder, "2024")
    cells = raw[[c for c in raw.columns if c.startswith("hilfe.")]]
    answered = (cells != "").any(axis=1)
    nothing = answered & (cells != "1").all(axis=1)
    assert result.base == int(answered.sum())
    assert result.base > int((cells == "1").any(axis=1).sum()) or not nothing.any()
    assert result.options is not None
    for option in result.options:
        chosen = int((cells[f"hilfe.{option.code}"] == "1").sum())
        assert option.count == chosen
        assert option.share == pytest.approx(chosen / answered.sum())


def test_ranking_first_top_and_mean_rank(folder: Path) -> None:
    result = _load(folder, "2024").question("wichtig")
    raw = _raw(folder, "2024")
    cells = raw[[c for c in raw.columns if c.startswith("wichtig.")]]
    base = (cells != "").any(axis=1)
    assert result.base == int(base.sum())
    assert result.options is not None
    for option in result.options:
        ranks = pd.to_numeric(cells[f"wichtig.{option.code}"], errors="coerce")
        assert option.first == pytest.approx((ranks == 1).sum() / base.sum())
        assert option.top == pytest.approx(ranks.notna().sum() / base.sum())
        assert option.mean_rank == pytest.approx(ranks.mean())  # type: ignore[attr-defined]


def test_matrix_items_have_mean_and_top2_without_not_used(folder: Path) -> None:
    result = _load(folder, "2024").question("zufrieden")
    raw = _raw(folder, "2024")
    assert result.items is not None
    for item in result.items:
        cells = raw[f"zufrieden.{item.code}"]
        valid = cells[cells.isin(["1", "2", "3"])].astype(int)
        assert item.base == len(valid)
        assert item.mean == pytest.approx(valid.mean())
        assert item.top2 == pytest.approx((valid <= 2).mean())


def test_number_summary_matches_numpy_and_scipy(folder: Path) -> None:
    result = _load(folder, "2024").question("partner")
    raw = _raw(folder, "2024")["partner"]
    values = raw[raw != ""].astype(float).to_numpy()
    assert result.base == len(values)
    assert result.mean == pytest.approx(values.mean())
    assert result.median == pytest.approx(np.median(values))
    assert result.sd == pytest.approx(values.std(ddof=1))
    assert (result.min, result.max) == (values.min(), values.max())
    assert result.quartiles == pytest.approx(tuple(np.percentile(values, [25, 50, 75])))
    expected = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
    assert result.ci == pytest.approx(expected)


def test_text_reports_only_how_many_answered(folder: Path) -> None:
    result = _load(folder, "2024").question("hindernisse")
    raw = _raw(folder, "2024")["hindernisse"]
    assert result.answered == int((raw != "").sum())
    assert result.options is None


def test_recoded_comparison_merges_codes_and_tests_as_the_contract_says(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("social")
    new, old = _raw(folder, "2024")["social"], _raw(folder, "2023")["social"]
    new = new[new != ""].replace({"planung": "nein"})
    old = old[old != ""]
    comparison = result.comparison
    assert comparison is not None
    assert comparison.note == "2023 gab es „In Planung“ noch nicht."
    assert [o.code for o in comparison.options] == ["ja", "nein", "dagegen"]
    assert comparison.base == len(old) and comparison.current_base == len(new)
    for option in comparison.options:
        c1, c2 = int((new == option.code).sum()), int((old == option.code).sum())
        assert option.current_count == c1 and option.count == c2
        assert option.diff == pytest.approx(c1 / len(new) - c2 / len(old))
        table = np.array([[c1, len(new) - c1], [c2, len(old) - c2]])
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        if expected.min() < 5:
            assert option.test == "fisher"
            assert option.p_value == pytest.approx(sps.fisher_exact(table).pvalue)
        else:
            assert option.test == "z"
            assert option.p_value == pytest.approx(
                proportions_ztest([c1, c2], [len(new), len(old)])[1]
            )
        assert option.significant == (option.p_value < 0.05)  # type: ignore[operator]
    nein = next(o for o in comparison.options if o.code == "nein")
    assert nein.current_codes == ("planung", "nein")


def test_panel_uses_mcnemar_on_organisations_in_both_waves(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("groesse")
    new = _raw(folder, "2024").set_index("organisation")["groesse"]
    old = _raw(folder, "2023").set_index("organisation")["groesse"]
    both = pd.concat([new.rename("new"), old.rename("old")], axis=1, join="inner")
    both = both[(both["new"] != "") & (both["old"] != "")]
    assert result.comparison is not None
    option = next(o for o in result.comparison.options if o.code == "klein")
    assert option.panel is not None
    assert option.panel.n == len(both)
    x, y = both["new"] == "klein", both["old"] == "klein"
    table = [[int((x & y).sum()), int((x & ~y).sum())], [int((~x & y).sum()), int((~x & ~y).sum())]]
    assert option.panel.p_value == pytest.approx(mcnemar(table, exact=True).pvalue)


def test_ordinal_comparison_adds_mann_whitney(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("digital")
    new, old = _raw(folder, "2024")["digital"], _raw(folder, "2023")["digital"]
    new = new[new.isin(["1", "2", "3", "4"])].astype(int)
    old = old[old.isin(["1", "2", "3", "4"])].astype(int)
    expected = sps.mannwhitneyu(new, old, alternative="two-sided", method="asymptotic")
    assert result.comparison is not None and result.comparison.distribution is not None
    assert result.comparison.distribution.test == "mann-whitney"
    assert result.comparison.distribution.p_value == pytest.approx(expected.pvalue)


def test_a_question_asked_in_one_wave_only_has_no_comparison(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("newsletter_neu")
    assert result.comparison is None
    assert result.comparison_missing == "In Welle 2023 nicht gefragt."


def test_comparing_the_earlier_wave_with_the_later_uses_the_same_recode(folder: Path) -> None:
    forward = _load(folder, "2024", "2023").question("social").comparison
    backward = _load(folder, "2023", "2024").question("social").comparison
    assert forward is not None and backward is not None
    for f, b in zip(forward.options, backward.options, strict=True):
        assert (f.code, f.count, f.current_count) == (b.code, b.current_count, b.count)
        assert f.p_value == pytest.approx(b.p_value)


def _assert_fitting_test(test: str | None, p: float | None, table: np.ndarray) -> None:
    """The test Cochran's rule asks for, with scipy's p (Monte-Carlo: within its error)."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    expected = sps.contingency.expected_freq(table)
    assert p is not None
    if expected.min() >= 1 and (expected < 5).mean() <= 0.2:
        assert test == "chi-square"
        assert p == pytest.approx(sps.chi2_contingency(table, correction=False).pvalue)
    elif table.shape == (2, 2):
        assert test == "fisher"
        assert p == pytest.approx(sps.fisher_exact(table).pvalue)
    else:
        assert test == "monte-carlo"
        method = sps.MonteCarloMethod(n_resamples=20_000, rng=np.random.default_rng(1))
        reference = sps.chi2_contingency(table, correction=False, method=method).pvalue
        assert abs(p - reference) < 4 * np.sqrt(reference * (1 - reference) / 5_000) + 1e-3


def test_crosstab_column_shares_chi_square_and_cramers_v(folder: Path) -> None:
    result = _load(folder, "2024", by="region").question("social")
    raw = _raw(folder, "2024")
    raw = raw[(raw["social"] != "") & (raw["region"] != "")]
    table = pd.crosstab(raw["social"], raw["region"])
    table = table.reindex(
        index=["ja", "planung", "nein", "dagegen"], columns=["nord", "sued", "ost"], fill_value=0
    )
    crosstab = result.crosstab
    assert crosstab is not None
    assert [c.base for c in crosstab.columns] == list(table.sum(axis=0))
    for row in crosstab.rows:
        assert list(row.counts) == list(table.loc[row.code])
        assert row.shares == pytest.approx(tuple(table.loc[row.code] / table.sum(axis=0)))
    expected = sps.chi2_contingency(table.to_numpy(), correction=False)
    assert crosstab.chi2 == pytest.approx(expected.statistic)
    _assert_fitting_test(crosstab.test, crosstab.p_value, table.to_numpy())
    assert crosstab.cramers_v == pytest.approx(association(table.to_numpy(), method="cramer"))


def test_small_bases_are_flagged(make_survey: Callable[..., Path]) -> None:
    result = _load(make_survey(40, 25), "2024")
    assert result.question("region").small_base
    assert result.question("region").base < 30


def test_matrix_items_are_compared_with_mann_whitney(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("zufrieden")
    new, old = _raw(folder, "2024"), _raw(folder, "2023")
    assert result.items is not None
    for item in result.items:
        column = f"zufrieden.{item.code}"
        a = new[column][new[column].isin(["1", "2", "3"])].astype(int)
        b = old[column][old[column].isin(["1", "2", "3"])].astype(int)
        assert item.comparison is not None and item.comparison.distribution is not None
        assert item.comparison.base == len(b) and item.comparison.current_base == len(a)
        expected = sps.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
        assert item.comparison.distribution.p_value == pytest.approx(expected.pvalue)


def test_multi_options_are_compared_one_by_one(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("hilfe")
    assert result.comparison is not None
    new, old = _raw(folder, "2024"), _raw(folder, "2023")

    def counts(raw: pd.DataFrame, code: str) -> tuple[int, int]:
        cells = raw[[c for c in raw.columns if c.startswith("hilfe.")]]
        base = (cells != "").any(axis=1)
        return int((cells[f"hilfe.{code}"] == "1").sum()), int(base.sum())

    for option in result.comparison.options:
        (c1, n1), (c2, n2) = counts(new, option.code), counts(old, option.code)
        assert (option.current_count, option.count) == (c1, c2)
        if option.test == "z":
            assert option.p_value == pytest.approx(proportions_ztest([c1, c2], [n1, n2])[1])
        else:
            table = [[c1, n1 - c1], [c2, n2 - c2]]
            assert option.p_value == pytest.approx(sps.fisher_exact(table).pvalue)


def test_numbers_are_compared_with_welch(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("partner")
    new, old = _raw(folder, "2024")["partner"], _raw(folder, "2023")["partner"]
    a = new[new != ""].astype(float)
    b = old[old != ""].astype(float)
    assert result.comparison is not None and result.comparison.mean is not None
    assert result.comparison.mean.test == "welch"
    assert result.comparison.mean.diff == pytest.approx(a.mean() - b.mean())
    expected = sps.ttest_ind(a, b, equal_var=False).pvalue
    assert result.comparison.mean.p_value == pytest.approx(expected)


def test_multi_crosstab_tests_each_option(folder: Path) -> None:
    result = _load(folder, "2024", by="groesse").question("hilfe")
    raw = _raw(folder, "2024")
    cells = raw[[c for c in raw.columns if c.startswith("hilfe.")]]
    inside = (cells != "").any(axis=1) & (raw["groesse"] != "")
    assert result.crosstab is not None
    for row in result.crosstab.rows:
        chosen = cells[f"hilfe.{row.code}"] == "1"
        table = pd.crosstab(chosen[inside], raw["groesse"][inside]).reindex(
            index=[True, False], columns=["klein", "gross"], fill_value=0
        )
        expected = sps.chi2_contingency(table.to_numpy(), correction=False)
        assert row.chi2 == pytest.approx(expected.statistic)
        _assert_fitting_test(row.test, row.p_value, table.to_numpy())


def test_free_texts_are_never_compared(folder: Path) -> None:
    result = _load(folder, "2024", "2023").question("hindernisse")
    assert result.comparison is None and result.comparison_missing is None
    assert result.answered is not None
