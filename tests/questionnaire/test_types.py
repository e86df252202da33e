"""Question types: answers validated in the respondent's words, CSV cells read and written losslessly."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umfrage.questionnaire.base import CellError
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)

OPTIONS = [{"code": c, "label": c.title()} for c in ("a", "b", "c", "d")]

SINGLE = SingleQuestion.model_validate(
    {
        "id": "s",
        "type": "single",
        "text": "S?",
        "options": [*OPTIONS, {"code": "x", "label": "Andere", "other": True}],
    }
)
MULTI = MultiQuestion.model_validate(
    {
        "id": "m",
        "type": "multi",
        "text": "M?",
        "max": 3,
        "options": [*OPTIONS, {"code": "keine", "label": "Keine", "exclusive": True}],
    }
)
RANKING = RankingQuestion.model_validate(
    {"id": "r", "type": "ranking", "text": "R?", "top": 3, "among": "m", "options": OPTIONS}
)
MATRIX = MatrixQuestion.model_validate(
    {
        "id": "z",
        "type": "matrix",
        "text": "Z?",
        "items": [{"code": "i1", "label": "Eins"}, {"code": "i2", "label": "Zwei"}],
        "scale": [
            {"code": "1", "label": "gut"},
            {"code": "2", "label": "schlecht"},
            {"code": "9", "label": "nicht genutzt", "exclude_from_base": True},
        ],
    }
)
NUMBER = NumberQuestion.model_validate(
    {"id": "n", "type": "number", "text": "N?", "min": 0, "max": 999}
)
DECIMAL = NumberQuestion.model_validate(
    {"id": "d", "type": "number", "text": "D?", "min": 0, "max": 100, "decimals": 2}
)
TEXT = TextQuestion.model_validate({"id": "t", "type": "text", "text": "T?", "max_length": 20})


def test_columns_follow_the_contract() -> None:
    assert SINGLE.columns() == ["s", "s.other"]
    assert MULTI.columns() == ["m.a", "m.b", "m.c", "m.d", "m.keine"]
    assert RANKING.columns() == ["r.a", "r.b", "r.c", "r.d"]
    assert MATRIX.columns() == ["z.i1", "z.i2"]
    assert NUMBER.columns() == ["n"]
    assert TEXT.columns() == ["t"]


def test_multi_writes_1_for_chosen_0_for_shown_and_empty_for_not_asked() -> None:
    assert MULTI.to_cells({"m": ["a", "c"]}) == {
        "m.a": "1",
        "m.b": "0",
        "m.c": "1",
        "m.d": "0",
        "m.keine": "0",
    }
    assert MULTI.to_cells({}) == {"m.a": "", "m.b": "", "m.c": "", "m.d": "", "m.keine": ""}


@pytest.mark.parametrize(
    ("question", "answers", "message"),
    [
        (SINGLE, {"s": "q"}, "„q“ ist keine der Antwortmöglichkeiten."),
        (MULTI, {"m": ["a", "b", "c", "d"]}, "Bitte wählen Sie höchstens 3 Antworten."),
        (
            MULTI,
            {"m": ["a", "keine"]},
            "„Keine“ kann nicht zusammen mit anderen Antworten gewählt werden.",
        ),
        (
            RANKING,
            {"m": ["a", "b"], "r": {"a": 1, "b": 1}},
            "Jeder Rang kann nur einmal vergeben werden.",
        ),
        (
            RANKING,
            {"m": ["a", "b"], "r": {"a": 1, "b": 3}},
            "Bitte vergeben Sie die Ränge ohne Lücke, beginnend mit 1.",
        ),
        (
            RANKING,
            {"m": ["a"], "r": {"a": 1, "c": 2}},
            "Bitte ordnen Sie nur Antworten, die Sie in der vorigen Frage gewählt haben.",
        ),
        (RANKING, {"m": ["a"], "r": {"a": 4}}, "Rang „4“ ist nicht möglich: bitte 1 bis 3."),
        (MATRIX, {"z": {"i1": "7"}}, "„7“ ist kein Wert der Skala."),
        (NUMBER, {"n": 1000}, "Bitte geben Sie eine ganze Zahl von 0 bis 999 ein."),
        (DECIMAL, {"d": 100.5}, "Bitte geben Sie eine Zahl von 0 bis 100 ein."),
        (NUMBER, {"n": 2.5}, "Bitte geben Sie eine ganze Zahl ein."),
        (
            TEXT,
            {"t": "x" * 21},
            "Bitte kürzen Sie Ihre Antwort auf höchstens 20 Zeichen (jetzt 21).",
        ),
    ],
)
def test_it_explains_an_invalid_answer_in_the_respondents_words(
    question: Any, answers: dict[str, Any], message: str
) -> None:
    assert question.validate_answer(answers) == [message]


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        (SINGLE, {"s": "x", "s.other": "Threads"}),
        (MULTI, {"m": ["keine"]}),
        (RANKING, {"m": ["a", "b", "c"], "r": {"c": 1, "a": 2}}),
        (MATRIX, {"z": {"i1": "9", "i2": "1"}}),
        (NUMBER, {"n": 0}),
        (DECIMAL, {"d": 12.25}),
        (TEXT, {"t": "Zu wenig Zeit"}),
    ],
)
def test_it_accepts_a_valid_answer(question: Any, answers: dict[str, Any]) -> None:
    assert question.validate_answer(answers) == []


def test_a_required_question_without_answer_asks_for_one() -> None:
    required = SINGLE.model_copy(update={"required": True})
    assert required.validate_answer({}) == ["Bitte beantworten Sie diese Frage."]


@pytest.mark.parametrize(
    ("question", "cells", "expected"),
    [
        (SINGLE, {"s": " b "}, {"s": "b"}),
        (MATRIX, {"z.i1": "1.0", "z.i2": ""}, {"z": {"i1": "1"}}),
        (NUMBER, {"n": "1.0"}, {"n": 1}),
        (DECIMAL, {"d": "3,5"}, {"d": 3.5}),
        (DECIMAL, {"d": "1.234,5"}, {"d": 1234.5}),
        (RANKING, {"r.a": "2", "r.b": "1.0", "r.c": "", "r.d": ""}, {"r": {"a": 2, "b": 1}}),
        (MULTI, {"m.a": "1", "m.b": "0", "m.c": "", "m.d": "", "m.keine": ""}, {"m": ["a"]}),
    ],
)
def test_it_reads_what_spreadsheets_write(
    question: Any, cells: dict[str, str], expected: dict[str, Any]
) -> None:
    assert question.from_cells(cells) == expected


@pytest.mark.parametrize(
    ("question", "cells", "column", "message"),
    [
        (SINGLE, {"s": "ja"}, "s", "„ja“ ist kein Code dieser Frage (erlaubt: a, b, c, d, x)"),
        (MULTI, {"m.a": "2"}, "m.a", "„2“ ist weder 1 (gewählt) noch 0 (nicht gewählt)"),
        (RANKING, {"r.a": "erster"}, "r.a", "„erster“ ist kein Rangplatz (1 bis 3)"),
        (NUMBER, {"n": "12,5"}, "n", "„12,5“ ist keine ganze Zahl"),
        (DECIMAL, {"d": "viel"}, "d", "„viel“ ist keine Zahl"),
        (MATRIX, {"z.i2": "gut"}, "z.i2", "„gut“ ist kein Wert der Skala (erlaubt: 1, 2, 9)"),
    ],
)
def test_it_names_the_column_of_an_unreadable_cell(
    question: Any, cells: dict[str, str], column: str, message: str
) -> None:
    with pytest.raises(CellError) as caught:
        question.from_cells(cells)
    assert (caught.value.column, caught.value.message) == (column, message)


codes = st.sampled_from(["a", "b", "c", "d"])


@given(
    single=st.none() | st.sampled_from(["a", "b", "c", "d", "x"]),
    multi=st.none() | st.lists(codes, unique=True, max_size=3),
    ranking=st.none()
    | st.permutations(["a", "b", "c", "d"]).map(lambda p: {c: i + 1 for i, c in enumerate(p[:3])}),
    matrix=st.none()
    | st.dictionaries(st.sampled_from(["i1", "i2"]), st.sampled_from(["1", "2", "9"]), min_size=1),
    number=st.none() | st.integers(0, 999),
    decimal=st.none() | st.decimals(0, 100, places=2, allow_nan=False).map(float),
    text=st.none() | st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and t != ""),
)
def test_cells_round_trip_every_answer(
    single: str | None,
    multi: list[str] | None,
    ranking: dict[str, int] | None,
    matrix: dict[str, str] | None,
    number: int | None,
    decimal: float | None,
    text: str | None,
) -> None:
    pairs = [
        (SINGLE, single),
        (MULTI, multi),
        (RANKING, ranking),
        (MATRIX, matrix),
        (NUMBER, number),
        (DECIMAL, decimal),
        (TEXT, text),
    ]
    for question, value in pairs:
        answers = {} if value is None else {question.id: value}
        if question is MULTI and value is not None:
            answers = {"m": [c for c in MULTI.codes() if c in value]}
            if not answers["m"]:
                # Nothing ticked is no answer (contracts.md §2): written empty, read as such.
                assert set(question.to_cells(answers).values()) == {""}
                answers = {}
        assert question.from_cells(question.to_cells(answers)) == answers


def test_every_free_text_has_a_server_side_limit_with_a_message_that_says_how_much_too_long() -> (
    None
):
    from umfrage.questionnaire.loader import questionnaire_from_text

    questionnaire = questionnaire_from_text(
        """\
