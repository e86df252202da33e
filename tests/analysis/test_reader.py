"""The fast column-wise reader against the foundation's row-by-row reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from umfrage.analysis.reader import read_wave_csv, read_wave_slow
from umfrage.questionnaire.problems import ProblemsError
from umfrage.surveyfolder.survey import read_survey_folder


def _both(folder: Path, wave: str) -> tuple[object, object]:
    survey = read_survey_folder(folder, with_responses=False)
    questionnaire = survey.questionnaire(wave)
    path = folder / "waves" / wave / "responses.csv"
    orgs = survey.register.ids() if survey.register else None
    return (
        read_wave_csv(path, questionnaire, orgs),
        read_wave_slow(path, questionnaire, orgs),
    )


def _errors(path: Path, questionnaire: object, reader: Callable[..., object]) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        reader(path, questionnaire, None)
    return [str(p) for p in caught.value.problems]


def test_both_readers_build_the_same_frame(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(150, 90)
    for wave in ("2023", "2024"):
        fast, slow = _both(folder, wave)
        pd.testing.assert_frame_equal(fast.data, slow.data)  # type: ignore[attr-defined]
        assert len(fast.data) == {"2023": 150, "2024": 90}[wave]  # type: ignore[attr-defined]


def test_frame_columns_are_typed_per_question_type(make_survey: Callable[..., Path]) -> None:
    fast, _ = _both(make_survey(30, 30), "2024")
    dtypes = fast.data.dtypes  # type: ignore[attr-defined]
    assert isinstance(dtypes["social"], pd.CategoricalDtype)
    assert list(dtypes["social"].categories) == ["ja", "planung", "nein", "dagegen"]
    assert str(dtypes["hilfe.geld"]) == "Int8"
    assert str(dtypes["wichtig.geld"]) == "Int16"
    assert str(dtypes["partner"]) == "float64"
    assert isinstance(dtypes["zufrieden.newsletter"], pd.CategoricalDtype)
    assert str(dtypes["hindernisse"]) == "string"


def _rewrite(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    import csv

    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("social", "vielleicht"),
        ("hilfe.geld", "2"),
        ("wichtig.geld", "x"),
        ("partner", "zwölf"),
        ("partner", "500"),
        ("zufrieden.beratung", "7"),
        ("status", "fertig"),
        ("submitted_at", "gestern"),
    ],
)
def test_an_invalid_cell_is_reported_alike_by_both_readers(
    make_survey: Callable[..., Path], column: str, value: str
) -> None:
    folder = make_survey(40, 40)
    path = folder / "waves" / "2024" / "responses.csv"

    def change(rows: list[list[str]]) -> None:
        rows[5][rows[0].index(column)] = value

    _rewrite(path, change)
    questionnaire = read_survey_folder(folder, with_responses=False).questionnaire("2024")
    fast = _errors(path, questionnaire, read_wave_csv)
    assert fast == _errors(path, questionnaire, read_wave_slow)
    assert any(":6:" in message and column in message for message in fast)


def test_rule_breaks_across_cells_are_reported_alike(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(40, 40)
    path = folder / "waves" / "2024" / "responses.csv"

    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        # row 3: a channel answered although social media was not "ja" (condition)
        rows[3][header.index("social")] = "nein"
        rows[3][header.index("kanaele.instagram")] = "1"
        # row 4: "keine" together with another option (exclusive), and more than max
        for code in ("schulung", "vorlagen", "geld", "technik", "keine"):
            rows[4][header.index(f"hilfe.{code}")] = "1"
        # row 7: rank 2 without rank 1
        for code in ("schulung", "vorlagen", "geld", "technik"):
            rows[7][header.index(f"wichtig.{code}")] = ""
            rows[7][header.index(f"hilfe.{code}")] = "1"
        rows[7][header.index("hilfe.keine")] = "0"
        rows[7][header.index("wichtig.geld")] = "2"
        # row 9 and 10: the same organisation twice
        rows[10][header.index("organisation")] = rows[9][header.index("organisation")]

    _rewrite(path, change)
    questionnaire = read_survey_folder(folder, with_responses=False).questionnaire("2024")
    fast = _errors(path, questionnaire, read_wave_csv)
    assert fast == _errors(path, questionnaire, read_wave_slow)
    lines = {m.split(":")[1] for m in fast}
    assert {"4", "5", "8", "11"} <= lines


def test_a_missing_question_column_is_a_warning_and_reads_as_unanswered(
    make_survey: Callable[..., Path],
) -> None:
    folder = make_survey(30, 30)
    path = folder / "waves" / "2024" / "responses.csv"

    def drop(rows: list[list[str]]) -> None:
        index = rows[0].index("partner")
        for row in rows:
            del row[index]

    _rewrite(path, drop)
    fast, slow = _both(folder, "2024")
    assert fast.data["partner"].isna().all()  # type: ignore[attr-defined]
    assert [str(w) for w in fast.warnings] == [str(w) for w in slow.warnings]  # type: ignore[attr-defined]
    assert "partner" in str(fast.warnings[0])  # type: ignore[attr-defined]


def test_spreadsheet_csv_with_semicolons_and_cp1252_reads_the_same(
    make_survey: Callable[..., Path],
) -> None:
    folder = make_survey(30, 120)
    path = folder / "waves" / "2024" / "responses.csv"
    text = path.read_text(encoding="utf-8").replace(
        "Mehr Zeit, mehr Personal", "Mehr Zeit für Väter"
    )
    assert "Väter" in text
    text = text.replace(",", ";")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    fast, slow = _both(folder, "2024")
    pd.testing.assert_frame_equal(fast.data, slow.data)  # type: ignore[attr-defined]
    path.write_bytes(text.encode("cp1252"))
    fast, slow = _both(folder, "2024")
    pd.testing.assert_frame_equal(fast.data, slow.data)  # type: ignore[attr-defined]
    assert "Mehr Zeit für Väter" in set(fast.data["hindernisse"].dropna())  # type: ignore[attr-defined]


def test_excel_unicode_text_and_tabs_read_the_same(make_survey: Callable[..., Path]) -> None:
    """UTF-16 and tab as separator: the table reader's policy holds for the analysis too."""
    folder = make_survey(30, 40)
    path = folder / "waves" / "2024" / "responses.csv"
    reference = _both(folder, "2024")[1].data  # type: ignore[attr-defined]
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    tabbed = out.getvalue()
    path.write_bytes(tabbed.encode("utf-16"))
    fast, slow = _both(folder, "2024")
    pd.testing.assert_frame_equal(fast.data, reference)  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(slow.data, reference)  # type: ignore[attr-defined]
    path.write_bytes(tabbed.encode("utf-8"))
    fast, slow = _both(folder, "2024")
    pd.testing.assert_frame_equal(fast.data, reference)  # type: ignore[attr-defined]


