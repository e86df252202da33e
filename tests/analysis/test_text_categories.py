"""Coded free texts: both readers, the category figures, JSON, table and suppression."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv, read_wave_slow
from umfrage.analysis.render import to_json, to_table
from umfrage.cli import main
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.survey import read_survey_folder

CODES = ("zeit", "technik", "geld", "sonst")


def _paths(folder: Path) -> tuple[Path, object]:
    survey = read_survey_folder(folder, with_responses=False)
    return folder / "waves" / "2024" / "responses.csv", survey.questionnaire("2024")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rewrite(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_both_readers_read_the_codes_column_alike_in_category_order(
    make_survey: Callable[..., Path],
) -> None:
    path, questionnaire = _paths(make_survey(40, 120))
    raw = [r["hindernisse.codes"] for r in _rows(path)]
    # The generator types some cells backwards; both readers put them in category order.
    assert any(cell.split(";") != sorted(cell.split(";"), key=CODES.index) for cell in raw if cell)
    fast = read_wave_csv(path, questionnaire)  # type: ignore[arg-type]
    slow = read_wave_slow(path, questionnaire)  # type: ignore[arg-type]
    assert fast.data["hindernisse.codes"].equals(slow.data["hindernisse.codes"])
    for cell, read in zip(raw, fast.data["hindernisse.codes"], strict=True):
        expected = ";".join(c for c in CODES if c in cell.split(";"))
        assert (read if isinstance(read, str) else "") == expected


@pytest.mark.parametrize("value", ["zeit;urlaub", "zeit;zeit", "ZEIT"])
def test_a_wrong_codes_cell_is_reported_alike_by_both_readers(
    make_survey: Callable[..., Path], value: str
) -> None:
    path, questionnaire = _paths(make_survey(40, 40))
    _rewrite(path, 5, "hindernisse.codes", value)
    errors = []
    for reader in (read_wave_csv, read_wave_slow):
        with pytest.raises(ProblemsError) as caught:
            reader(path, questionnaire)  # type: ignore[arg-type]
        errors.append([str(p) for p in caught.value.problems])
    assert errors[0] == errors[1]
    (message,) = errors[0]
    assert ":6:" in message and "„hindernisse.codes“" in message


def test_category_figures_match_an_independent_count(make_survey: Callable[..., Path]) -> None:
    path, questionnaire = _paths(make_survey(40, 200))
    result = analyse(read_wave_csv(path, questionnaire)).question("hindernisse")  # type: ignore[arg-type]
    rows = _rows(path)
    coded = [set(r["hindernisse.codes"].split(";")) for r in rows if r["hindernisse.codes"]]
    assert result.answered == sum(1 for r in rows if r["hindernisse"])
    assert result.coded == len(coded) > 0
    assert result.coded_small_base == (len(coded) < 30)
    assert result.categories is not None
    assert [c.code for c in result.categories] == list(CODES)
    assert [c.label for c in result.categories] == ["Zeit", "Technik", "Geld", "Sonstiges"]
    for category in result.categories:
        count = sum(1 for codes in coded if category.code in codes)
        assert category.count == count
        assert category.share == pytest.approx(count / len(coded))
        low, high = proportion_confint(count, len(coded), method="wilson")
        assert category.ci == pytest.approx((low, high))
    # Several categories per answer: the shares add up to more than one.
    assert sum(c.share or 0 for c in result.categories) > 1


def test_an_uncoded_text_question_reports_no_categories(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(60, 40)
    survey = read_survey_folder(folder, with_responses=False)
    q2023 = survey.questionnaire("2023")
    frame = read_wave_csv(folder / "waves" / "2023" / "responses.csv", q2023)
    text = to_json(analyse(frame))["questions"]
    hindernisse = next(q for q in text if q["id"] == "hindernisse")
    assert "categories" not in hindernisse and "coded" not in hindernisse
    assert hindernisse["answered"] == hindernisse["base"]


def test_analyze_json_and_table_show_the_categories(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(60, 120)
    runner = CliRunner()
    out = runner.invoke(main, ["analyze", str(folder), "--wave", "2024", "--format", "json"])
    assert out.exit_code == 0, out.output
    text = next(q for q in json.loads(out.stdout)["questions"] if q["id"] == "hindernisse")
    assert isinstance(text["coded"], int) and text["coded"] <= text["answered"]
    assert [c["code"] for c in text["categories"]] == list(CODES)
    assert set(text["categories"][0]) >= {"code", "label", "count", "share", "ci"}
    table = runner.invoke(main, ["analyze", str(folder), "--wave", "2024", "--format", "table"])
    assert table.exit_code == 0, table.output
    assert f"Kategorien (Basis: {text['coded']} codierte Antworten" in table.stdout
    assert "Sonstiges" in table.stdout


def test_publication_hides_small_category_counts_like_options(
    make_survey: Callable[..., Path],
) -> None:
    path, questionnaire = _paths(make_survey(40, 120))
    frame = read_wave_csv(path, questionnaire)  # type: ignore[arg-type]
    open_result = analyse(frame).question("hindernisse")
    assert open_result.categories is not None and open_result.coded is not None
    # A minimum just above the smallest category count must hide that category.
    smallest = min(c.count or 0 for c in open_result.categories)
    k = smallest + 1
    published = analyse(frame, publish=True, min_cell=k).question("hindernisse")
    assert published.categories is not None
    for before, after in zip(open_result.categories, published.categories, strict=True):
        small = 0 < (before.count or 0) < k or 0 < open_result.coded - (before.count or 0) < k
        assert after.suppressed == small
        if small:
            assert after.count is None and after.share is None and after.ci is None
        else:
            assert after.count == before.count
    assert any(c.suppressed for c in published.categories)
    assert "–" in to_table(analyse(frame, publish=True, min_cell=k))


def test_fewer_coded_answers_than_the_minimum_leave_the_categories_out(
    make_survey: Callable[..., Path],
) -> None:
    """The coded answers are the categories' base: under k they bound every category by
    themselves (each within [0, coded]), so categories and their base are left out, while the
    question with its many answers stays."""
    path, questionnaire = _paths(make_survey(40, 120))
    coded_rows = [i for i, row in enumerate(_rows(path)) if row["hindernisse.codes"]]
    for i in coded_rows[3:]:
        _rewrite(path, i + 1, "hindernisse.codes", "")
    frame = read_wave_csv(path, questionnaire)  # type: ignore[arg-type]
    internal = analyse(frame).question("hindernisse")
    assert internal.coded == 3 and internal.answered >= 5
    published = analyse(frame, publish=True, min_cell=5).question("hindernisse")
    assert published.answered == internal.answered
    assert published.categories is None and published.coded is None
    assert "codierte Antworten" in to_table(analyse(frame))
    assert "codierte Antworten" not in to_table(analyse(frame, publish=True, min_cell=5))
