"""Series across three and more waves: chained recodes, hand-checked figures, broken chains,
the public copy's protection, and the same series from the database (tests/seriessurvey.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.seriessurvey import make_series_survey, questionnaire, responses
from umfrage.analysis.results import Series, WaveResult
from umfrage.analysis.sources import analyse_loaded, load_folder
from umfrage.cli import main


def wilson(count: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval written out independently of umfrage.analysis.stats."""
    z = 1.959963984540054
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def analysed(folder: Path, wave: str = "2024", *, publish: bool = False) -> WaveResult:
    return analyse_loaded(load_folder(folder, wave, series=True), publish=publish)


def series_of(result: WaveResult, qid: str) -> Series:
    found = result.question(qid).series
    assert found is not None
    return found


def figures(series: Series) -> dict[tuple[str, str], tuple[int | None, float | None]]:
    return {(line.code, p.wave): (p.count, p.share) for line in series.lines for p in line.points}


def test_a_series_runs_through_every_recode_back_to_the_first_wave(tmp_path: Path) -> None:
    series = series_of(analysed(make_series_survey(tmp_path)), "social_media")
    assert series.waves == ("2019", "2021", "2023", "2024")
    assert series.codes_of == "2019"
    assert series.stopped is None
    assert [(b.wave, b.base) for b in series.bases] == [
        ("2019", 20),
        ("2021", 10),
        ("2023", 12),
        ("2024", 16),
    ]
    # By hand: 2019 5/20 and 15/20; 2021's "ja_aktiv" is "ja": 2/10, 8/10; 2023 6/12 each;
    # 2024's "ja" reaches 2019's "ja" through 2023 "ja" and 2021 "ja_aktiv" (8/16), and
    # "planung" counts as "nein" (3 + 5 = 8 of 16).
    assert figures(series) == {
        ("ja", "2019"): (5, 0.25),
        ("ja", "2021"): (2, 0.2),
        ("ja", "2023"): (6, 0.5),
        ("ja", "2024"): (8, 0.5),
        ("nein", "2019"): (15, 0.75),
        ("nein", "2021"): (8, 0.8),
        ("nein", "2023"): (6, 0.5),
        ("nein", "2024"): (8, 0.5),
    }
    bases = {b.wave: b.base for b in series.bases}
    for line in series.lines:
        for p in line.points:
            assert p.count is not None and p.ci is not None
            assert p.ci == pytest.approx(wilson(p.count, bases[p.wave] or 0), abs=1e-12)
    ja, nein = series.lines
    assert [p.codes for p in ja.points] == [("ja",), ("ja_aktiv",), ("ja",), ("ja",)]
    assert nein.points[-1].codes == ("planung", "nein")
    assert (ja.label, nein.label) == ("Ja", "Nein")
    assert "2024 gegenüber 2023: 2023 gab es „In Planung“ noch nicht." in series.notes
    assert "2024: „In Planung“ und „Nein“ zusammen gezählt als „Nein“." in series.notes
    assert not series.weighted


def test_merged_multi_options_count_a_respondent_once_and_the_series_says_where_it_starts(
    tmp_path: Path,
) -> None:
    series = series_of(analysed(make_series_survey(tmp_path)), "kanal")
    assert series.waves == ("2021", "2023", "2024")
    # 2024: Facebook 3 and TikTok 4, one alliance both: 6 of 16 in 2023's "facebook".
    assert figures(series)[("facebook", "2024")] == (6, 0.375)
    assert figures(series)[("insta", "2021")] == (4, 0.4)
    assert series.stopped == "Vor 2021 keine Zeitreihe: In Welle 2019 nicht gefragt."


def test_an_answer_without_counterpart_stops_the_series_and_says_why(tmp_path: Path) -> None:
    series = series_of(analysed(make_series_survey(tmp_path)), "thema")
    assert series.waves == ("2024",)
    assert series.stopped == (
        "Vor 2024 keine Zeitreihe: Die Antwort „C“ (Welle 2024) hat in Welle 2023 keine "
        "Entsprechung."
    )


def test_a_broken_link_in_the_middle_keeps_the_later_waves(tmp_path: Path) -> None:
    folder = make_series_survey(
        tmp_path,
        {
            "waves/2021/questionnaire.yaml": questionnaire("2021").replace(
                "recode: {ja_aktiv: ja}", "recode: {ja_aktiv: null}"
            )
        },
    )
    series = series_of(analysed(folder), "social_media")
    assert series.waves == ("2021", "2023", "2024")
    assert series.codes_of == "2021"
    assert [line.code for line in series.lines] == ["ja_aktiv", "nein"]
    assert figures(series)[("ja_aktiv", "2024")] == (8, 0.5)
    assert series.stopped == (
        "Vor 2021 keine Zeitreihe: Die Antwort „Ja (aktiv)“ (Welle 2021) hat in Welle 2019 "
        "keine Entsprechung."
    )


def test_a_wave_without_answers_ends_the_series(tmp_path: Path) -> None:
    folder = make_series_survey(tmp_path, {"waves/2021/responses.csv": None})
    series = series_of(analysed(folder), "social_media")
    assert series.waves == ("2023", "2024")
    assert series.stopped == (
        "Vor 2023 keine Zeitreihe: Für die Welle 2021 liegen keine Antworten vor."
    )


