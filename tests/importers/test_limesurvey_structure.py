"""LimeSurvey structure files (.lss) → our questionnaire."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from umfrage.cli import main
from umfrage.importers.limesurvey import (
    Conversion,
    Reference,
    Untranslatable,
    convert_lss,
    plain_text,
    translate_relevance,
)
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.questionnaire.problems import ProblemsError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def convert(name: str, **kwargs: str) -> Conversion:
    return convert_lss((FIXTURES / name).read_bytes(), name, **kwargs)


def types(conversion: Conversion) -> dict[str, str]:
    return {q.id: q.type for q in conversion.questionnaire.questions()}


def dropped_text(conversion: Conversion) -> str:
    return "\n".join(f"{d.source} | {d.line} | {d.reason}" for d in conversion.plan.dropped)


def test_it_maps_every_limesurvey_type_of_the_version_6_layout() -> None:
    conversion = convert("ls6_all_types.lss", wave="2019")
    assert types(conversion) == {
        "bundesland": "single",
        "gruendung": "number",
        "koordination": "single",
        "partner": "multi",
        "socialmedia": "single",
        "geschlecht": "single",
        "zufriedenheit": "single",
        "rechtsform": "single",
        "rechtsform_comment": "text",
        "aktivitaeten": "multi",
        "bewertung": "matrix",
        "wichtigkeit": "matrix",
        "skala10": "matrix",
        "janeinarray": "matrix",
        "entwicklung": "matrix",
        "spalten": "matrix",
        "dual_1": "matrix",
        "dual_2": "matrix",
        "rangfolge": "ranking",
        "anzahl": "number",
        "themen": "text",
        "kommentar": "text",
        "anmerkungen": "text",
        "kanaele": "multi",
        "personen_sq001": "number",
        "personen_sq002": "number",
        "kontakt_sq001": "text",
        "kontakt_sq002": "text",
        "datum": "text",
    }
    q = conversion.questionnaire
    assert [s.title for s in q.sections] == ["Ihr Bündnis", "Zusammenarbeit", "Weitere Typen"]
    assert q.question("bundesland").dropdown is True
    assert q.question("bundesland").required is True
    assert [(o.code, o.label) for o in q.question("bundesland").options] == [
        ("BW", "Baden-Württemberg"),
        ("BY", "Bayern"),
        ("BE", "Berlin"),
    ]
    assert (q.question("gruendung").min, q.question("gruendung").max) == (1990, 2019)
    assert q.question("gruendung").decimals == 0
    assert q.question("zufriedenheit").ordinal is True
    assert q.question("rangfolge").top == 2
    assert q.question("partner").max == 3
    assert q.question("partner").option("SQ003").exclusive is True
    assert q.question("bewertung").item_codes() == ["SQ001", "SQ002"]
    assert q.question("bewertung").codes() == ["A1", "A2", "A3"]
    assert q.question("skala10").codes() == [str(i) for i in range(1, 11)]
    assert q.question("dual_1").codes() == ["A1", "A2"]
    assert q.question("dual_2").codes() == ["B1", "B2"]
    assert q.question("dual_2").text.endswith("(Zufriedenheit)")
    assert q.question("personen_sq002").text == "Wie viele Personen arbeiten mit? – Männer"
    assert q.intro == "Vielen Dank, dass Sie teilnehmen."
    assert q.sections[0].intro == "Angaben zu Ihrem Bündnis"


def test_the_limesurvey_3_layout_gives_the_same_questionnaire() -> None:
    six = convert("ls6_all_types.lss", wave="2019")
    three = convert("ls3_all_types.lss", wave="2019")
    assert three.questionnaire == six.questionnaire
    assert [d.reason for d in three.plan.dropped] == [d.reason for d in six.plan.dropped]


def test_it_takes_german_first_and_the_other_languages_as_translations() -> None:
    conversion = convert("ls6_all_types.lss")
    questionnaire = conversion.questionnaire
    assert questionnaire.respondent_languages() == ("de", "en")
    assert questionnaire.title == "Bündnisumfrage 2019"
    assert questionnaire.title.text_in("en") == "Alliance survey 2019"
    assert questionnaire.question("bundesland").options[1].label.text_in("en") == "Bavaria"
    assert "Sprache „en“" not in dropped_text(conversion)


def test_another_language_can_be_chosen() -> None:
    conversion = convert("ls3_all_types.lss", language="en")
    assert conversion.questionnaire.language == "en"
    assert conversion.questionnaire.question("bundesland").options[1].label == "Bavaria"
    assert conversion.questionnaire.sections[0].title == "Your alliance"


def test_it_refuses_a_language_the_survey_does_not_have() -> None:
    with pytest.raises(ProblemsError) as caught:
        convert("ls6_all_types.lss", language="fr")
    assert "keine Sprache „fr“" in str(caught.value)
    assert "de, en" in str(caught.value)


def test_a_survey_without_german_keeps_its_base_language_and_plain_text() -> None:
    conversion = convert("ls3_english_only.lss")
    q = conversion.questionnaire
    assert q.language == "en"
    assert q.question("q1").text == "Do you like it?"
    assert q.question("q2").text == "Why?\nPlease explain & be brief."
    assert q.question("q2").condition.model_dump(exclude_none=True) == {
        "question": "q1",
        "equals": "A1",
    }


def test_other_options_get_a_code_and_a_free_text_column() -> None:
    q = convert("ls6_all_types.lss").questionnaire
    other = q.question("koordination").other_option()
    assert (other.code, other.label) == ("sonstiges", "Andere, und zwar")
    assert "koordination.other" in q.columns()
    multi = q.question("partner")
    assert multi.other_option().code == "sonstiges"
    assert q.question("partner").columns()[-2:] == ["partner.sonstiges", "partner.other"]


def test_simple_relevance_equations_become_conditions() -> None:
    q = convert("ls6_all_types.lss").questionnaire

    def condition(qid: str) -> object:
        return q.question(qid).condition.model_dump(by_alias=True, exclude_none=True)

    assert condition("bewertung") == {"question": "koordination", "equals": "A1"}
    assert condition("anzahl") == {"question": "koordination", "in": ("A1", "A2")}
    assert condition("themen") == {
        "all": (
            {"question": "partner", "contains": "SQ001"},
            {"question": "anzahl", "gt": 5.0},
        )
    }
    assert condition("anmerkungen") == {"question": "themen", "answered": True}
    assert condition("kanaele") == {"question": "socialmedia", "equals": "Y"}
    assert q.sections[1].condition.model_dump(exclude_none=True) == {
        "question": "bundesland",
        "answered": True,
    }


def test_complex_relevance_equations_are_reported_with_line_and_reason() -> None:
    conversion = convert("ls6_all_types.lss")
    assert conversion.questionnaire.question("kommentar").condition is None
    [entry] = [d for d in conversion.plan.dropped if d.source.startswith("Bedingung von Kommentar")]
    assert entry.source == "Bedingung von Kommentar: sum(Anzahl, 1) > 3"
    assert "Funktion „sum“ wird nicht übersetzt" in entry.reason
    assert "immer gezeigt" in entry.reason
    assert entry.line is not None and entry.line > 1


def test_an_array_filter_on_a_ranking_becomes_among_and_others_are_reported() -> None:
    conversion = convert("ls6_all_types.lss")
    assert conversion.questionnaire.question("rangfolge").among == "partner"
    text = dropped_text(conversion)
    assert "Array-Filter von kanaele nach „Partner“" in text
    assert "Ausschluss-Array-Filter von anmerkungen nach „Partner“" in text


def test_display_equation_and_unmappable_types_are_dropped_with_a_note() -> None:
    text = dropped_text(convert("ls6_all_types.lss"))
    for title, reason in [
        ("Hinweis (Textanzeige)", "Textanzeige ohne Antwort"),
        ("Formel (Gleichung)", "Gleichung"),
        ("Upload (Datei-Upload)", "Datei-Upload"),
        ("ZahlenArray (Array (Zahlen))", "keine Entsprechung"),
        ("TextArray (Array (Texte))", "keine Entsprechung"),
        ("Sprache (Sprachumschaltung)", "keine inhaltliche Frage"),
        ("Aktivitaeten: Kommentare", "Kommentare je Auswahl"),
    ]:
        assert any(line.startswith(title) and reason in line for line in text.splitlines()), title


def test_the_written_questionnaire_passes_umfrage_check(tmp_path: Path) -> None:
    out = tmp_path / "questionnaire.yaml"
    runner = CliRunner()
    result = runner.invoke(
        main, ["convert", "limesurvey", str(FIXTURES / "ls3_all_types.lss"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Nicht übernommen:" in result.output
    assert "Gleichung" in result.output
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert load_questionnaire(out).wave == "2019"


def test_an_unknown_type_code_is_dropped_with_its_element_and_line() -> None:
    conversion = convert("broken_unknown_type.lss")
    [entry] = [d for d in conversion.plan.dropped if "Zukunft" in d.source]
    assert "unbekannter LimeSurvey-Fragetyp „Z“" in entry.reason
    assert "<questions>" in entry.reason
    assert entry.line is not None
    assert not conversion.questionnaire.has_question("zukunft")


def test_a_subquestion_with_a_dangling_parent_id_is_reported() -> None:
    conversion = convert("broken_dangling_parent.lss")
    [entry] = [d for d in conversion.plan.dropped if "SQ009" in d.source]
    assert "9999" in entry.reason and "parent_qid" in entry.reason
    assert entry.line is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken_truncated.lss", "beschädigt oder unvollständig"),
        ("broken_missing_group.lss", "gehört zur Gruppe 77, die es nicht gibt"),
        ("broken_entity_bomb.lss", "Entity- oder DTD-Deklarationen"),
        ("broken_group_export.lsg", "keine LimeSurvey-Umfragestruktur"),
    ],
)
def test_a_broken_file_fails_with_file_line_and_reason(name: str, expected: str) -> None:
    with pytest.raises(ProblemsError) as caught:
        convert(name)
    [problem] = caught.value.problems
    assert problem.file == name
    assert expected in problem.message
    if name != "broken_entity_bomb.lss":
        assert problem.line is not None and problem.line >= 1


def test_a_file_that_is_not_xml_at_all_fails_in_plain_words() -> None:
    with pytest.raises(ProblemsError) as caught:
        convert_lss(b"\x89PNG\r\n\x1a\n\x00\x00", "bild.lss")
    assert "bild.lss" in str(caught.value)
    assert "XML-Datei" in str(caught.value)


def test_the_cli_reports_a_broken_file_on_stderr_with_exit_code_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["convert", "limesurvey", str(FIXTURES / "broken_truncated.lss")]
    )
    assert result.exit_code == 1
    assert "broken_truncated.lss:" in result.stderr
    assert "Traceback" not in result.output


REFS = {
    "Q1": Reference("question", "q1"),
    "N1": Reference("question", "n1"),
    "M1_SQ1": Reference("option", "m1", "SQ1"),
    "A1_SQ1": Reference("item", "a1", "SQ1"),
    "Late": Reference("question", "late"),
}
QUESTIONS = {
    "q1": {"type": "single", "options": [{"code": "A1"}, {"code": "A2"}, {"code": "1"}]},
    "n1": {"type": "number"},
    "m1": {"type": "multi", "options": [{"code": "SQ1"}]},
    "a1": {"type": "matrix"},
    "late": {"type": "text"},
}
EARLIER = {"q1", "n1", "m1", "a1"}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1", None),
        ("", None),
        ('Q1 == "A1"', {"question": "q1", "equals": "A1"}),
        ("Q1.NAOK != 'A2'", {"question": "q1", "not_equals": "A2"}),
        ("Q1 eq 1", {"question": "q1", "equals": "1"}),
        ("N1 >= 10", {"question": "n1", "ge": 10}),
        ("10 < N1", {"question": "n1", "gt": 10}),
        ("N1 le 2.5", {"question": "n1", "le": 2.5}),
        ('M1_SQ1 == "Y"', {"question": "m1", "contains": "SQ1"}),
        ('M1_SQ1 != "Y"', {"not": {"question": "m1", "contains": "SQ1"}}),
        ("is_empty(Q1)", {"question": "q1", "answered": False}),
        ("!is_empty(Q1)", {"question": "q1", "answered": True}),
        ('Q1 == ""', {"question": "q1", "answered": False}),
        (
            '(Q1 == "A1" and N1 > 3) or M1_SQ1 == "Y"',
            {
                "any": [
                    {"all": [{"question": "q1", "equals": "A1"}, {"question": "n1", "gt": 3}]},
                    {"question": "m1", "contains": "SQ1"},
                ]
            },
        ),
        ('not (Q1 == "A1")', {"not": {"question": "q1", "equals": "A1"}}),
        ('{Q1 == "A1" || Q1 == "A2"}', {"question": "q1", "in": ["A1", "A2"]}),
        ('Q1 == "\\A1"', {"question": "q1", "equals": "A1"}),
    ],
)
def test_relevance_translation(expression: str, expected: object) -> None:
    assert translate_relevance(expression, REFS, QUESTIONS, EARLIER) == expected


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("sum(N1, 2) > 3", "Funktion „sum“"),
        ("Q1 == N1", "Vergleich zweier Fragen"),
        ('Q1 == "ZZ"', "kein Antwortcode"),
        ('Q1 == "Ä\\x"', "„Äx“ ist kein Antwortcode"),
        ('Late == "x"', "steht nicht vor dieser Frage"),
        ('Unknown == "x"', "keine übernommene Frage"),
        ('A1_SQ1 == "A1"', "Matrixzeile"),
        ("Q1.shown == 'Verein'", "Eigenschaft shown"),
        ("N1 + 1 > 3", "Zeichen „+“"),
        ("Q1 > 2", "Größenvergleich"),
        ('(Q1 == "A1"', "unvollständiger Ausdruck"),
        ("0", "kein Vergleich"),
    ],
)
def test_untranslatable_relevance_names_the_reason(expression: str, reason: str) -> None:
    with pytest.raises(Untranslatable) as caught:
        translate_relevance(expression, REFS, QUESTIONS, EARLIER)
    assert reason in str(caught.value)


def test_html_texts_become_plain_text() -> None:
    assert plain_text("<p>Eins&nbsp;&amp; zwei</p><p>Drei<br />vier</p>") == (
        "Eins & zwei\n\nDrei\nvier"
    )
    assert plain_text("<script>alert(1)</script>Text") == "Text"


def test_a_condition_on_a_single_row_is_reported() -> None:
    for name in ("ls6_all_types.lss", "ls3_all_types.lss"):
        text = dropped_text(convert(name))
        assert "Bedingung der Teilfrage Kanaele_SQ001: Anzahl > 2" in text


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.iterdir() if p.suffix in (".lss", ".lsg")),
    ids=lambda p: p.name,
)
def test_every_fixture_converts_and_passes_the_checks_or_fails_naming_file_and_place(
    path: Path, tmp_path: Path
) -> None:
    try:
        conversion = convert_lss(path.read_bytes(), path.name)
    except ProblemsError as exc:
        for problem in exc.problems:
            assert problem.file == path.name
            assert problem.line is not None or "DTD" in problem.message
            assert problem.message and problem.fix
        return
    out = tmp_path / "questionnaire.yaml"
    out.write_text(conversion.text, encoding="utf-8")
    assert load_questionnaire(out) == conversion.questionnaire
    for entry in conversion.plan.dropped:
        assert entry.reason
        assert entry.line is not None or entry.source.startswith("Sprache")


def test_a_survey_with_nothing_to_take_over_says_why_for_each_question() -> None:
    data = (FIXTURES / "broken_unknown_type.lss").read_bytes()
    only_unknown = data.replace(b"<type><![CDATA[!]]></type>", b"<type><![CDATA[X]]></type>")
    only_unknown = only_unknown.replace(
        b"<type><![CDATA[N]]></type>", b"<type><![CDATA[*]]></type>"
    )
    only_unknown = only_unknown.replace(
        b"<type><![CDATA[L]]></type>", b"<type><![CDATA[|]]></type>"
    )
    with pytest.raises(ProblemsError) as caught:
        convert_lss(only_unknown, "leer.lss")
    messages = [p.message for p in caught.value.problems]
    assert "Die Umfrage enthält keine Frage, die sich übernehmen lässt." in messages
    assert any("Zukunft" in m and "unbekannter LimeSurvey-Fragetyp" in m for m in messages)
    assert any("Gleichung" in m for m in messages)
    assert all(p.line is not None for p in caught.value.problems if p.message.startswith("Nicht"))


def test_the_committed_fixtures_are_what_the_generator_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.fixtures().items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, name


def test_every_language_umfrage_offers_is_imported_and_the_rest_is_named() -> None:
    """A synthetic survey in German, English, Leichte Sprache ("de-easy"), Arabic and French."""
    conversion = convert("ls6_multilingual_synthetic.lss")
    questionnaire = conversion.questionnaire
    assert questionnaire.respondent_languages() == ("de", "en", "de-x-ls", "ar")
    question = questionnaire.question("koordination")
    assert question.text == "Wer koordiniert Ihr Bündnis?"
    assert question.text.text_in("de-x-ls") == "Wer leitet Ihr Bündnis?"
    assert question.text.text_in("ar") == "من ينسق تحالفكم؟"
    assert [o.label.text_in("en") for o in question.options] == ["Association", "Local authority"]
    assert questionnaire.sections[0].title.text_in("ar") == "تحالفكم (بيانات اصطناعية)"
    assert questionnaire.in_language("ar").columns() == questionnaire.columns()
    text = dropped_text(conversion)
    assert "Sprache „fr“ | None | Umfrage bietet diese Sprache nicht an" in text
    assert "Sprache „en“" not in text and "Sprache „ar“" not in text


def test_a_chosen_language_imports_that_language_alone() -> None:
    conversion = convert("ls6_multilingual_synthetic.lss", language="ar")
    assert conversion.questionnaire.respondent_languages() == ("ar",)
    assert conversion.questionnaire.question("koordination").text == "من ينسق تحالفكم؟"
