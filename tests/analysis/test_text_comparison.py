"""Coded free texts compared between two waves through the same codebook, and published."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.results import TextResult, WaveResult
from umfrage.analysis.types.text import as_choice
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.spec import Questionnaire

CODEBOOK_2023 = """\
          - {code: wohnen, label: Wohnen, keywords: [Wohnraum, Miete]}
          - {code: pflege, label: Pflege}
          - {code: kita, label: Kinderbetreuung}
"""
# 2024 splits "kita" into Kita and Ganztag and maps both back onto 2023's "kita".
CODEBOOK_2024 = """\
          - {code: wohnen, label: Wohnen, keywords: [Wohnraum, Miete]}
          - {code: pflege, label: Pflege}
          - {code: kita, label: Kita}
          - {code: ganztag, label: Ganztag an Grundschulen}
        compare:
          - wave: "2023"
            recode: {ganztag: kita}
"""


def questionnaire(wave: str, codebook: str) -> tuple[str, Questionnaire]:
    text = f"""\
wave: "{wave}"
title: Test {wave}
sections:
  - id: A
    title: Teil A
    questions:
      - id: themen
        type: text
        text: Welche weiteren Themen beschäftigen Sie?
        categories:
{codebook}"""
    data, source = parse_yaml(text, f"{wave}.yaml")
    return text, parse_questionnaire(data, source)


def write(path: Path, rows: list[tuple[str, str]], coded: bool = True) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    codes_column = ["themen.codes"] if coded else []
    writer.writerow(["organisation", "submitted_at", "status", "themen", *codes_column])
    for i, (text, codes) in enumerate(rows):
        cells = [codes] if coded else []
        writer.writerow([f"o{i}", "2024-05-01T10:00:00+02:00", "complete", text, *cells])
    path.write_text(out.getvalue(), encoding="utf-8")


ROWS_2023 = (
    [("Miete zu hoch", "wohnen")] * 30
    + [("Pflege der Eltern", "pflege")] * 20
    + [("Kitaplätze fehlen", "kita")] * 10
    + [("noch nicht codiert", "")] * 5
    + [("", "")] * 15
)
ROWS_2024 = (
    [("Bezahlbarer Wohnraum", "wohnen")] * 20
    + [("Wohnraum und Pflege", "wohnen;pflege")] * 10
    + [("Kita", "kita")] * 10
    + [("Ganztag", "ganztag")] * 10
    + [("Kita und Ganztag", "kita;ganztag")] * 10
)


@pytest.fixture
def results(tmp_path: Path) -> TextResult:
    _, q23 = questionnaire("2023", CODEBOOK_2023)
    _, q24 = questionnaire("2024", CODEBOOK_2024)
    write(tmp_path / "2023.csv", ROWS_2023)
    write(tmp_path / "2024.csv", ROWS_2024)
    f23 = read_wave_csv(tmp_path / "2023.csv", q23)
    f24 = read_wave_csv(tmp_path / "2024.csv", q24)
    result = analyse(f24, compare=f23, wave_order=("2023", "2024"))
    found = result.question("themen")
    assert isinstance(found, TextResult)
    return found


def test_categories_are_compared_category_by_category_in_the_earlier_codebook(
    results: TextResult,
) -> None:
    comparison = results.comparison
    assert comparison is not None and comparison.wave == "2023"
    # Bases: the coded answers of each wave (2023: 60 of 65 texts; 2024: all 60).
    assert (comparison.base, comparison.current_base) == (60, 60)
    by_code = {o.code: o for o in comparison.options}
    assert list(by_code) == ["wohnen", "pflege", "kita"]
    assert (by_code["wohnen"].count, by_code["wohnen"].current_count) == (30, 30)
    assert (by_code["pflege"].count, by_code["pflege"].current_count) == (20, 10)
    # Kita and Ganztag count once each where an answer has both: 30 answers, not 40.
    assert (by_code["kita"].count, by_code["kita"].current_count) == (10, 30)
    assert by_code["kita"].current_codes == ("kita", "ganztag")
    assert by_code["kita"].diff == pytest.approx(30 / 60 - 10 / 60)
    assert by_code["kita"].significant is True
    assert by_code["wohnen"].significant is False


def test_the_categories_read_as_a_multi_select_table(results: TextResult) -> None:
    choice = as_choice(results)
    assert choice is not None
    assert choice.base == 60 and choice.comparison is results.comparison
    assert [(o.code, o.count) for o in choice.options] == [
        ("wohnen", 30),
        ("pflege", 10),
        ("kita", 20),
        ("ganztag", 20),
    ]
    assert choice.options[0].share == pytest.approx(0.5)


def test_a_wave_without_codebook_is_not_compared(tmp_path: Path) -> None:
    _, q23 = questionnaire("2023", CODEBOOK_2023)
    text, _ = questionnaire("2024", CODEBOOK_2024)
    plain = text.split("        categories:")[0]
    data, source = parse_yaml(plain, "2024.yaml")
    q24 = parse_questionnaire(data, source)
    write(tmp_path / "2023.csv", ROWS_2023)
    write(tmp_path / "2024.csv", ROWS_2024, coded=False)
    result = analyse(
        read_wave_csv(tmp_path / "2024.csv", q24),
        compare=read_wave_csv(tmp_path / "2023.csv", q23),
        wave_order=("2023", "2024"),
    )
    assert result.question("themen").comparison is None


def publish(
    tmp_path: Path, rows_2023: list[tuple[str, str]], rows_2024: list[tuple[str, str]]
) -> WaveResult:
    _, q23 = questionnaire("2023", CODEBOOK_2023)
    _, q24 = questionnaire("2024", CODEBOOK_2024)
    write(tmp_path / "2023.csv", rows_2023)
    write(tmp_path / "2024.csv", rows_2024)
    return analyse(
        read_wave_csv(tmp_path / "2024.csv", q24),
        compare=read_wave_csv(tmp_path / "2023.csv", q23),
        wave_order=("2023", "2024"),
        publish=True,
        min_cell=5,
    )


def test_a_small_category_of_the_earlier_wave_is_hidden_in_the_comparison(
    tmp_path: Path,
) -> None:
    rows_2023 = [r for r in ROWS_2023 if r[1] != "kita"] + [("Kitaplätze", "kita")] * 3
    result = publish(tmp_path, rows_2023, ROWS_2024)
    comparison = result.question("themen").comparison
    assert comparison is not None
    kita = next(o for o in comparison.options if o.code == "kita")
    # 2023's three Kita answers stay hidden; so do the difference and the test.
    assert kita.suppressed and kita.count is None and kita.share is None
    assert kita.diff is None and kita.p_value is None
    wohnen = next(o for o in comparison.options if o.code == "wohnen")
    assert not wohnen.suppressed and wohnen.count == 30
    assert result.suppression is not None and result.suppression.cells == 1


def test_too_few_coded_answers_withhold_categories_and_comparison(tmp_path: Path) -> None:
    rows_2024 = [(t, "") for t, _ in ROWS_2024[:-4]] + [("Wohnraum", "wohnen")] * 4
    result = publish(tmp_path, ROWS_2023, rows_2024)
    themen = result.question("themen")
    assert isinstance(themen, TextResult)
    assert themen.categories is None and themen.coded is None
    assert themen.comparison is None


def test_the_attacker_recovers_no_hidden_category_from_both_waves_public_json(
    tmp_path: Path,
) -> None:
    from tests.disclosure.attacker import Model, add_json
    from umfrage.analysis.render import to_json

    rows_2023 = [r for r in ROWS_2023 if r[1] != "kita"] + [("Kitaplätze", "kita")] * 3
    public_2024 = to_json(publish(tmp_path, rows_2023, ROWS_2024))
    _, q23 = questionnaire("2023", CODEBOOK_2023)
    own_2023 = analyse(
        read_wave_csv(tmp_path / "2023.csv", q23), wave_order=("2023",), publish=True, min_cell=5
    )
    model = Model()
    add_json(model, to_json(own_2023))
    add_json(model, public_2024)
    assert "2023|themen|cat|kita" in model.protected
    assert model.audit(5) == []
    # The same comparison left unprotected gives 2023's three Kita answers away: the attacker
    # reads the comparison's rows as the category cells.
    leaky = to_json(
        analyse(
            read_wave_csv(tmp_path / "2024.csv", questionnaire("2024", CODEBOOK_2024)[1]),
            compare=read_wave_csv(tmp_path / "2023.csv", q23),
            wave_order=("2023", "2024"),
        )
    )
    leaky_model = Model()
    add_json(leaky_model, to_json(own_2023))
    add_json(leaky_model, leaky)
    assert leaky_model.ranges(["2023|themen|cat|kita"])["2023|themen|cat|kita"] == (3, 3)
    assert model.ranges(["2023|themen|cat|kita"])["2023|themen|cat|kita"][1] >= 5
