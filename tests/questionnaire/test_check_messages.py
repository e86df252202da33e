"""Each defect `umfrage check` finds, on a broken file, with the exact message it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.questionnaire.loader import load_questionnaire
from umfrage.questionnaire.problems import ProblemsError

HEAD = """\
wave: "2024"
title: Test
sections:
  - id: A
    title: Teil A
    questions:
"""

SOCIAL = """\
      - id: social_media
        type: single
        text: Hat Ihr Bündnis einen Social-Media-Kanal?
        options:
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    return [str(p) for p in caught.value.problems]


def test_it_names_the_line_of_unreadable_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "      - id: x\n        text: [unclosed\n")
    assert check(path) == [
        "questionnaire.yaml:9: Kein gültiges YAML: Die Datei ist hier nicht richtig aufgebaut "
        "(expected ',' or ']', but got '<stream end>'). "
        "→ Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen in dieser Zeile und der darüber."
    ]


def test_it_reports_a_file_that_is_not_a_questionnaire(tmp_path: Path) -> None:
    path = write(tmp_path, "- nur\n- eine Liste\n")
    assert check(path) == [
        "questionnaire.yaml:1: Die Datei enthält keinen Fragebogen. → Beginnen Sie mit „wave:“, "
        "„title:“ und „sections:“ (siehe docs/questionnaire-format.md)."
    ]


def test_it_reports_a_duplicate_question_id(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + SOCIAL + SOCIAL)
    assert check(path) == [
        "questionnaire.yaml:13: Frage „social_media“: Diese Frage-id kommt doppelt vor. → Geben Sie "
        "jeder Frage eine eigene id; ids bleiben über alle Wellen gleich."
    ]


def test_it_reports_a_duplicate_option_code(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + SOCIAL + "          - {code: ja, label: Doch}\n")
    assert check(path) == [
        "questionnaire.yaml:13: Frage „social_media“: Der Code „ja“ kommt doppelt vor. → Geben Sie "
        "jeder Antwort einen eigenen Code."
    ]


