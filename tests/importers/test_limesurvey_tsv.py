"""LimeSurvey's tab-separated structure export (.txt) gives the same questionnaire model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from umfrage.cli import main
from umfrage.importers import RESPONSES, STRUCTURE, detect, plan_structure
from umfrage.importers.limesurvey.txtread import looks_like_tsv_structure, read_tsv
from umfrage.questionnaire.problems import ProblemsError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TXT = FIXTURES / "ls_structure.txt"


def test_the_tab_separated_export_is_recognised_by_its_header(tmp_path: Path) -> None:
    assert detect(TXT) == STRUCTURE
    vv = tmp_path / "vv.txt"
    vv.write_text('"Antwort-ID"\t"Abgeschickt"\n"id"\t"submitdate"\n1\t2019-05-13\n', "utf-8")
    assert detect(vv) == RESPONSES
    assert not looks_like_tsv_structure(vv.read_bytes())


def test_groups_questions_answers_and_translations_by_position() -> None:
    survey = read_tsv(TXT.read_bytes(), TXT.name)
    assert survey.base_language == "de" and survey.languages == ["de", "en"]
    assert [g.texts["en"][0] for g in survey.groups.values()] == ["Your alliance"]
    top = [q for q in survey.questions.values() if not q.parent]
    assert [(q.title, q.type, q.line) for q in top] == [
        ("Rolle", "L", 9),
        ("Partner", "M", 12),
        ("Zufrieden", "Y", 16),
    ]
    assert [a.texts for a in survey.answers] == [
        {"de": "Ehrenamt", "en": "Volunteer"},
        {"de": "Hauptamt", "en": "Staff"},
    ]
    assert survey.attributes[top[1].qid]["min_answers"] == "1"


@pytest.mark.parametrize(
    ("language", "role", "yes"),
    [(None, "Welche Rolle haben Sie?", "Ja"), ("en", "What is your role?", "Yes")],
)
def test_the_export_converts_like_an_lss(language: str | None, role: str, yes: str) -> None:
    conversion = plan_structure(TXT, language=language)
    questions = {q.id: q for q in conversion.questionnaire.questions()}
    assert questions["rolle"].text == role
    assert questions["rolle"].required
    assert questions["rolle"].options[-1].other  # type: ignore[attr-defined]
    assert questions["partner"].options[-1].exclusive  # type: ignore[attr-defined]
    assert questions["partner"].condition is not None
    assert questions["zufrieden"].options[0].label == yes  # type: ignore[attr-defined]
    notes = {d.source: d.line for d in conversion.plan.dropped}
    assert notes["Partner: min_answers = 1"] == 12
    assert notes["Partner_SQ001: Standardwert „Y“"] == 13
    assert "tabulatorgetrennt" in conversion.plan.kind


def test_a_question_before_any_group_is_refused_with_its_line(tmp_path: Path) -> None:
    text = TXT.read_text("utf-8-sig").splitlines()
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join([text[0], *text[8:]]), "utf-8")
    with pytest.raises(ProblemsError) as caught:
        plan_structure(broken)
    problem = caught.value.problems[0]
    assert problem.line == 2 and "nach einer Gruppe" in problem.message


def test_convert_command_reads_the_tab_separated_export() -> None:
    result = CliRunner().invoke(main, ["convert", "limesurvey", str(TXT)])
    assert result.exit_code == 0, result.output
    assert "LimeSurvey-Struktur (tabulatorgetrennt, .txt)" in result.output
    assert "Partner: min_answers = 1 (Zeile 12)" in result.output
