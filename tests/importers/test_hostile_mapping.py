"""``umfrage import --mapping`` reads the mapping file through the same bounded YAML reader.

The issue (item 10): mapping files used the reader an alias bomb exhausted. Nothing is stored.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

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
