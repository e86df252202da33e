"""Column-wise conditions agree with ``Questionnaire.is_shown`` row by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.synthetic import generate_cells, write_cells
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import read_responses_csv

CONDITIONS: dict[str, Any] = {
    "c_equals_code": {"question": "s", "equals": "2"},
    "c_equals_number_on_code": {"question": "s", "equals": 2},
    "c_number_ge": {"question": "n", "ge": 50},
    "c_in": {"question": "s", "in": ["1", "3"]},
    "c_multi_contains": {"question": "m", "contains": "y"},
    "c_ranking_contains": {"question": "r", "contains": "z"},
    "c_matrix_contains": {"question": "t", "contains": "i2"},
    "c_not": {"not": {"question": "n", "lt": 10}},
    "c_any_answered": {
        "any": [{"question": "tx", "answered": True}, {"question": "m", "answered": False}]
    },
    "c_number_equals_text": {"question": "n", "equals": "40"},
    "c_text_equals": {"question": "tx", "equals": "Mehr Zeit, mehr Personal"},
    "c_code_gt": {"question": "s", "gt": 1.5},
    "c_multi_not_equals": {"question": "m", "not_equals": "x"},
    "c_all": {"all": [{"question": "s", "equals": "1"}, {"question": "n", "le": 30}]},
}


def _questionnaire() -> Questionnaire:
    options = [{"code": c, "label": c} for c in ("x", "y", "z")]
    base = [
        {
            "id": "s",
            "type": "single",
            "text": "S",
            "options": [{"code": c, "label": c} for c in ("1", "2", "3")],
        },
        {"id": "n", "type": "number", "text": "N", "min": 0, "max": 100},
        {"id": "m", "type": "multi", "text": "M", "options": options},
        {"id": "r", "type": "ranking", "text": "R", "top": 2, "options": options},
        {
            "id": "t",
            "type": "matrix",
            "text": "T",
            "items": [{"code": "i1", "label": "I1"}, {"code": "i2", "label": "I2"}],
            "scale": [{"code": "1", "label": "gut"}, {"code": "2", "label": "schlecht"}],
        },
        {"id": "tx", "type": "text", "text": "TX"},
    ]
    dependent = [
        {
            "id": name,
            "type": "single",
            "text": name,
            "if": condition,
            "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}],
        }
        for name, condition in CONDITIONS.items()
    ]
    return Questionnaire.model_validate(
        {
            "wave": "2024",
            "title": "Bedingungen",
            "sections": [
                {"id": "A", "title": "A", "questions": base},
                {"id": "B", "title": "B", "questions": dependent},
                {
                    "id": "C",
                    "title": "C",
                    "if": {"question": "s", "not_equals": "3"},
                    "questions": [{"id": "in_section", "type": "text", "text": "Z"}],
                },
            ],
        }
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_vectorised_conditions_agree_with_the_questionnaire(tmp_path: Path, seed: int) -> None:
    questionnaire = _questionnaire()
    path = tmp_path / "responses.csv"
    cells = generate_cells(questionnaire, 400, np.random.default_rng(seed), skip=0.2)
    write_cells(path, questionnaire, cells)
    frame = read_wave_csv(path, questionnaire)
    records = read_responses_csv(path, questionnaire).records
    for qid in [*CONDITIONS, "in_section"]:
        expected = np.array([questionnaire.is_shown(qid, r.answers) for r in records])
        assert (frame.shown(qid) == expected).all(), qid
        assert 0 < expected.sum() < len(records) or qid == "c_text_equals", qid
