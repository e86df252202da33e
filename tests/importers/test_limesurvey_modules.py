"""Each part of the LimeSurvey importer on its own: type table, expressions, XML reader, archive,
the question builder and the conversion (on a model built by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.importers.limesurvey.archive import sgqa_aliases
from umfrage.importers.limesurvey.convert import convert_survey
from umfrage.importers.limesurvey.expressions import clean_text, find_expressions
from umfrage.importers.limesurvey.questions import QuestionBuilder
from umfrage.importers.limesurvey.typemap import (
    FIXED_OPTIONS,
    TYPE_NAMES,
    TYPES,
    builtin_label,
    fixed_answers,
    label_language,
)
from umfrage.importers.limesurvey.types import MODULES, module_for
from umfrage.importers.limesurvey.types.base import no_parts
from umfrage.importers.limesurvey.xmlread import LsAnswer, LsGroup, LsQuestion, LsSurvey, read_lss

FIXTURES = Path(__file__).resolve().parent / "fixtures"


# typemap ------------------------------------------------------------------------------------


def test_every_type_has_a_known_kind_and_drops_have_reasons() -> None:
    kinds = {"single", "multi", "matrix", "ranking", "number", "text", "split", "drop"}
    assert {info.kind for info in TYPES.values()} <= kinds
    assert all(info.reason for info in TYPES.values() if info.kind == "drop")
    assert set(TYPE_NAMES) == set(TYPES)


def test_every_kind_of_the_type_table_has_a_limesurvey_type_module() -> None:
    kinds = {info.kind for info in TYPES.values()} - {"drop"}
    assert kinds == set(MODULES)
    for info in TYPES.values():
        if info.split:
            assert MODULES[info.kind].build_part is not no_parts, info


def test_an_unknown_type_has_no_limesurvey_module_and_is_named() -> None:
    with pytest.raises(KeyError, match="quiz"):
        module_for("quiz")


def test_a_type_nothing_is_split_into_refuses_parts() -> None:
    builder = QuestionBuilder(hand_model(), "en")
    question = LsQuestion(20, 0, 1, "K", "K1", False, False, 2, 0, "", 8)
    with pytest.raises(ValueError, match="„K“"):
        MODULES["single"].build_part(builder, question, "k1", {"text": "Frage"})


@pytest.mark.parametrize(
    ("language", "table"),
    [("de", "de"), ("de-informal", "de"), ("en", "en"), ("en_GB", "en"), ("fr", None)],
)
def test_label_language(language: str, table: str | None) -> None:
    assert label_language(language) == table


def test_fixed_answers_in_the_survey_language_and_english_fallback() -> None:
    assert fixed_answers(FIXED_OPTIONS, "Y", "de") == [("Y", "Ja"), ("N", "Nein")]
    assert fixed_answers(FIXED_OPTIONS, "G", "fr") == [("F", "Female"), ("M", "Male")]
    assert fixed_answers(FIXED_OPTIONS, "5", "en")[0] == ("1", "1")
    assert fixed_answers(FIXED_OPTIONS, "L", "en") == []
    assert builtin_label("de", "comment_on", text="Frage") == "Kommentar zu: Frage"


# expressions ---------------------------------------------------------------------------------


def test_find_expressions_skips_braces_with_spaces_and_handles_nesting() -> None:
    text = 'a {Q1.NAOK} b { not one } c {if(Q2=="}",{Q3},"x")} d'
    spans = [text[s:e] for s, e in find_expressions(text)]
    assert spans == ["{Q1.NAOK}", '{if(Q2=="}",{Q3},"x")}']


def test_clean_text_reports_what_it_removed() -> None:
    cleaned = clean_text(
        '<p>Hallo {TOKEN:FIRSTNAME},</p><script>var a = {b: 1};</script><img src="x.png" alt="Logo">'
        " willkommen bei {SURVEYNAME}",
        {"SURVEYNAME": "Bündnisumfrage"},
    )
    assert cleaned.text == "Hallo ,\n\nLogo willkommen bei Bündnisumfrage"
    assert cleaned.expressions == ["{TOKEN:FIRSTNAME}"]
    assert cleaned.translated == [("{SURVEYNAME}", "Bündnisumfrage")]
    assert cleaned.scripts == 1 and cleaned.images == 1 and cleaned.images_without_alt == 0


def test_clean_text_knows_when_nothing_readable_is_left() -> None:
    assert clean_text("<style>p { color: red }</style>").only_markup
    assert clean_text('<img src="a.png">').only_markup
    assert clean_text('<img src="a.png">').images_without_alt == 1
    assert not clean_text("").only_markup


# xmlread -------------------------------------------------------------------------------------


def test_the_reader_keeps_attribute_lines_defaults_and_group_randomisation() -> None:
    survey = read_lss((FIXTURES / "ls6_losses.lss").read_bytes(), "ls6_losses.lss")
    assert survey.sid == "900001"
    assert survey.attributes[50]["min_answers"] == "2"
    assert survey.attribute_lines[50]["min_answers"] == 72
    assert {(d.qid, d.sqid, d.values["en"], d.line) for d in survey.defaults} == {
        (52, 0, "Y", 83),
        (50, 61, "Y", 84),
    }
    assert survey.groups[1].randomization == "rg1"
    assert survey.questions[54].text_lines["en"] == 62


def test_the_reader_reads_inline_default_values_of_limesurvey_3() -> None:
    data = (
        (FIXTURES / "ls3_all_types.lss")
        .read_bytes()
        .replace(
            b"</document>",
            b"<defaultvalues><rows><row><qid>104</qid><scale_id>0</scale_id><sqid>0</sqid>"
            b"<language>de</language><specialtype></specialtype><defaultvalue>Y</defaultvalue>"
            b"</row></rows></defaultvalues></document>",
        )
    )
    survey = read_lss(data, "ls3.lss")
    assert [(d.qid, d.values) for d in survey.defaults] == [(104, {"de": "Y"})]


# archive -------------------------------------------------------------------------------------


def test_sgqa_aliases_name_every_column_form() -> None:
    survey = read_lss((FIXTURES / "ls6_losses.lss").read_bytes(), "ls6_losses.lss")
    aliases = sgqa_aliases(survey, survey.sid)
    assert aliases["900001X1X50SQ002"] == "Partners[SQ002]"
    assert aliases["900001X1X50other"] == "Partners[other]"
    assert aliases["900001X1X51"] == "Role"
    assert aliases["900001X2X56"] == "Members"


# questions and convert, on a model built by hand (no file) -----------------------------------


def hand_model(language: str = "en") -> LsSurvey:
    group = LsGroup(1, 1, "", 3, texts={language: ("Group", "")})
    question = LsQuestion(10, 0, 1, "L", "Q1", True, False, 1, 0, "", 5)
    question.texts[language] = ("Pick one {TOKEN:FIRSTNAME}", "")
    answers = [
        LsAnswer(10, "A1", 1, 0, 6, texts={language: "One"}),
        LsAnswer(10, "A2", 2, 0, 7, texts={language: "Two"}),
    ]
    return LsSurvey(
        "hand.lss",
        [language],
        language,
        False,
        {1: group},
        {10: question},
        answers,
        {10: {"other_position": "beginning", "min_answers": "1"}},
        {},
        {language: "Hand-built survey 2020 (synthetic)"},
        {},
        [],
        [],
        attribute_lines={10: {"min_answers": 9}},
    )


def test_the_question_builder_works_on_one_question() -> None:
    model = hand_model()
    builder = QuestionBuilder(model, "en")
    [question] = builder.convert(model.questions[10])
    assert question["text"] == "Pick one"
    assert [o["code"] for o in question["options"]] == ["sonstiges", "A1", "A2"]
    assert question["options"][0]["label"] == "Other"
    sources = {d.source: d.line for d in builder.dropped}
    assert sources["Q1: min_answers = 1"] == 9
    assert builder.references["Q1"].qid == "q1"


def test_convert_survey_takes_a_model_from_any_reader() -> None:
    conversion = convert_survey(hand_model("de"), survey="s")
    assert conversion.plan.wave == "2020"
    [question] = conversion.questionnaire.questions()
    assert question.options[0].label == "Sonstiges"  # type: ignore[attr-defined]
