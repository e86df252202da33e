"""A comparison takes both waves' shares of the same base: an answer kept out of the base
(``exclude_from_base``) in either wave is kept out on both sides (issue 19, item 6).

The numbers are small enough to count by hand; each expected share says how it was counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.reader import read_wave_csv
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml

QUESTIONNAIRE = """\
wave: "{wave}"
title: Basis {wave}
sections:
  - id: A
    title: Fragen
    questions:
      - id: beratung
        type: single
        text: Wie gut ist die Beratung?
        options:
          - {{code: "1", label: gut}}
          - {{code: "2", label: schlecht}}
{beratung}
      - id: rat
        type: single
        text: Wie hilfreich ist der Rat?
        options:
          - {{code: "1", label: hilfreich}}
          - {{code: "2", label: nicht hilfreich}}
          - {{code: "9", label: weiß nicht{rat_flag}}}
      - id: hilfe
        type: multi
        text: Welche Hilfe nutzen Sie?
        options:
          - {{code: a, label: Schulungen}}
          - {{code: b, label: Vorlagen}}
          - {{code: weissnicht, label: weiß nicht{hilfe_flag}}}
"""

# 2023 lists "9" for beratung as an ordinary answer; 2024 calls it "unklar", keeps it out of
# the base and maps it onto 2023's "9". "rat" is excluded only in 2023, "hilfe" only in 2024.
BERATUNG_2023 = '          - {code: "9", label: kann ich nicht beurteilen}'
BERATUNG_2024 = """\
          - {code: unklar, label: kann ich nicht beurteilen, exclude_from_base: true}
        compare:
          - wave: "2023"
            recode: {unklar: "9"}"""
EXCLUDED = ", exclude_from_base: true"

HEADER = "organisation,submitted_at,status,beratung,rat,hilfe.a,hilfe.b,hilfe.weissnicht\n"
# 2023, 10 rows. beratung: 3×1, 3×2, 4×9. rat: 5×1, 2×2, 3×9. hilfe: a (2), b (1), a+b (1),
# weissnicht (2), not answered (4).
ROWS_2023 = [
    "1,1,1,0,0",
    "1,1,1,0,0",
    "1,1,0,1,0",
    "2,1,1,1,0",
    "2,1,0,0,1",
    "2,2,0,0,1",
    "9,2,,,",
    "9,9,,,",
    "9,9,,,",
    "9,9,,,",
]
# 2024, 8 rows. beratung: 4×1, 2×2, 2×unklar. rat: 2×1, 2×2, 4×9. hilfe: a (1), b (1),
# weissnicht (2), not answered (4).
ROWS_2024 = [
    "1,1,1,0,0",
    "1,1,0,1,0",
    "1,2,0,0,1",
    "1,2,0,0,1",
    "2,9,,,",
    "2,9,,,",
    "unklar,9,,,",
    "unklar,9,,,",
]


def _wave(tmp_path: Path, wave: str) -> WaveFrame:
    later = wave == "2024"
    text = QUESTIONNAIRE.format(
        wave=wave,
        beratung=BERATUNG_2024 if later else BERATUNG_2023,
        rat_flag="" if later else EXCLUDED,
        hilfe_flag=EXCLUDED if later else "",
    )
    data, source = parse_yaml(text, f"{wave}.yaml")
    questionnaire = parse_questionnaire(data, source)
    rows = ROWS_2024 if later else ROWS_2023
    path = tmp_path / f"{wave}.csv"
    path.write_text(
        HEADER + "".join(f",2024-03-01T10:00:00,complete,{r}\n" for r in rows), encoding="utf-8"
    )
    return read_wave_csv(path, questionnaire)


@pytest.fixture
def waves(tmp_path: Path) -> tuple[WaveFrame, WaveFrame]:
    return _wave(tmp_path, "2024"), _wave(tmp_path, "2023")


def _shares(comparison: object) -> dict[str, tuple[float | None, float | None]]:
    return {
        o.code: (o.current_share, o.share)
        for o in comparison.options  # type: ignore[attr-defined]
    }


def test_an_answer_excluded_only_in_the_later_wave_leaves_both_bases(
    waves: tuple[WaveFrame, WaveFrame],
) -> None:
    current, earlier = waves
    result = analyse(current, compare=earlier, wave_order=("2023", "2024"))
    beratung = result.question("beratung")
    # The wave's own table keeps its rule: 8 answers, 2 "unklar" outside the base.
    assert beratung.base == 6
    comparison = beratung.comparison
    assert comparison is not None
    # 2023 without its four "9" (mapped from "unklar", excluded in 2024): 3 + 3 = 6, not 10.
    assert (comparison.current_base, comparison.base) == (6, 6)
    assert _shares(comparison) == {
        "1": pytest.approx((4 / 6, 3 / 6)),
        "2": pytest.approx((2 / 6, 3 / 6)),
    }
    one = comparison.options[0]
    assert (one.current_count, one.count) == (4, 3)
    assert one.diff == pytest.approx(4 / 6 - 3 / 6)


def test_an_answer_excluded_only_in_the_earlier_wave_leaves_both_bases(
    waves: tuple[WaveFrame, WaveFrame],
) -> None:
    current, earlier = waves
    rat = analyse(current, compare=earlier, wave_order=("2023", "2024")).question("rat")
    # 2024 alone counts "9" in its base (8 answers); compared with 2023 it leaves: 2 + 2 = 4.
    assert rat.base == 8
    comparison = rat.comparison
    assert comparison is not None
    # 2023: 10 answers minus three "9" = 7 (five "1", two "2").
    assert (comparison.current_base, comparison.base) == (4, 7)
    assert _shares(comparison) == {
        "1": pytest.approx((2 / 4, 5 / 7)),
        "2": pytest.approx((2 / 4, 2 / 7)),
    }


def test_a_multi_option_excluded_in_one_wave_leaves_both_bases(
    waves: tuple[WaveFrame, WaveFrame],
) -> None:
    current, earlier = waves
    hilfe = analyse(current, compare=earlier, wave_order=("2023", "2024")).question("hilfe")
    # 2024: four answered, two chose "weiß nicht" (excluded there) -> base 2.
    assert hilfe.base == 2
    comparison = hilfe.comparison
    assert comparison is not None
    # 2023: six answered, two of them "weiß nicht" -> base 4; "a" chosen by 3 of them
    # (2 alone, 1 with "b"), "b" by 2.
    assert (comparison.current_base, comparison.base) == (2, 4)
    assert _shares(comparison) == {
        "a": pytest.approx((1 / 2, 3 / 4)),
        "b": pytest.approx((1 / 2, 2 / 4)),
    }


def test_the_rule_is_the_same_seen_from_the_earlier_wave(
    waves: tuple[WaveFrame, WaveFrame],
) -> None:
    current, earlier = waves
    result = analyse(earlier, compare=current, wave_order=("2023", "2024"))
    comparison = result.question("beratung").comparison
    assert comparison is not None
    # Now 2023 is the analysed wave: its own table still has base 10 with "9" in it …
    assert result.question("beratung").base == 10
    # … but its comparison with 2024 leaves "9" out on both sides.
    assert (comparison.current_base, comparison.base) == (6, 6)
    assert _shares(comparison) == {
        "1": pytest.approx((3 / 6, 4 / 6)),
        "2": pytest.approx((3 / 6, 2 / 6)),
    }