def test_line_numbers_survive_blank_lines_and_windows_line_ends(
    make_survey: Callable[..., Path],
) -> None:
    folder = make_survey(30, 30)
    path = folder / "waves" / "2024" / "responses.csv"

    def change(rows: list[list[str]]) -> None:
        rows[6][rows[0].index("social")] = "vielleicht"

    _rewrite(path, change)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    questionnaire = read_survey_folder(folder, with_responses=False).questionnaire("2024")
    fast = _errors(path, questionnaire, read_wave_csv)
    assert fast == _errors(path, questionnaire, read_wave_slow)
    assert ":8:" in fast[0]


def test_a_wave_past_the_table_row_limit_still_names_its_problems_by_line(
    make_survey: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast reader counts lines for its messages without the limits for reading a table in."""
    folder = make_survey(30, 30)
    path = folder / "waves" / "2024" / "responses.csv"

    def change(rows: list[list[str]]) -> None:
        rows[6][rows[0].index("social")] = "vielleicht"

    _rewrite(path, change)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")  # a blank line: the lines are counted by the table reader
    path.write_bytes("\n".join(lines).encode("utf-8"))
    questionnaire = read_survey_folder(folder, with_responses=False).questionnaire("2024")
    monkeypatch.setenv("UMFRAGE_XLSX_MAX_ROWS", "5")
    fast = _errors(path, questionnaire, read_wave_csv)
    assert ":8:" in fast[0]
    assert "UMFRAGE_XLSX_MAX_ROWS" not in fast[0]


def test_anonymous_rows_are_not_flagged_for_a_second_look_but_unknown_organisations_are(
    tmp_path: Path,
) -> None:
    from tests.minisurvey import make_minisurvey
    from umfrage.analysis.reader import row_flags

    folder = make_minisurvey(tmp_path)
    survey = read_survey_folder(folder)
    questionnaire = survey.questionnaire("2023")
    frame = read_wave_csv(folder / "waves/2023/responses.csv", questionnaire, {"B-1", "H-1"})
    # Row 3 of the mini survey is anonymous; only the organisation rule may flag rows here.
    assert row_flags(frame, {"B-1", "H-1"}).tolist() == [False, False, False]
    assert row_flags(frame, {"B-1"}).tolist() == [False, True, False]


def test_encoding_in_threads_builds_the_same_frame_and_problems(
    make_survey: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large waves encode two questions at once (``PARALLEL_ROWS``): the frame, its column
    order and the problems found are those of one thread."""
    from umfrage.analysis import reader

    folder = make_survey(150, 90)
    survey = read_survey_folder(folder, with_responses=False)
    questionnaire = survey.questionnaire("2024")
    path = folder / "waves" / "2024" / "responses.csv"
    monkeypatch.setattr(reader, "PARALLEL_ROWS", 10**9)
    one = read_wave_csv(path, questionnaire)
    monkeypatch.setattr(reader, "PARALLEL_ROWS", 0)
    two = read_wave_csv(path, questionnaire)
    assert list(two.data.columns) == list(one.data.columns)
    pd.testing.assert_frame_equal(two.data, one.data)

    def spoil(rows: list[list[str]]) -> None:
        header = rows[0]
        rows[3][header.index("social")] = "vielleicht"
        rows[7][header.index("status")] = "fertig"
        rows[9][header.index("partner")] = "viele"

    _rewrite(path, spoil)
    monkeypatch.setattr(reader, "PARALLEL_ROWS", 10**9)
    serial = _errors(path, questionnaire, read_wave_csv)
    monkeypatch.setattr(reader, "PARALLEL_ROWS", 0)
    assert _errors(path, questionnaire, read_wave_csv) == serial
    assert len(serial) >= 3
