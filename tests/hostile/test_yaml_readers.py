"""Every YAML reader refuses alias bombs, deep nesting and tags with a located message.

The issue (item 10): 459 bytes took 10 s and 430 MB in ``umfrage check``; 50,000-deep nesting
ended in a RecursionError and ``!!python/...`` in a TypeError. Memory is measured with
tracemalloc as a generous bound only; speed belongs in the benchmarks.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile.yamlbombs import PYTHON_TAG, alias_bomb, deep_block, deep_flow
from umfrage.cli import main
from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.questionnaire.problems import ProblemsError

MB = 1024 * 1024


def check(tmp_path: Path, text: str) -> tuple[int, str, int]:
    """``umfrage check`` on ``text``: exit code, output and peak traced memory in bytes."""
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        result = CliRunner().invoke(main, ["check", str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output, peak


def test_an_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    text = alias_bomb()
    assert len(text.encode()) < 600
    code, output, peak = check(tmp_path, text)
    assert code == 1
    assert "questionnaire.yaml:1: Verweise (&/*) sind nicht erlaubt." in output
    assert peak < 50 * MB


@pytest.mark.parametrize("text", [deep_block(), deep_flow()], ids=["block", "flow"])
def test_50000_deep_nesting_gives_a_located_message(tmp_path: Path, text: str) -> None:
    code, output, peak = check(tmp_path, text)
    assert code == 1
    assert "Traceback" not in output and "RecursionError" not in output
    assert "questionnaire.yaml:" in output
    assert "Die Angaben sind zu tief verschachtelt (mehr als 100 Ebenen)." in output
    assert peak < 50 * MB


def test_a_python_tag_gives_a_located_message(tmp_path: Path) -> None:
    code, output, _ = check(tmp_path, PYTHON_TAG)
    assert code == 1
    assert "TypeError" not in output
    assert (
        "questionnaire.yaml:1: Typangaben wie „!!python/object/apply:os.system“ "
        "sind nicht erlaubt." in output
    )


def test_any_local_tag_is_refused_too() -> None:
    with pytest.raises(ProblemsError) as caught:
        questionnaire_from_text('wave: "2030"\ntitle: !wichtig T\n', "q.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "q.yaml:2: Typangaben wie „!wichtig“ sind nicht erlaubt. → Entfernen Sie die Angabe "
        "mit ! vor dem Wert; Text, der mit ! beginnt, setzen Sie in Anführungszeichen."
    ]


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_YAML_MAX_BYTES", "1000")
    code, output, _ = check(tmp_path, "title: " + "x" * 2000 + "\n")
    assert code == 1
    assert "Die Datei ist zu groß (2 KB; gelesen werden höchstens 1 KB)." in output
    assert "UMFRAGE_YAML_MAX_BYTES" in output