def test_it_reports_a_condition_on_an_unknown_question(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + """\
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        if: {question: social_medja, equals: ja}
        options: [{code: instagram, label: Instagram}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:16: Frage „kanaele“: Die Bedingung nennt die unbekannte Frage "
        "„social_medja“. → Prüfen Sie die id; sie muss einer früheren Frage gehören."
    ]


def test_it_reports_a_condition_on_an_unknown_code(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + """\
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        if: {question: social_media, equals: yes_}
        options: [{code: instagram, label: Instagram}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:16: Frage „kanaele“: Die Bedingung nennt den Code „yes_“, den "
        "„social_media“ nicht hat. → Verwenden Sie einen der Codes: ja, nein."
    ]


def test_it_reports_a_forward_condition(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        if: {question: social_media, equals: ja}
        options: [{code: instagram, label: Instagram}]
"""
        + SOCIAL,
    )
    assert check(path) == [
        "questionnaire.yaml:10: Frage „kanaele“: Die Bedingung nennt „social_media“, die erst "
        "später kommt. → Eine Bedingung kann nur Fragen prüfen, die vorher beantwortet werden; "
        "verschieben Sie eine der Fragen."
    ]


def test_it_reports_a_circular_condition(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
      - id: social_media
        type: single
        text: Kanal?
        if: {not: {question: social_media, equals: nein}}
        options: [{code: ja, label: Ja}, {code: nein, label: Nein}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:10: Frage „social_media“: Die Bedingung bezieht sich auf die Frage "
        "selbst (Zirkelbezug). → Eine Bedingung kann nur frühere Fragen prüfen."
    ]


def test_it_reports_a_max_larger_than_the_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
      - id: prioritaeten
        type: multi
        text: Prioritäten?
        max: 3
        options: [{code: a, label: A}, {code: b, label: B}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:10: Frage „prioritaeten“: max ist 3, es gibt aber nur 2 Antworten. → "
        "Setzen Sie max auf höchstens 2 oder lassen Sie max weg."
    ]


def test_it_reports_a_ranking_among_a_question_that_is_not_multi(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + """\
      - id: wichtigste
        type: ranking
        text: Rangfolge?
        top: 1
        among: social_media
        options: [{code: ja, label: Ja}, {code: nein, label: Nein}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:17: Frage „wichtigste“: „among“ nennt „social_media“, das ist aber "
        "keine Mehrfachauswahl (multi), sondern single. → Eine Rangfolge kann nur unter den "
        "Antworten einer multi-Frage gebildet werden."
    ]


def test_it_reports_a_recode_of_a_code_the_question_does_not_have(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + """\
        compare:
          - wave: "2023"
            recode: {planung: nein}
""",
    )
    assert check(path) == [
        "questionnaire.yaml:15: Frage „social_media“: Die Umcodierung nennt den Code „planung“, den "
        "diese Frage nicht hat. → Verwenden Sie einen der Codes: ja, nein."
    ]


def test_it_reports_an_unknown_question_type(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + SOCIAL.replace("type: single", "type: singel"))
    assert check(path) == [
        "questionnaire.yaml:7: Frage „social_media“: Unbekannter Fragetyp „singel“. → Erlaubt sind: "
        "single, multi, ranking, matrix, number, text."
    ]


def test_it_reports_a_misspelt_key_with_the_allowed_ones(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + SOCIAL + "        requird: true\n")
    assert check(path) == [
        "questionnaire.yaml:13: Frage „social_media“: Die Angabe „requird“ ist hier unbekannt. → "
        "Prüfen Sie die Schreibweise; erlaubt sind: id, text, help, required, if, compare, "
        "options, type, ordinal, dropdown, other_max_length."
    ]


def test_it_reports_a_missing_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + SOCIAL.replace("        text: Hat Ihr Bündnis einen Social-Media-Kanal?\n", ""),
    )
    assert check(path) == [
        "questionnaire.yaml:7: Frage „social_media“: Die Angabe „text“ fehlt. → Ergänzen Sie „text: …“."
    ]


def test_it_reports_an_inverted_number_range(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + "      - {id: gruendungsjahr, type: number, text: Gründungsjahr?, min: 2024, max: 1990}\n",
    )
    assert check(path) == [
        "questionnaire.yaml:7: Frage „gruendungsjahr“: min (2024) ist größer als max (1990). → "
        "Tauschen Sie die beiden Werte oder korrigieren Sie einen davon."
    ]


def test_it_reports_contains_on_a_single_choice(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + "      - {id: warum, type: text, text: Warum?, if: {question: social_media, contains: ja}}\n",
    )
    assert check(path) == [
        "questionnaire.yaml:13: Frage „warum“: „contains“ passt nur zu Mehrfachauswahl, "
        "„social_media“ ist single. → Verwenden Sie equals oder in."
    ]


def test_it_lists_every_problem_not_just_the_first(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + SOCIAL
        + SOCIAL.replace("social_media", "zweite").replace("{code: nein", "{code: ja")
        + "      - {id: dritte, type: text, text: x, if: {question: nirgends, answered: true}}\n",
    )
    problems = check(path)
    assert len(problems) == 2
    assert "„zweite“: Der Code „ja“ kommt doppelt vor" in problems[0]
    assert "„dritte“: Die Bedingung nennt die unbekannte Frage „nirgends“" in problems[1]


def test_the_code_other_is_reserved_for_the_free_text_column_of_a_multi(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        options: [{code: instagram, label: Instagram}, {code: other, label: Andere, other: true}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:10: Frage „kanaele“: Der Code „other“ ist reserviert: die Spalte "
        "„kanaele.other“ hält den Freitext. → Verwenden Sie einen anderen Code, z. B. „sonstiges“."
    ]


def test_it_reports_a_length_limit_out_of_range(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
      - id: kanaele
        type: multi
        text: Kanäle?
        other_max_length: 0
        options: [{code: a, label: A}, {code: s, label: Sonstige, other: true}]
""",
    )
    assert check(path) == [
        "questionnaire.yaml:10: Frage „kanaele“: „other_max_length“ ist zu klein (0). → "
        "Der Wert muss mindestens 1 sein."
    ]
