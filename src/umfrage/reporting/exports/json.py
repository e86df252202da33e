"""JSON: the survey, the codebook and the responses keyed by their ``responses.csv`` columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from umfrage.reporting.exports.codebook import codebook
from umfrage.reporting.exports.dataset import Dataset

SUFFIX = ".json"
LABEL = "JSON (Codebuch und Antworten)"


def document(dataset: Dataset) -> dict[str, Any]:
    names = {row.name: row for row in codebook(dataset)}
    variables: list[dict[str, Any]] = [
        {
            "name": v.name,
            "spss": names[v.name].spss,
            "stata": names[v.name].stata,
            "label": v.label,
            "question": v.question,
            "type": v.question_type,
            "values": [{"value": x.value, "code": x.code, "label": x.label} for x in v.values],
        }
        for v in dataset.variables
    ]
    for language, translated in dataset.translations:
        # Additive (issue 21): each further language's texts under "translations".
        for entry, other in zip(variables, translated, strict=True):
            entry.setdefault("translations", {})[language] = {
                "label": other.label,
                "values": [x.label for x in other.values],
            }
    return {
        "survey": dataset.survey,
        "title": dataset.survey_title,
        "wave": dataset.wave,
        "synthetic": dataset.synthetic,
        "n": dataset.rows,
        "variables": variables,
        "responses": [
            dict(zip(dataset.columns, row, strict=True)) for row in dataset.contract_rows()
        ],
    }


def write(dataset: Dataset, path: Path) -> None:
    path.write_text(
        json.dumps(document(dataset), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
