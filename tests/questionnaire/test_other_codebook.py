"""A codebook for the "other" (Sonstiges) texts of a choice question: the YAML shape under the
``other: true`` option, ``<qid>.other.codes`` cells, and `umfrage check`'s errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from umfrage.questionnaire.base import CellError
from umfrage.questionnaire.loader import load_questionnaire, parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire

QUESTIONNAIRE = """\
wave: "2024"
title: Test
sections:
  - id: A
    title: Teil A
    questions:
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        options:
          - {code: insta, label: Instagram}
          - {code: facebook, label: Facebook}
          - code: sonstige
            label: Sonstige
            other: true
            categories:
              - {code: insta, label: Instagram, option: insta}
              - {code: mastodon, label: Mastodon und Bluesky, keywords: [Mastodon, Bluesky]}
      - id: traeger
        type: single
        text: Träger?
        options:
          - {code: verein, label: Verein}
          - code: andere
            label: Andere
            other: true
            categories:
              - {code: kirche, label: Kirchengemeinde}
              - {code: verein, label: Verein, option: verein}
"""


def questionnaire(text: str = QUESTIONNAIRE) -> Questionnaire:
    data, source = parse_yaml(text, "questionnaire.yaml")
    return parse_questionnaire(data, source)


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_questionnaire(path, display="questionnaire.yaml")
    return [str(p) for p in caught.value.problems]


def test_the_other_codes_have_their_own_column_after_the_other_text() -> None:
    q = questionnaire()
    multi, single = q.question("kanaele"), q.question("traeger")
    assert multi.columns() == [
        "kanaele.insta",
        "kanaele.facebook",
        "kanaele.sonstige",
        "kanaele.other",
        "kanaele.other.codes",
    ]
    assert single.columns() == ["traeger", "traeger.other", "traeger.other.codes"]
    assert multi.coding() == ("kanaele.other.codes", ["insta", "mastodon"])
    assert multi.coded_text_key() == "kanaele.other"
    assert [c.option for c in multi.codebook()] == ["insta", None]


def test_other_codes_are_read_and_written_in_codebook_order() -> None:
    multi = questionnaire().question("kanaele")
    cells = {
        "kanaele.insta": "0",
        "kanaele.facebook": "0",
        "kanaele.sonstige": "1",
        "kanaele.other": "Insta und Mastodon",
        "kanaele.other.codes": "mastodon; insta",
    }
    answers = multi.from_cells(cells)
    assert answers == {
        "kanaele": ["sonstige"],
        "kanaele.other": "Insta und Mastodon",
        "kanaele.other.codes": ["insta", "mastodon"],
    }
    assert multi.to_cells(answers)["kanaele.other.codes"] == "insta;mastodon"
    with pytest.raises(CellError) as caught:
        multi.from_cells({**cells, "kanaele.other.codes": "tiktok"})
    assert caught.value.column == "kanaele.other.codes"
    assert "„tiktok“ ist keine Kategorie dieser Frage" in caught.value.message


def test_answers_with_unknown_other_codes_do_not_validate() -> None:
    q = questionnaire()
    good = {"traeger": "andere", "traeger.other": "Pfarrei", "traeger.other.codes": ["kirche"]}
    assert q.validate(good) == {}
    assert q.validate({**good, "traeger.other.codes": ["bund"]}) == {
        "traeger": ["„bund“ ist keine Kategorie dieser Frage."]
    }


def test_an_option_that_is_not_the_other_option_has_no_codebook(tmp_path: Path) -> None:
    text = QUESTIONNAIRE.replace(
        "          - {code: facebook, label: Facebook}\n",
        "          - {code: facebook, label: Facebook, categories: [{code: a, label: A}]}\n",
    )
    assert problems(tmp_path, text) == [
        "questionnaire.yaml:12: Frage „kanaele“: Kategorien („categories“) gibt es nur bei der "
        "Antwort mit „other: true“ einer Frage vom Typ single oder multi. → Setzen Sie das "
        "Kategoriensystem unter die Antwort „Sonstiges“ mit other: true."
    ]


def test_a_category_naming_an_unknown_or_the_other_option_is_an_error_with_its_line(
    tmp_path: Path,
) -> None:
    unknown = QUESTIONNAIRE.replace("option: insta}", "option: tiktok}")
    assert problems(tmp_path, unknown) == [
        "questionnaire.yaml:17: Frage „kanaele“: „tiktok“ ist keine Antwort dieser Frage "
        "(erlaubt: insta, facebook). → Nennen Sie den Code einer Antwort, die man selbst wählen "
        "kann, oder entfernen Sie „option“."
    ]
    itself = QUESTIONNAIRE.replace("option: insta}", "option: sonstige}")
    assert "„sonstige“ ist keine Antwort dieser Frage" in problems(tmp_path, itself)[0]


def test_one_option_belongs_to_one_category_and_codes_are_unique(tmp_path: Path) -> None:
    twice = QUESTIONNAIRE.replace(
        "{code: mastodon, label: Mastodon und Bluesky,",
        "{code: mastodon, label: Mastodon und Bluesky, option: insta,",
    )
    assert problems(tmp_path, twice) == [
        "questionnaire.yaml:18: Frage „kanaele“: Die Antwort „insta“ gehört schon zur Kategorie "
        "„insta“. → Nennen Sie jede Antwort bei höchstens einer Kategorie."
    ]
    same_code = QUESTIONNAIRE.replace("{code: mastodon,", "{code: insta,")
    assert "Der Code „insta“ kommt doppelt vor." in problems(tmp_path, same_code)[0]
    assert problems(tmp_path, same_code)[0].startswith("questionnaire.yaml:18:")


def test_option_is_only_for_other_codebooks_and_keywords_stay_unique(tmp_path: Path) -> None:
    text = (
        QUESTIONNAIRE
        + """\
      - id: hindernisse
        type: text
        text: Was erschwert es?
        categories:
          - {code: zeit, label: Zeit, option: verein}
"""
    )
    assert problems(tmp_path, text) == [
        "questionnaire.yaml:34: Frage „hindernisse“: „option“ gibt es nur im Kategoriensystem "
        "der Sonstiges-Texte einer Auswahlfrage. → Entfernen Sie „option“."
    ]
    keywords = QUESTIONNAIRE.replace(
        "{code: insta, label: Instagram, option: insta}",
        "{code: insta, label: Instagram, option: insta, keywords: [bluesky]}",
    )
    assert (
        "Das Stichwort „Bluesky“ steht schon bei der Kategorie „insta“."
        in (problems(tmp_path, keywords)[0])
    )
