"""``umfrage analyze`` through the real command."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from umfrage.cli import main


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_json_output_follows_the_contract(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(150, 80)
    result = _run("analyze", str(folder), "--wave", "2024", "--compare", "2023", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert (data["wave"], data["compare"], data["n"], data["n_compare"]) == (
        "2024",
        "2023",
        80,
        150,
    )
    social = next(q for q in data["questions"] if q["id"] == "social")
    assert social["type"] == "single" and isinstance(social["base"], int)
    option = social["options"][0]
    assert set(option) >= {"code", "label", "count", "share", "ci"}
    assert 0 <= option["share"] <= 1 and len(option["ci"]) == 2
    compared = social["comparison"]
    assert compared["wave"] == "2023" and isinstance(compared["base"], int)
    first = compared["options"][0]
    assert set(first) >= {"code", "count", "share", "diff", "test", "p_value", "significant"}
    assert first["test"] in ("z", "fisher")
    ranking = next(q for q in data["questions"] if q["id"] == "wichtig")
    assert set(ranking["options"][0]) >= {"first", "top", "mean_rank"}
    matrix = next(q for q in data["questions"] if q["id"] == "zufrieden")
    assert set(matrix["items"][0]) >= {"options", "mean", "top2"}
    number = next(q for q in data["questions"] if q["id"] == "partner")
    assert set(number) >= {"mean", "median", "sd", "min", "max", "quartiles", "ci"}
    text = next(q for q in data["questions"] if q["id"] == "hindernisse")
    assert "answered" in text


def test_table_output_is_german(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(60, 60)
    result = _run("analyze", str(folder), "--wave", "2024", "--by", "region", "--weighted")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "Welle 2024: 60 Antworten" in out
    assert "Gewichtet nach region, groesse" in out
    assert "nach region:" in out and "Cramérs V" in out
    assert "\u00a0%" in out and "," in out  # the no-break space of umfrage.formatting


def test_an_invalid_code_fails_with_row_and_column_and_no_output(
    make_survey: Callable[..., Path],
) -> None:
    folder = make_survey(40, 40)
    path = folder / "waves" / "2024" / "responses.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[3][rows[0].index("region")] = "west"
    _write(path, rows)
    result = _run("analyze", str(folder), "--wave", "2024", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert "responses.csv:4" in result.stderr and "„region“" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_a_missing_question_column_is_a_warning(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(40, 40)
    path = folder / "waves" / "2024" / "responses.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    index = rows[0].index("partner")
    _write(path, [r[:index] + r[index + 1 :] for r in rows])
    result = _run("analyze", str(folder), "--wave", "2024", "--format", "json")
    assert result.exit_code == 0
    assert "fehlen (partner)" in result.stderr  # type: ignore[attr-defined]
    partner = next(q for q in json.loads(result.stdout)["questions"] if q["id"] == "partner")  # type: ignore[attr-defined]
    assert partner["base"] == 0


def test_unknown_wave_and_unknown_by_question_are_plain_errors(
    make_survey: Callable[..., Path],
) -> None:
    folder = make_survey(30, 30)
    result = _run("analyze", str(folder), "--wave", "2030")
    assert result.exit_code == 1 and "Welle „2030“ gibt es nicht" in result.stderr  # type: ignore[attr-defined]
    result = _run("analyze", str(folder), "--wave", "2024", "--by", "partner")
    assert result.exit_code == 1 and "keine Einfachauswahl-Frage" in result.stderr  # type: ignore[attr-defined]


def test_comparing_a_wave_with_itself_is_refused(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(30, 30)
    for fmt in ("json", "table"):
        result = _run(
            "analyze", str(folder), "--wave", "2024", "--compare", "2024", "--format", fmt
        )
        assert result.exit_code == 1  # type: ignore[attr-defined]
        assert "Die Welle 2024 kann nicht mit sich selbst verglichen werden." in result.stderr  # type: ignore[attr-defined]
        assert "--compare eine andere Welle" in result.stderr  # type: ignore[attr-defined]
        assert result.stdout == ""  # type: ignore[attr-defined]
        assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_published_json_carries_the_suppression_note(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(30, 30)
    result = _run("analyze", str(folder), "--wave", "2024", "--publish", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["suppression"]["min_cell"] == 5  # type: ignore[attr-defined]


def test_by_adds_crosstabs_to_the_json(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(30, 90)
    result = _run("analyze", str(folder), "--wave", "2024", "--by", "region", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["by"] == "region"
    social = next(q for q in data["questions"] if q["id"] == "social")
    table = social["crosstab"]
    assert table["by"] == "region" and table["test"] in ("chi-square", "monte-carlo")
    assert [c["code"] for c in table["columns"]] == ["nord", "sued", "ost"]
    assert {"chi2", "df", "p_value", "cramers_v"} <= set(table)
    region = next(q for q in data["questions"] if q["id"] == "region")
    assert "crosstab" not in region
