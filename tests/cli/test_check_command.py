"""`umfrage check`: exit codes and plain messages on the right stream, no tracebacks.

In-process through click's CliRunner (stdout and stderr apart); an exception the command lets
escape fails the test with its traceback. tests/cli/test_fresh_process.py runs the command in a
process of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import EXAMPLE
from tests.minisurvey import make_minisurvey
from umfrage.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_it_accepts_a_valid_survey_folder(tmp_path: Path) -> None:
    result = run("check", str(make_minisurvey(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert "Welle 2024: 4 Fragen, 3 Antworten" in result.stdout
    assert result.stdout.rstrip().endswith("in Ordnung (4 Organisationen im Register).")


def test_a_reworded_question_passes_with_a_hint_on_what_comparisons_will_say(
    tmp_path: Path,
) -> None:
    from tests.minisurvey import Q2024

    folder = make_minisurvey(
        tmp_path,
        {"waves/2024/questionnaire.yaml": Q2024.replace("text: Bundesland?", "text: Land?")},
    )
    result = run("check", str(folder))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()  # hints go where problems go, apart from the verdict
    assert lines[0] == "Hinweise:"
    assert "Frage „bundesland“: Der Fragetext weicht von Welle „2023“ ab." in lines[1]
    assert "„Fragetext 2024 gegenüber 2023 geändert (2023: „Bundesland?“).“" in lines[1]
    assert result.stdout.rstrip().endswith("in Ordnung (4 Organisationen im Register).")


@pytest.mark.skipif(
    not (EXAMPLE / "survey.yaml").exists(), reason="example survey not generated yet"
)
def test_the_example_survey_passes_the_check() -> None:
    result = run("check", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert "Welle 2024" in result.stdout and "Welle 2023" in result.stdout


def test_it_lists_every_problem_with_file_and_line_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(
        'wave: "2024"\ntitle: T\nsections:\n  - id: A\n    title: A\n    questions:\n'
        "      - {id: a, type: multi, text: A?, max: 4, options: [{code: x, label: X}]}\n"
        "      - {id: b, type: text, text: B?, if: {question: c, answered: true}}\n",
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "2 Probleme gefunden:",
        f"{path}:7: Frage „a“: max ist 4, es gibt aber nur 1 Antworten. → Setzen Sie max auf höchstens 1 oder lassen Sie max weg.",
        f"{path}:8: Frage „b“: Die Bedingung nennt die unbekannte Frage „c“. → Prüfen Sie die id; sie muss einer früheren Frage gehören.",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "Die Datei fehlt."),
        (b"\xff\xfe\x00w\x00a", "Die Datei ist nicht in UTF-8 gespeichert."),
        (b"wave: [\n", "Kein gültiges YAML"),
        (b"", "Die Datei enthält keinen Fragebogen."),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "questionnaire.yaml"
    if content is not None:
        path.write_bytes(content)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = [
        line.split()[0]
        for line in result.stdout.split("Commands:")[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert {"check", "demo", "import", "dump"} <= set(commands)
    for command in commands:
        sub = run(command, "--help")
        assert sub.exit_code == 0, command
        assert "Usage: " in sub.stdout


def _broken_example(tmp_path: Path) -> Path:
    """The example with problems in both waves' answers: a second answer of one organisation,
    an unknown organisation, an unknown code, a missing status and a missing column value."""
    import shutil

    folder = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    for wave, edits in (("2024", 3), ("2023", 2)):
        path = folder / "waves" / wave / "responses.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.append(lines[1])  # the same organisation again
        cells = lines[2].split(",")
        cells[0] = "LB-UNBEKANNT"
        lines[2] = ",".join(cells)
        cells = lines[4].split(",")
        cells[2] = ""  # no status
        lines[4] = ",".join(cells)
        if edits == 3:
            cells = lines[6].split(",")
            cells[3] = "XX"  # no such Bundesland
            lines[6] = ",".join(cells)
        path.write_text("".join(lines), encoding="utf-8")
    return folder


def test_response_problems_are_those_of_the_row_reader(tmp_path: Path) -> None:
    """`check` validates the answers column-wise (the reader of ``analyze``) and reports exactly
    what the row-by-row reader of the survey folder reports: file, line, question and words."""
    from umfrage.questionnaire.problems import ProblemsError
    from umfrage.surveyfolder.survey import read_survey_folder

    folder = _broken_example(tmp_path)
    with pytest.raises(ProblemsError) as caught:
        read_survey_folder(folder)
    expected = sorted(str(p) for p in caught.value.problems)
    assert len(expected) >= 7
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{len(expected)} Probleme gefunden:"
    assert sorted(lines[1:]) == expected
    assert any("waves/2023/responses.csv:" in line for line in lines)
    assert any("hat schon in Zeile 2 geantwortet" in line for line in lines)


def test_a_valid_folder_checked_once_is_analysed_from_the_frame_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from umfrage.analysis import sources

    folder = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    assert run("check", str(folder)).exit_code == 0

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("analyze must use the frames that check validated")

    monkeypatch.setattr(sources, "read_wave_csv", no_read)
    result = run("analyze", str(folder), "--wave", "2024", "--compare", "2023")
    assert result.exit_code == 0, result.stderr
