"""``umfrage import`` with files: the dry-run plan first, then one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from umfrage.cli import main
from umfrage.importers.spss import write_responses
from umfrage.store.models import Response, Survey

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


@pytest.fixture
def export(stored_survey: Survey, sample_records: list, tmp_path: Path) -> Path:
    path = tmp_path / "welle2024.sav"
    write_responses(path, stored_survey.waves.get(key="2024").questionnaire(), sample_records)
    return path


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(main, ["import", *args], input=input, catch_exceptions=False)


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_shows_the_plan_and_stores_nothing(runner: CliRunner, export: Path) -> None:
    result = invoke(runner, str(export), "--survey", "buendnis", "--wave", "2024", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Plan (Probelauf):" in result.output
    assert "SPSS-Datei (.sav)" in result.output
    assert "koordination.other → koordination.other" in result.output
    assert "Antworten: 4 neu, 0 geändert, 0 schon vorhanden" in result.output
    assert "Probelauf: nichts gespeichert." in result.output
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_declining_the_confirmation_stores_nothing(runner: CliRunner, export: Path) -> None:
    result = invoke(runner, str(export), "--survey", "buendnis", "--wave", "2024", input="n\n")
    assert "Jetzt speichern?" in result.output
    assert "Abgebrochen" in result.output
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_confirming_stores_and_a_second_run_has_nothing_to_do(
    runner: CliRunner, export: Path
) -> None:
    first = invoke(runner, str(export), "--survey", "buendnis", "--wave", "2024", input="j\n")
    assert "Gespeichert: 4 neue, 0 geänderte Antworten" in first.output
    second = invoke(runner, str(export), "--survey", "buendnis", "--wave", "2024", "--yes")
    assert "Antworten: 0 neu, 0 geändert, 4 schon vorhanden" in second.output
    assert "Nichts zu tun" in second.output
    assert Response.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_limesurvey_structure_and_its_responses_import_together(
    runner: CliRunner, stored_survey: Survey, tmp_path: Path
) -> None:
    responses = tmp_path / "results.csv"
    responses.write_text(
        "id,submitdate,Bundesland,Gruendung\n1,2019-05-13 10:00:00,BW,2001\n", encoding="utf-8"
    )
    result = invoke(
        runner,
        str(FIXTURES / "ls6_all_types.lss"),
        "--survey",
        "buendnis",
        "--wave",
        "2019",
        "--responses",
        str(responses),
        "--yes",
    )
    assert result.exit_code == 0, result.output
    assert "Neue Welle „2019“ wird mit dem Fragebogen angelegt." in result.output
    assert "Gleichung" in result.output
    assert "Gespeichert: Welle „2019“ der Umfrage „buendnis“ angelegt." in result.output
    assert "Gespeichert: 1 neue" in result.output
    assert "ergänzen Sie compare-Angaben" in result.stderr
    assert Response.objects.filter(wave__key="2019").get().answers == {
        "bundesland": "BW",
        "gruendung": 2001,
    }


@pytest.mark.django_db(transaction=True)
def test_a_bad_row_fails_with_file_and_line_on_stderr_and_stores_nothing(
    runner: CliRunner, stored_survey: Survey, tmp_path: Path
) -> None:
    path = tmp_path / "alt.csv"
    path.write_text(
        "organisation;submitted_at;status;anzahl\n"
        "lb-001;2024-05-01T10:00:00+02:00;complete;3\n"
        "lb-002;2024-05-01T10:00:00+02:00;complete;drei\n",
        encoding="utf-8",
    )
    result = invoke(runner, str(path), "--survey", "buendnis", "--wave", "2024", "--yes")
    assert result.exit_code == 1
    assert f"{path}:3: Frage „anzahl“" in result.stderr
    assert "„drei“ ist keine ganze Zahl" in result.stderr
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_responses_without_survey_and_wave_ask_for_them(runner: CliRunner, export: Path) -> None:
    result = invoke(runner, str(export))
    assert result.exit_code == 1
    assert "Geben Sie --survey und --wave an." in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_folder_still_loads_and_replaces(runner: CliRunner, survey_folder: Path) -> None:
    folder = survey_folder
    assert "Umfrage „buendnis“ geladen" in invoke(runner, str(folder)).output
    refused = invoke(runner, str(folder))
    assert refused.exit_code == 1 and "--replace" in refused.stderr
    assert invoke(runner, str(folder), "--replace").exit_code == 0
    assert Survey.objects.count() == 1
