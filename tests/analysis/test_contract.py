"""The worked example of contracts.md §4, figure for figure."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from umfrage.analysis.engine import analyse
from umfrage.analysis.reader import build_frame
from umfrage.analysis.render import to_json
from umfrage.questionnaire.spec import Questionnaire


def _wave(wave: str, codes: list[str], answers: list[str]) -> object:
    questionnaire = Questionnaire.model_validate(
        {
            "wave": wave,
            "title": "Bündnisumfrage",
            "sections": [
                {
                    "id": "B",
                    "title": "Digitalisierung",
                    "questions": [
                        {
                            "id": "social_media",
                            "type": "single",
                            "text": "Hat Ihr Bündnis einen eigenen Social-Media-Kanal?",
                            "options": [{"code": c, "label": c.capitalize()} for c in codes],
                        }
                    ],
                }
            ],
        }
    )
    n = len(answers)
    cells = {
        "organisation": pa.array([""] * n),
        "status": pa.array(["complete"] * n),
        "submitted_at": pa.array(["2024-05-13T09:41:00+02:00"] * n),
        "social_media": pa.array(answers),
    }
    frame, flagged = build_frame(questionnaire, cells, n)
    assert not flagged.any()
    return frame


def test_the_contract_example_comes_out_as_published() -> None:
    now = _wave("2024", ["ja", "nein"], ["ja"] * 22 + ["nein"] * 58)
    then = _wave("2023", ["ja", "nein"], ["ja"] * 21 + ["nein"] * 209)
    result = to_json(analyse(now, compare=then, survey="Bündnisumfrage"))  # type: ignore[arg-type]
    json.dumps(result)
    assert (result["survey"], result["wave"], result["compare"]) == (
        "Bündnisumfrage",
        "2024",
        "2023",
    )
    assert (result["n"], result["n_compare"]) == (80, 230)
    question = result["questions"][0]
    assert (question["id"], question["type"], question["base"]) == ("social_media", "single", 80)
    ja = question["options"][0]
    assert (ja["code"], ja["label"], ja["count"]) == ("ja", "Ja", 22)
    assert ja["share"] == pytest.approx(0.275)
    assert [round(x, 2) for x in ja["ci"]] == [0.19, 0.38]
    comparison = question["comparison"]
    assert (comparison["wave"], comparison["base"]) == ("2023", 230)
    compared = comparison["options"][0]
    assert (compared["code"], compared["count"], compared["test"]) == ("ja", 21, "z")
    assert round(compared["share"], 3) == 0.091
    assert round(compared["diff"], 3) == 0.184
    assert compared["p_value"] == pytest.approx(0.00004, abs=0.00002)
    assert compared["significant"] is True
