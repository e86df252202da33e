"""`umfrage import` and `umfrage dump` against the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.minisurvey import make_minisurvey
from umfrage.cli import main
from umfrage.store.models import Response

pytestmark = pytest.mark.django_db


def test_import_loads_a_folder_and_dump_writes_it_back(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path / "in")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(folder)])
    assert result.exit_code == 0, result.output
    assert (
        "Umfrage „mini“ geladen: 4 Organisationen; 2023: 3 Antworten, 2024: 3 Antworten."
        in result.output
    )
    assert Response.objects.count() == 6
    result = runner.invoke(main, ["dump", "mini", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "waves" / "2024" / "responses.csv").read_bytes() == (
        folder / "waves" / "2024" / "responses.csv"
    ).read_bytes()


def test_import_of_a_broken_folder_exits_1_and_stores_nothing(tmp_path: Path) -> None:
    folder = make_minisurvey(tmp_path, {"organisations.csv": "id,name\nB-1,\n"})
    result = CliRunner().invoke(main, ["import", str(folder)])
    assert result.exit_code == 1
    assert "organisations.csv:2: Spalte B („name“): Der Name fehlt." in result.output
    assert Response.objects.count() == 0


def test_dump_of_an_unknown_survey_names_the_known_ones(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["import", str(make_minisurvey(tmp_path))])
    result = CliRunner().invoke(main, ["dump", "maxi", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert (
        "Die Umfrage „maxi“ ist nicht in der Datenbank. → Vorhandene Umfragen: mini."
        in result.output
    )


def test_example_generate_into_a_new_folder_reproduces_the_committed_example(
    tmp_path: Path,
) -> None:
    from tests.conftest import EXAMPLE

    result = CliRunner().invoke(main, ["example", "generate", "--out", str(tmp_path / "neu")])
    assert result.exit_code == 0, result.output
    for relative in ("organisations.csv", "waves/2024/responses.csv", "survey.yaml"):
        assert (tmp_path / "neu" / relative).read_bytes() == (EXAMPLE / relative).read_bytes()