def test_an_answer_counted_in_one_base_but_not_the_other_stops_the_series(
    tmp_path: Path,
) -> None:
    folder = make_series_survey(
        tmp_path,
        {
            "waves/2019/questionnaire.yaml": questionnaire("2019").replace(
                "{code: nein, label: Nein}", "{code: nein, label: Nein, exclude_from_base: true}"
            )
        },
    )
    series = series_of(analysed(folder), "social_media")
    assert series.waves == ("2021", "2023", "2024")
    assert series.stopped is not None and "„Nein“" in series.stopped
    assert "in Welle 2019 nicht" in series.stopped


def test_analyze_json_adds_series_only_when_asked(tmp_path: Path) -> None:
    folder = make_series_survey(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["analyze", str(folder), "--wave", "2024", "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert all("series" not in q for q in json.loads(plain.output)["questions"])
    asked = runner.invoke(
        main, ["analyze", str(folder), "--wave", "2024", "--series", "--format", "json"]
    )
    assert asked.exit_code == 0, asked.output
    data = json.loads(asked.output)
    by_id = {q["id"]: q for q in data["questions"]}
    ja = by_id["social_media"]["series"]["lines"][0]
    assert [p["share"] for p in ja["points"]] == [0.25, 0.2, 0.5, 0.5]
    assert by_id["social_media"]["series"]["bases"][1] == {
        "wave": "2021",
        "question": "social_media",
        "base": 10,
        "small_base": True,
        "suppressed": False,
    }
    # Everything else is the JSON without the option.
    for question in data["questions"]:
        del question["series"]
    assert data == json.loads(plain.output)


def test_a_public_series_hides_every_point_the_waves_own_public_table_hides(
    tmp_path: Path,
) -> None:
    folder = make_series_survey(tmp_path)
    public = analysed(folder, publish=True)
    series = series_of(public, "social_media")
    # 2021: "ja_aktiv" 2 is under min_cell 3; its table hides it and "nein" (8 = 10 - 2).
    assert figures(series)[("ja", "2021")] == (None, None)
    assert figures(series)[("nein", "2021")] == (None, None)
    assert all(p.suppressed for line in series.lines for p in line.points if p.wave == "2021")
    assert figures(series)[("ja", "2019")] == (5, 0.25)
    # Every shown point is a cell its wave's own public table shows with the same count.
    for wave in series.waves:
        own = analyse_loaded(load_folder(folder, wave), publish=True).question("social_media")
        shown = {o.code: o.count for o in own.options if not o.suppressed}
        for line in series.lines:
            point = next(p for p in line.points if p.wave == wave)
            if point.suppressed:
                assert not all(code in shown for code in point.codes) or own.hidden_cells()
            else:
                assert sum(shown[code] for code in point.codes) == point.count
    own_2021 = analyse_loaded(load_folder(folder, "2021"), publish=True).question("social_media")
    assert [o.suppressed for o in own_2021.options] == [True, True]


def test_a_merged_point_is_hidden_when_its_wave_hides_any_cell(tmp_path: Path) -> None:
    # 2024 with "planung" 2: the table hides it; "nein" in 2019's codes is planung + nein.
    answers = responses("2024").replace("planung", "ja", 1)
    folder = make_series_survey(tmp_path, {"waves/2024/responses.csv": answers})
    internal = series_of(analysed(folder), "social_media")
    assert figures(internal)[("nein", "2024")] == (7, 7 / 16)
    series = series_of(analysed(folder, publish=True), "social_media")
    assert figures(series)[("nein", "2024")] == (None, None)
    assert figures(series)[("ja", "2024")] == (None, None)
    assert series.bases[-1].base == 16


def test_a_wave_too_small_to_publish_shows_neither_points_nor_base(tmp_path: Path) -> None:
    small = "\n".join(responses("2019").splitlines()[:3]) + "\n"  # two answers
    folder = make_series_survey(tmp_path, {"waves/2019/responses.csv": small})
    series = series_of(analysed(folder, publish=True), "social_media")
    assert series.bases[0].base is None and series.bases[0].suppressed
    assert all(p.count is None for line in series.lines for p in line.points[:1])
    internal = series_of(analysed(folder), "social_media")
    assert internal.bases[0].base == 2


@pytest.mark.django_db
def test_the_database_gives_the_same_series_as_the_folder(tmp_path: Path) -> None:
    from umfrage.store.folder import load_survey_folder

    folder = make_series_survey(tmp_path)
    load_survey_folder(folder)
    runner = CliRunner()
    args = ["--wave", "2024", "--series", "--publish", "--format", "json"]
    from_folder = runner.invoke(main, ["analyze", str(folder), *args])
    from_db = runner.invoke(main, ["analyze", "reihe", *args])
    assert from_folder.exit_code == 0 and from_db.exit_code == 0, from_db.output
    left = {q["id"]: q["series"] for q in json.loads(from_folder.output)["questions"]}
    right = {q["id"]: q["series"] for q in json.loads(from_db.output)["questions"]}
    assert left == right
    assert right["social_media"]["waves"] == ["2019", "2021", "2023", "2024"]


def test_the_terminal_table_shows_the_series_per_wave(tmp_path: Path) -> None:
    folder = make_series_survey(tmp_path)
    shown = CliRunner().invoke(main, ["analyze", str(folder), "--wave", "2024", "--series"])
    assert shown.exit_code == 0, shown.output
    assert "Zeitreihe 2019, 2021, 2023, 2024:" in shown.output
    after = shown.output.split("Zeitreihe 2019, 2021, 2023, 2024:", 1)[1].splitlines()
    row = next(line for line in after if line.strip().startswith("ja  "))
    assert row.split()[2:] == ["25,0", "%", "20,0", "%", "50,0", "%", "50,0", "%"]
    assert "Vor 2024 keine Zeitreihe: Die Antwort „C“" in shown.output
