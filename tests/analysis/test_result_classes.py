"""One result class per question type (issue 17): a common core plus what the type has.

Every question of an analysed wave is an instance of its type module's ``RESULT`` and carries
exactly the core's fields and its own; every field has its place in the JSON's key order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from umfrage.analysis import types as analysis_types
from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.results import (
    QUESTION_KEYS,
    ChoiceResult,
    MatrixResult,
    NumberResult,
    QuestionResult,
    RankingResult,
    TextResult,
)
from umfrage.surveyfolder.survey import read_survey_folder

CORE = {
    "id",
    "type",
    "text",
    "base",
    "asked",
    "not_asked",
    "no_answer",
    "small_base",
    "effective_base",
    "comparison",
    "comparison_missing",
    "crosstab",
    "suppressed",
    "series",
}
OWN = {
    ChoiceResult: {"options", "excluded", "mean", "from_other"},
    RankingResult: {"options"},
    MatrixResult: {"items"},
    NumberResult: {"mean", "median", "sd", "min", "max", "quartiles", "ci", "grouping"},
    TextResult: {"answered", "coded", "coded_small_base", "categories"},
}


def _names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def test_each_class_holds_the_core_and_only_its_own_fields() -> None:
    assert _names(QuestionResult) == CORE
    for cls, own in OWN.items():
        assert _names(cls) == CORE | own, cls.__name__


def test_every_field_has_its_place_in_the_json_key_order() -> None:
    for cls in OWN:
        assert _names(cls) <= set(QUESTION_KEYS), cls.__name__


def test_each_type_module_builds_its_own_class(make_survey: Callable[..., Path]) -> None:
    folder = make_survey(60, 40)
    survey = read_survey_folder(folder, with_responses=False)
    frames = [
        read_wave_csv(folder / "waves" / w / "responses.csv", survey.questionnaire(w))
        for w in ("2024", "2023")
    ]
    result = analyse(frames[0], compare=frames[1], publish=True)
    seen = set()
    for q in result.questions:
        expected = analysis_types.named(q.type).RESULT
        assert type(q) is expected, q.id
        seen.add(q.type)
    assert seen == set(analysis_types.MODULES)


def test_a_result_built_by_hand_gets_its_types_class() -> None:
    built = QuestionResult("frage", "number", "Wie viele?", 40, 40, 0, 0, False, mean=3.0)
    assert type(built) is NumberResult and built.mean == 3.0
    assert built.options is None  # another type's field reads as the JSON leaves it out
