"""Every question type registered in the questionnaire layer has a module in every other layer
of this check, and each provides every member of its layer's Protocol (issue 17 §1)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from umfrage.collect import types as collect_types
from umfrage.importers import types as import_types
from umfrage.importers.limesurvey import types as limesurvey_types
from umfrage.questionnaire import types as questionnaire_types
from umfrage.questionnaire.base import QuestionBase


def _members(protocol: type) -> set[str]:
    names = set(getattr(protocol, "__annotations__", {}))
    names |= {n for n, v in vars(protocol).items() if inspect.isfunction(v)}
    return {n for n in names if not n.startswith("_")}


LAYERS: list[tuple[str, dict[str, Any], type]] = [
    ("umfrage.collect.types", dict(collect_types.MODULES), collect_types.CollectType),
    ("umfrage.importers.types", dict(import_types.MODULES), import_types.ImportType),
    (
        "umfrage.importers.limesurvey.types",
        dict(limesurvey_types.MODULES),
        limesurvey_types.LimeSurveyType,
    ),
]


@pytest.mark.parametrize("type_name", sorted(questionnaire_types.QUESTION_TYPES))
def test_the_type_class_provides_the_questionnaire_protocol(type_name: str) -> None:
    cls = questionnaire_types.QUESTION_TYPES[type_name]
    assert cls.type_name == type_name
    missing = [
        m
        for m in _members(questionnaire_types.QuestionType)
        if not hasattr(cls, m) and m not in cls.model_fields
    ]
    assert not missing, f"{cls.__name__} fehlt {missing}"
    # Members with a method body: the class must not inherit one that raises for every type.
    for member in ("columns", "check_value", "from_cells", "to_cells"):
        assert getattr(cls, member) is not getattr(QuestionBase, member), (cls, member)


@pytest.mark.parametrize("layer,modules,protocol", LAYERS, ids=[layer[0] for layer in LAYERS])
def test_every_layer_has_a_module_for_every_type(
    layer: str, modules: dict[str, Any], protocol: type
) -> None:
    assert sorted(modules) == sorted(questionnaire_types.QUESTION_TYPES), layer
    members = _members(protocol)
    assert members, protocol
    for type_name, module in modules.items():
        missing = sorted(m for m in members if not callable(getattr(module, m, None)))
        assert not missing, f"{layer}: {type_name} fehlt {missing}"


def test_an_unknown_type_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="quiz"):
        questionnaire_types.question_class("quiz")


def test_the_check_fails_for_a_type_missing_in_a_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fake(QuestionBase):
        type_name = "fake"

    monkeypatch.setitem(questionnaire_types.QUESTION_TYPES, "fake", Fake)
    for layer in LAYERS:
        with pytest.raises(AssertionError):
            test_every_layer_has_a_module_for_every_type(*layer)
