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
from ruamel.yaml import YAML
from ruamel.yaml.parser import RoundTripParser

from tests.hostile.yamlbombs import PYTHON_TAG, alias_bomb, deep_block, deep_flow
from umfrage.cli import main
from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.safeyaml import load_yaml

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


def _problems(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_yaml(text, "q.yaml")
    return [str(p) for p in caught.value.problems]


ALIAS = (
    "q.yaml:{line}: Verweise (&/*) sind nicht erlaubt. → Schreiben Sie den Inhalt an jeder "
    "Stelle aus, statt mit &name und *name auf ihn zu verweisen."
)


def test_the_first_refusal_in_the_text_wins_over_a_later_syntax_error() -> None:
    assert _problems("a: &x 1\nb: [\n") == [ALIAS.format(line=1)]
    assert _problems("a: 1\na: 2\nb: &x 3\n") == [ALIAS.format(line=3)]  # before the duplicate


def test_a_refusal_in_a_second_document_is_named_as_a_whole_scan_would() -> None:
    # The text is parsed once; the composer stops at a second document, so the rest of the
    # stream is checked then: the message is the alias, not "expected a single document".
    assert _problems("a: 1\n---\nb: 2\n---\nc: &y 3\n") == [ALIAS.format(line=5)]
    assert _problems("a: 1\n---\nb: [1, 2\n")[0].startswith(
        "q.yaml:4: Kein gültiges YAML: Die Datei ist hier nicht richtig aufgebaut (expected ','"
    )
    assert _problems("a: 1\n---\nb: 2\n")[0].startswith(
        "q.yaml:2: Kein gültiges YAML: Die Datei ist hier nicht richtig aufgebaut (but found "
        "another document)."
    )


def test_the_text_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    parse_stream_start = RoundTripParser.parse_stream_start

    def counting(self: RoundTripParser) -> object:
        started.append(self)
        return parse_stream_start(self)

    monkeypatch.setattr(RoundTripParser, "parse_stream_start", counting)
    assert load_yaml("a: [1, {b: 2}]\n", "q.yaml") == {"a": [1, {"b": 2}]}
    assert len(started) == 1


def test_a_callers_yaml_object_loads_again_and_keeps_its_settings() -> None:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    assert load_yaml("a: '1'\n", "q.yaml", yaml) == {"a": "1"}
    with pytest.raises(ProblemsError):
        load_yaml("a: &x 1\n", "q.yaml", yaml)
    second = load_yaml('b: "2"\n', "q.yaml", yaml)
    assert second == {"b": "2"} and type(second["b"]).__name__ == "DoubleQuotedScalarString"
    assert "_parser" not in vars(yaml) and "_composer" not in vars(yaml)  # its own come back