wave: "2030"
title: Grenzen
sections:
  - id: A
    title: A
    questions:
      - id: art
        type: single
        text: Art?
        options: [{code: a, label: A}, {code: s, label: Sonstiges, other: true}]
      - id: kanaele
        type: multi
        text: Kanäle?
        other_max_length: 20
        options: [{code: a, label: A}, {code: s, label: Andere, other: true}]
      - id: wunsch
        type: text
        text: Wunsch?
""",
        "grenzen.yaml",
    )
    fits = {"art": "s", "art.other": "x" * 500, "kanaele": ["s"], "kanaele.other": "y" * 20}
    assert questionnaire.validate({**fits, "wunsch": "z" * 5000}) == {}
    assert questionnaire.validate(
        {**fits, "art.other": "x" * 2_400_000, "kanaele.other": "y" * 21, "wunsch": "z" * 5001}
    ) == {
        "art": [
            "Bitte kürzen Sie Ihre Angabe bei „Sonstiges“ auf höchstens 500 Zeichen "
            "(jetzt 2.400.000)."
        ],
        "kanaele": [
            "Bitte kürzen Sie Ihre Angabe bei „Andere“ auf höchstens 20 Zeichen (jetzt 21)."
        ],
        "wunsch": ["Bitte kürzen Sie Ihre Antwort auf höchstens 5.000 Zeichen (jetzt 5.001)."],
    }
