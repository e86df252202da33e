"""Nothing lost silently: what a .lss has and our format cannot say is named in the plan.

The fixture ls6_losses.lss (hand-written, synthetic) has one case of each: min_answers,
default values, question/answer/group randomisation, the position of "other", image-only
labels, texts that are only <script>/<style>, ExpressionScript in texts, and built-in labels
in an English survey.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.importers.limesurvey import Conversion, convert_lss

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def losses() -> Conversion:
    path = FIXTURES / "ls6_losses.lss"
    return convert_lss(path.read_bytes(), path.name)


def dropped(conversion: Conversion) -> dict[str, tuple[int | None, str]]:
    return {d.source: (d.line, d.reason) for d in conversion.plan.dropped}


def options(conversion: Conversion, qid: str) -> list[tuple[str, str]]:
    question = next(q for q in conversion.questionnaire.questions() if q.id == qid)
    return [(o.code, o.label) for o in question.options]  # type: ignore[attr-defined]


def test_unsupported_attributes_are_named_with_question_and_line() -> None:
    found = dropped(losses())
    assert found["Partners: min_answers = 2"][0] == 72
    assert "Mindestzahl" in found["Partners: min_answers = 2"][1]
    assert found["Partners: random_order = 1"][0] == 73
    assert found["Thanks: random_group = rg2"][0] == 77
    assert found["Members: random_group = rg2"][0] == 78


def test_default_values_are_named_with_question_and_line() -> None:
    found = dropped(losses())
    assert found["Happy: Standardwert „Y“"][0] == 83
    assert found["Partners_SQ002: Standardwert „Y“"][0] == 84
    assert "Vorbelegungen" in found["Happy: Standardwert „Y“"][1]


def test_group_randomisation_is_named() -> None:
    found = dropped(losses())
    line, reason = found["Gruppe „Your alliance“: Zufallsgruppe „rg1“"]
    assert line == 28
    assert "Reihenfolge der Gruppen" in reason


def test_the_position_of_other_is_carried_over() -> None:
    conversion = losses()
    assert options(conversion, "partners")[0] == ("sonstiges", "Other")
    assert [code for code, _ in options(conversion, "role")] == ["A1", "A2", "sonstiges", "A3"]


def test_an_unknown_other_position_is_noted_and_other_goes_last() -> None:
    data = (FIXTURES / "ls6_losses.lss").read_bytes().replace(b">A2</value>", b">A9</value>")
    conversion = convert_lss(data, "ls6_losses.lss")
    assert [code for code, _ in options(conversion, "role")][-1] == "sonstiges"
    assert any(d.source.startswith("Role: Position von") for d in conversion.plan.dropped)


def test_image_labels_use_the_alt_text_or_a_noted_placeholder() -> None:
    conversion = losses()
    role = dict(options(conversion, "role"))
    assert role["A1"] == "Volunteer"
    assert role["A2"] == "Image without description (A2)"
    assert dict(options(conversion, "partners"))["SQ003"] == "Local government"
    line, _ = dropped(conversion)[
        "Role: Antwort A2: Antworttext ist nur ein Bild ohne Alternativtext"
    ]
    assert line == 22  # the answer_l10ns row that holds the text


def test_script_and_style_are_stripped_and_noted() -> None:
    conversion = losses()
    questions = {q.id: q for q in conversion.questionnaire.questions()}
    assert questions["members"].text == "How many members does the alliance have?"
    assert questions["tracker"].text == "Tracker"
    found = dropped(conversion)
    assert found["Tracker: <script>/<style> im Fragetext"][0] == 62
    assert "Tracker: Fragetext enthält keinen lesbaren Text" in found
    assert found["Members: <script>/<style> im Fragetext"][0] == 64


def test_expressions_never_reach_respondents_and_are_noted() -> None:
    conversion = losses()
    texts = [q.text for q in conversion.questionnaire.questions()]
    assert not any("{" in text for text in texts)
    assert "NAOK" not in conversion.text and "TOKEN" not in conversion.text
    source = next(
        d for d in conversion.plan.dropped if d.source.startswith("Thanks: ExpressionScript")
    )
    assert "{count(that.Partners.NAOK)}" in source.source
    assert "{TOKEN:FIRSTNAME}" in source.source and "{Q00.NAOK}" in source.source
    assert source.line == 63
    # {SURVEYNAME} is a fixed text: translated, and said so.
    section = conversion.questionnaire.sections[0]
    assert section.intro == "Welcome to Alliance survey 2025 (synthetic test data)."
    assert any("{SURVEYNAME}" in m.source for m in conversion.plan.mapped)


def test_builtin_labels_follow_the_survey_language() -> None:
    conversion = losses()
    assert options(conversion, "happy") == [("Y", "Yes"), ("N", "No")]
    assert options(conversion, "gender") == [("F", "Female"), ("M", "Male")]
    text = conversion.text
    assert "Ja" not in text and "weiblich" not in text and "Sonstiges" not in text


def test_builtin_labels_stay_german_in_german_surveys() -> None:
    path = FIXTURES / "ls6_all_types.lss"
    conversion = convert_lss(path.read_bytes(), path.name)
    # German and English both imported (issue 21): each with its own built-in labels.
    assert "{code: Y, label: {de: Ja, en: Yes}}" in conversion.text
    data = (FIXTURES / "ls6_losses.lss").read_bytes().replace(b">en<", b">de<")
    german = convert_lss(data, "ls6_losses.lss")
    assert options(german, "partners")[0] == ("sonstiges", "Sonstiges")


def test_other_languages_fall_back_to_english_with_a_note() -> None:
    data = (FIXTURES / "ls6_losses.lss").read_bytes().replace(b">en<", b">fr<")
    conversion = convert_lss(data, "ls6_losses.lss")
    assert options(conversion, "happy") == [("Y", "Yes"), ("N", "No")]
    assert any("in „fr“" in d.source for d in conversion.plan.dropped)


@pytest.mark.parametrize("language", ["de", "de-informal"])
def test_german_variants_get_german_labels(language: str) -> None:
    data = (FIXTURES / "ls6_losses.lss").read_bytes().replace(b">en<", f">{language}<".encode())
    conversion = convert_lss(data, "ls6_losses.lss")
    assert options(conversion, "happy") == [("Y", "Ja"), ("N", "Nein")]
    assert options(conversion, "gender") == [("F", "weiblich"), ("M", "männlich")]


def test_the_dry_run_shows_every_loss(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from umfrage.cli import main

    result = CliRunner().invoke(main, ["convert", "limesurvey", str(FIXTURES / "ls6_losses.lss")])
    assert result.exit_code == 0, result.output
    assert "Partners: min_answers = 2 (Zeile 72)" in result.output
    assert "Happy: Standardwert „Y“ (Zeile 83)" in result.output
    assert "Thanks: ExpressionScript im Fragetext" in result.output
