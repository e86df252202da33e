"""Text questions with categories: the spec, the `<qid>.codes` cells and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.questionnaire.base import CellError
from umfrage.questionnaire.loader import load_questionnaire, parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types.text import TextQuestion
from umfrage.surveyfolder.responses import parse_responses_csv

QUESTIONNAIRE = """\
wave: "2024"
title: Test
sections:
  - id: A
    title: Teil A
    questions:
      - id: hindernisse
        type: text
        text: Was erschwert die digitale Umsetzung?
        categories:
          - {code: zeit, label: Fehlende Zeit}
          - {code: technik, label: Technische Ausstattung}
          - {code: sonstiges, label: Sonstiges}
      - id: wunsch
        type: text
        text: Was wünschen Sie sich?
"""


def questionnaire(text: str = QUESTIONNAIRE) -> Questionnaire:
    data, source = parse_yaml(text, "questionnaire.yaml")
    return parse_questionnaire(data, source)


def coded() -> TextQuestion:
    found = questionnaire().question("hindernisse")
    assert isinstance(found, TextQuestion)
    return found


def test_the_codes_column_exists_only_when_categories_are_declared() -> None:
    q = questionnaire()
    assert q.question("hindernisse").columns() == ["hindernisse", "hindernisse.codes"]
    assert q.question("wunsch").columns() == ["wunsch"]
    assert q.question("hindernisse").answer_keys() == ["hindernisse", "hindernisse.codes"]
    assert q.columns() == ["hindernisse", "hindernisse.codes", "wunsch"]


def test_codes_are_read_in_category_order_whatever_order_they_were_typed_in() -> None:
    cells = {"hindernisse": "Keine Zeit, alte Laptops", "hindernisse.codes": " technik ; zeit;"}
    assert coded().from_cells(cells) == {
        "hindernisse": "Keine Zeit, alte Laptops",
        "hindernisse.codes": ["zeit", "technik"],
    }


def test_an_empty_codes_cell_means_not_coded() -> None:
    assert coded().from_cells({"hindernisse": "Text", "hindernisse.codes": ""}) == {
        "hindernisse": "Text"
    }


def test_codes_are_written_back_in_category_order_and_read_again() -> None:
    q = coded()
    answers = {"hindernisse": "Text", "hindernisse.codes": ["sonstiges", "zeit"]}
    cells = q.to_cells(answers)
    assert cells == {"hindernisse": "Text", "hindernisse.codes": "zeit;sonstiges"}
    assert q.from_cells(cells) == {
        "hindernisse": "Text",
        "hindernisse.codes": ["zeit", "sonstiges"],
    }
    assert q.to_cells({"hindernisse": "Text"}) == {"hindernisse": "Text", "hindernisse.codes": ""}


def test_an_unknown_code_is_a_cell_error_naming_the_codes_column() -> None:
    with pytest.raises(CellError) as caught:
        coded().from_cells({"hindernisse": "Text", "hindernisse.codes": "zeit;geld"})
    assert caught.value.column == "hindernisse.codes"
    assert "„geld“ ist keine Kategorie dieser Frage" in caught.value.message
    assert "zeit, technik, sonstiges" in caught.value.message


def test_a_code_given_twice_in_one_cell_is_a_cell_error() -> None:
    with pytest.raises(CellError) as caught:
        coded().from_cells({"hindernisse": "Text", "hindernisse.codes": "zeit;zeit"})
    assert caught.value.column == "hindernisse.codes"


def test_answers_with_unknown_codes_do_not_validate() -> None:
    q = questionnaire()
    assert q.validate({"hindernisse": "Text", "hindernisse.codes": ["zeit"]}) == {}
    assert q.validate({"hindernisse": "Text", "hindernisse.codes": ["geld"]}) == {
        "hindernisse": ["„geld“ ist keine Kategorie dieser Frage."]
    }


def test_a_wrong_code_in_responses_csv_names_line_and_column() -> None:
    data = (
        b"organisation,submitted_at,status,hindernisse,hindernisse.codes,wunsch\n"
        b",2024-05-10T10:00:00+02:00,complete,Zu wenig Zeit,zeit,\n"
        b",2024-05-10T11:00:00+02:00,complete,Kein Geld,geld,\n"
    )
    with pytest.raises(ProblemsError) as caught:
        parse_responses_csv(data, "responses.csv", questionnaire())
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "„hindernisse.codes“" in str(problem)
    assert "„geld“ ist keine Kategorie dieser Frage" in str(problem)


def test_codes_survive_without_their_text() -> None:
    # Erasing personal data removes the text; the coding of the answer stays readable.
    data = (
        b"organisation,submitted_at,status,hindernisse,hindernisse.codes,wunsch\n"
        b",2024-05-10T10:00:00+02:00,complete,,technik,\n"
    )
    (record,) = parse_responses_csv(data, "responses.csv", questionnaire()).records
    assert record.answers == {"hindernisse.codes": ["technik"]}


def test_duplicate_category_codes_are_reported_like_duplicate_option_codes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(QUESTIONNAIRE.replace("{code: sonstiges,", "{code: zeit,"), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "questionnaire.yaml:13: Frage „hindernisse“: Der Code „zeit“ kommt doppelt vor. "
        "→ Geben Sie jeder Antwort einen eigenen Code."
    ]


def test_a_category_cannot_be_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(
        QUESTIONNAIRE.replace("label: Sonstiges}", "label: Sonstiges, exclusive: true}"),
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1
    assert "„exclusive“ gibt es bei Kategorien einer Textfrage nicht." in messages[0]


CODEBOOK = QUESTIONNAIRE.replace(
    "          - {code: zeit, label: Fehlende Zeit}\n",
    "          - code: zeit\n"
    "            label: Fehlende Zeit\n"
    "            description: Zu wenig Stunden oder Personal für digitale Angebote.\n"
    "            keywords: [Zeit, Stunden, Personal]\n",
).replace(
    "          - {code: technik, label: Technische Ausstattung}\n",
    "          - {code: technik, label: Technische Ausstattung, keywords: [Laptop, Internet]}\n",
)


def test_a_codebook_category_has_a_description_and_keywords() -> None:
    q = questionnaire(CODEBOOK).question("hindernisse")
    assert isinstance(q, TextQuestion)
    zeit, technik, sonstiges = q.categories
    assert zeit.description == "Zu wenig Stunden oder Personal für digitale Angebote."
    assert zeit.keywords == ("Zeit", "Stunden", "Personal")
    assert technik.keywords == ("Laptop", "Internet")
    assert technik.description is None and sonstiges.keywords == ()
    # The codebook adds words for the people who code; the answers and columns stay the same.
    assert q.columns() == ["hindernisse", "hindernisse.codes"]
    assert q.recode_codes() == ["zeit", "technik", "sonstiges"]


def test_a_keyword_may_suggest_only_one_category(tmp_path: Path) -> None:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(CODEBOOK.replace("[Laptop, Internet]", "[Laptop, personal]"), "utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "questionnaire.yaml:15: Frage „hindernisse“: Das Stichwort „personal“ steht schon bei "
        "der Kategorie „zeit“. → Geben Sie jedes Stichwort nur einer Kategorie, sonst ist der "
        "Vorschlag nicht eindeutig."
    ]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        ("[Zeit, Stunden, Personal]", 14, "Ein Stichwort unter „keywords“ ist leer."),
        ("Zu wenig Stunden oder Personal für digitale Angebote.", 13, "„description“ ist leer."),
    ],
)
def test_empty_codebook_entries_are_named_with_their_line(
    tmp_path: Path, change: str, line: int, message: str
) -> None:
    broken = CODEBOOK.replace(change, "[Zeit, '  ']" if change.startswith("[") else "''")
    path = tmp_path / "questionnaire.yaml"
    path.write_text(broken, "utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].line == line and message in problems[0].message


def test_descriptions_and_key_words_can_change_once_answers_exist() -> None:
    from umfrage.questionnaire.changes import structural_changes

    before = questionnaire()
    after = questionnaire(CODEBOOK)
    # They guide the coders only: editing them is a change of wording, not of structure.
    assert structural_changes(before, after) == []
    renamed = questionnaire(QUESTIONNAIRE.replace("{code: sonstiges,", "{code: anderes,"))
    assert structural_changes(before, renamed) != []
