"""`umfrage export` from a survey folder and from a database wave."""

from __future__ import annotations

from pathlib import Path

import pyreadstat
import pytest
from click.testing import CliRunner

from tests.minisurvey import make_minisurvey
from umfrage.cli import main


def test_it_exports_a_wave_of_a_survey_folder(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path)
    out = tmp_path / "mini-2024.sav"
    result = CliRunner().invoke(
        main, ["export", str(folder), "--wave", "2024", "--format", "sav", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"3 Antworten der Welle 2024 als sav nach {out} geschrieben." in result.output
    assert "synthetisch" in result.output
    frame, _meta = pyreadstat.read_sav(str(out))
    assert frame["partner"].tolist()[:2] == [12.0, 3.0]


@pytest.mark.django_db
def test_it_exports_a_database_wave_exactly_like_the_folder(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path / "in")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(folder)]).exit_code == 0
    from_db = tmp_path / "db.csv"
    from_folder = tmp_path / "folder.csv"
    for source, out in (("mini", from_db), (str(folder), from_folder)):
        result = runner.invoke(
            main, ["export", source, "--wave", "2024", "--format", "csv", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert from_db.read_bytes() == from_folder.read_bytes()


@pytest.mark.django_db
def test_an_unknown_source_or_wave_exits_1_with_a_plain_message(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["export", "maxi", "--wave", "2024", "--format", "csv", "--out", str(tmp_path / "x.csv")],
    )
    assert result.exit_code == 1
    assert "„maxi“ ist weder ein Umfrageordner noch eine Umfrage in der Datenbank." in result.output
    folder = make_minisurvey(tmp_path)
    result = runner.invoke(
        main,
        [
            "export",
            str(folder),
            "--wave",
            "1999",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert result.exit_code == 1
    assert "Die Welle „1999“ gibt es nicht. → Vorhandene Wellen: 2023, 2024." in result.output
    assert not (tmp_path / "x.csv").exists()
    assert "Traceback" not in result.output


def test_the_excel_export_adds_one_sheet_per_result_table(tmp_path: Path) -> None:
    import openpyxl

    folder = make_minisurvey(tmp_path)
    out = tmp_path / "mini.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "export",
            str(folder),
            "--wave",
            "2024",
            "--format",
            "xlsx",
            "--compare",
            "2023",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Hinweise", "Daten", "Codebuch"]
    assert "social_media" in book.sheetnames
    assert "social_media Vergleich" in book.sheetnames
    sheet = book["social_media"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["„Eigener Social-Media-Kanal?“, Welle 2024, Basis 2", None, None, None]
    header = rows.index(["Antwort", "Anzahl", "Anteil", "95-%-Konfidenzintervall"])
    assert rows[header + 1][:3] == ["Ja", 1, 0.5]
    assert sheet.cell(row=header + 2, column=3).number_format == "0.0%"


def test_the_command_says_which_texts_a_format_cuts(tmp_path: Path) -> None:
    from tests.minisurvey import Q2024, R2024

    other = "        options: [{code: insta, label: Instagram}, {code: sonstige"
    assert other in Q2024
    folder = make_minisurvey(
        tmp_path,
        {
            "waves/2024/questionnaire.yaml": Q2024.replace(
                other, "        other_max_length: 100000\n" + other
            ),
            "waves/2024/responses.csv": R2024.replace('"Threads, Bluesky"', "ß" * 20_000),
        },
    )
    runner = CliRunner()
    for name in ("sav", "dta", "csv"):
        out = tmp_path / f"mini.{name}"
        result = runner.invoke(
            main, ["export", str(folder), "--wave", "2024", "--format", name, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        cut = (
            "Hinweis: SPSS: In der Variable „kanaele.other“ ist 1 Text länger als 32.767 Bytes "
            "und dort gekürzt; vollständig in der CSV-Ausgabe" in result.output
        )
        assert cut == (name == "sav"), result.output
