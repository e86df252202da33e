"""Languages in one questionnaire file (issue 21): text mappings, the accessor, the checks."""

from __future__ import annotations

import pytest

from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.questionnaire.problems import ProblemsError

HEADER = """\
wave: w1
title: {de: Umfrage, en: Survey, de-x-ls: Eine Umfrage}
languages: [de, en, de-x-ls]
sections:
  - id: a
    title: {de: Teil A, en: Part A, de-x-ls: Teil A}
    questions:
"""

COMPLETE = (
    HEADER
    + """\
      - id: q1
        type: single
        text: {de: Gibt es das?, en: Does it exist?, de-x-ls: Gibt es das?}
        help: {de: Eine Antwort., en: One answer., de-x-ls: Bitte wählen Sie eine Antwort.}
        options:
          - {code: 1, label: {de: Ja, en: "Yes", de-x-ls: Ja}}
          - code: 2
            other: true
            label: {de: "Sonstiges, und zwar", en: "Other, namely", de-x-ls: Etwas anderes}
      - id: m
        type: matrix
        text: {de: Wie gut?, en: How good?, de-x-ls: Wie gut ist das?}
        items:
          - {code: x, label: {de: Räume, en: Rooms, de-x-ls: Räume}}
        scale:
          - {code: 1, label: {de: gut, en: good, de-x-ls: gut}}
          - {code: 2, label: {de: schlecht, en: bad, de-x-ls: schlecht}}
      - id: n
        type: number
        text: {de: Wie viele?, en: How many?, de-x-ls: Wie viele?}
        unit: {de: Personen, en: people, de-x-ls: Menschen}
      - id: t
        type: text
        text: {de: Was noch?, en: Anything else?, de-x-ls: Möchten Sie noch etwas sagen?}
        categories:
          - {code: k1, label: Kategorie nur für die Auswertung}
"""
)


def test_german_stays_where_code_reads_it_and_translations_come_by_accessor() -> None:
    q = questionnaire_from_text(COMPLETE, "f.yaml")
    single = q.question("q1")
    assert q.title == "Umfrage" and single.text == "Gibt es das?"
    assert single.options[1].label == "Sonstiges, und zwar"
    assert single.text.text_in("en") == "Does it exist?"
    assert single.options[1].label.text_in("de-x-ls") == "Etwas anderes"
    assert q.respondent_languages() == ("de", "en", "de-x-ls")


def test_in_language_changes_texts_only() -> None:
    q = questionnaire_from_text(COMPLETE, "f.yaml")
    english = q.in_language("en")
    assert english.title == "Survey"
    assert english.sections[0].title == "Part A"
    assert english.question("m").items[0].label == "Rooms"
    assert english.question("m").scale[1].label == "bad"
    assert english.question("n").unit == "people"
    assert english.question("q1").help == "One answer."
    assert english.columns() == q.columns()
    assert [o.code for o in english.question("q1").options] == ["1", "2"]
    answers = {"q1": "2", "q1.other": "x", "m": {"x": "1"}, "n": 3}
    assert english.clean(answers) == q.clean(answers)
    assert english.validate(answers) == q.validate(answers) == {}
    # The German questionnaire itself is untouched, and asking twice gives the same object.
    assert q.title == "Umfrage" and q.in_language("en") is english
    assert q.in_language("de") is q and q.in_language("ru") is q


def test_plain_german_file_keeps_working() -> None:
    q = questionnaire_from_text(
        "wave: w\ntitle: T\nlanguage: de\nsections:\n  - id: a\n    title: A\n    questions:\n"
        "      - {id: q, type: text, text: Frage}\n",
        "f.yaml",
    )
    assert q.respondent_languages() == ("de",)
    assert q.question("q").text.text_in("en") == "Frage"


def _problems(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        questionnaire_from_text(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_missing_and_extra_translations_are_named_with_file_and_line() -> None:
    text = (
        HEADER
        + """\
      - id: q1
        type: single
        text: {de: Frage, en: Question, de-x-ls: Frage, fr: Question}
        options:
          - {code: 1, label: {de: Ja, de-x-ls: Ja}}
          - {code: 2, label: Nein}
"""
    )
    problems = _problems(text)
    assert (
        "f.yaml:10: Frage „q1“: Der Text „text“ hat eine Fassung in „fr“, diese Sprache steht "
        "aber nicht unter „languages“ (de, en, de-x-ls). → Ergänzen Sie „fr“ unter „languages“ "
        "oder entfernen Sie diese Fassung." in problems
    )
    assert any(
        p.startswith("f.yaml:12: Frage „q1“: Der Text „label“ hat keine Fassung in Englisch (en).")
        for p in problems
    )
    line13 = [p for p in problems if p.startswith("f.yaml:13:")]
    assert len(line13) == 2  # a plain string is German only: English and Leichte Sprache missing
    assert len(problems) == 4


def test_translation_of_an_undeclared_language_in_a_german_only_file() -> None:
    problems = _problems(
        "wave: w\ntitle: {de: T, en: T}\nsections:\n  - id: a\n    title: A\n    questions:\n"
        "      - {id: q, type: text, text: Frage}\n"
    )
    assert problems == [
        "f.yaml:2: Der Text „title“ hat eine Fassung in Englisch (en), diese Sprache steht aber "
        "nicht unter „languages“ (de). → Ergänzen Sie „en“ unter „languages“ oder entfernen Sie "
        "diese Fassung."
    ]


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        ("[de, xx]", "f.yaml:3: „xx“ ist keine Sprache, die Umfrage kennt."),
        ("[de, de]", "f.yaml:3: Die Sprache Deutsch (de) ist doppelt genannt."),
        ("[en, de]", "f.yaml:3: Die erste Sprache unter „languages“ muss Deutsch (de) sein"),
    ],
)
def test_declared_languages_are_checked(languages: str, expected: str) -> None:
    problems = _problems(
        f"wave: w\ntitle: T\nlanguages: {languages}\nsections:\n  - id: a\n    title: A\n"
        "    questions:\n      - {id: q, type: text, text: Frage}\n"
    )
    assert any(p.startswith(expected) for p in problems), problems


def test_empty_translation_is_refused() -> None:
    problems = _problems(
        "wave: w\ntitle: {de: T, en: ''}\nlanguages: [de, en]\nsections:\n  - id: a\n"
        "    title: {de: A, en: A}\n    questions:\n      - {id: q, type: text, text: {de: F, en: Q}}\n"
    )
    assert problems == ["f.yaml:2: „title“ ist leer. → Tragen Sie einen Text ein."]
