"""``umfrage import`` with hostile input: mapping files (item 10) and Excel files (item 11).

Mapping files go through the same bounded YAML reader as questionnaires; Excel files through the
bounded Excel reader. Nothing is stored, memory stays bounded, the message names file and limit.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile.guards import bounded
from tests.hostile.xlsxfiles import lying_dimension, zip_bomb
from tests.hostile.yamlbombs import PYTHON_TAG, alias_bomb, deep_flow
from umfrage.cli import main
from umfrage.importers.spss import write_responses
from umfrage.store.models import Response, Survey

MB = 1024 * 1024


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (alias_bomb(), "mapping.yaml:1: Verweise (&/*) sind nicht erlaubt."),
        (deep_flow(), "mapping.yaml:2: Die Angaben sind zu tief verschachtelt"),
        (PYTHON_TAG, "mapping.yaml:1: Typangaben wie „!!python/object/apply:os.system“"),
    ],
    ids=["alias-bomb", "deep-flow", "python-tag"],
)
def test_a_hostile_mapping_file_is_refused_with_its_line_and_nothing_is_stored(
    stored_survey: Survey,
    sample_records: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    message: str,
) -> None:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    export = tmp_path / "welle2024.sav"
    write_responses(export, stored_survey.waves.get(key="2024").questionnaire(), sample_records)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    args = ["import", str(export), "--survey", "buendnis", "--wave", "2024"]
    # A dry run first loads every module the import uses, so that the traced peak measures the
    # hostile file and not which modules earlier tests in this process happened to import.
    warm = CliRunner().invoke(main, [*args, "--dry-run"])
    assert "Traceback" not in warm.output + warm.stderr
    tracemalloc.start()
    try:
        result = CliRunner().invoke(main, [*args, "--mapping", str(mapping), "--yes"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert peak < 50 * MB
    assert Response.objects.count() == 0


ROWS = [
    ["organisation", "submitted_at", "status", "social_media"],
    ["lb-001", "2024-05-01T10:00:00+02:00", "complete", "ja"],
    ["lb-002", "2024-05-02T10:00:00+02:00", "complete", "nein"],
]


def dry_run(tmp_path: Path, data: bytes) -> tuple[str, str, int]:
    """The dry run within 60 s and 300 MB more address space (MemoryError beyond)."""
    path = tmp_path / "antworten.xlsx"
    path.write_bytes(data)
    with bounded(seconds=60, extra_megabytes=300):
        result = CliRunner().invoke(
            main, ["import", str(path), "--survey", "buendnis", "--wave", "2024", "--dry-run"]
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_of_an_excel_file_claiming_every_cell_reads_only_its_rows(
    stored_survey: Survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    stdout, stderr, code = dry_run(tmp_path, lying_dimension(ROWS))
    assert code == 0, stderr
    assert "Antworten: 2 neu, 0 geändert, 0 schon vorhanden" in stdout
    assert "Probelauf: nichts gespeichert." in stdout
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_of_an_excel_zip_bomb_names_the_limit(
    stored_survey: Survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    _, stderr, code = dry_run(tmp_path, zip_bomb(ROWS))
    assert code == 1
    assert (
        "antworten.xlsx: Die Excel-Datei ist entpackt 40 MB groß; gelesen werden höchstens 30 MB"
        in stderr
    )
    assert "Teilen Sie die Datei in mehrere Dateien mit höchstens 49.999 Zeilen" in stderr
    assert Response.objects.count() == 0


def broken_csv(path: Path, rows: int) -> Path:
    """``rows`` rows, each with one unknown answer code (synthetic)."""
    path.write_text(
        "organisation,submitted_at,status,social_media\n"
        + "".join(f",2024-05-01T10:00:00+02:00,complete,vielleicht{n}\n" for n in range(rows)),
        encoding="utf-8",
    )
    return path


def problem_lines(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{path}:")]


@pytest.mark.django_db(transaction=True)
def test_the_import_command_lists_the_first_100_problems_and_how_to_get_all(
    stored_survey: Survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    path = broken_csv(tmp_path / "kaputt.csv", 250)
    args = ["import", str(path), "--survey", "buendnis", "--wave", "2024", "--dry-run"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "250 Probleme gefunden:"
    assert len(problem_lines(result.stderr, path)) == 100
    assert result.stderr.splitlines()[-1] == (
        "… und 150 weitere. Alle listet derselbe Aufruf mit --all-problems, z. B. in eine "
        "Datei: … --all-problems 2> probleme.txt"
    )
    every = CliRunner().invoke(main, [*args, "--all-problems"])
    assert every.exit_code == 1
    assert len(problem_lines(every.stderr, path)) == 250
    assert "weitere" not in every.stderr
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_reader_keeps_only_the_first_problems_in_memory_and_counts_the_rest(
    stored_survey: Survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.questionnaire import problems

    monkeypatch.setenv("UMFRAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(problems, "MAX_KEPT", 50)
    path = broken_csv(tmp_path / "kaputt.csv", 250)
    args = ["import", str(path), "--survey", "buendnis", "--wave", "2024", "--all-problems"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "250 Probleme gefunden:"
    assert len(problem_lines(result.stderr, path)) == 50
    assert (
        "… und 200 weitere, die nicht einzeln festgehalten wurden (mehr als 50)." in result.stderr
    )
