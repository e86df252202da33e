"""The pandas frame that pyreadstat writes for SPSS and Stata, with labels in those names."""

from __future__ import annotations

import pandas as pd

from umfrage.reporting.exports.dataset import Dataset


def labelled_frame(
    dataset: Dataset, names: dict[str, str], max_label: int, *, max_string: int | None = None
) -> tuple[pd.DataFrame, list[str | None], dict[str, dict[int | float, str]]]:
    """Typed columns renamed for the format, variable labels cut to its limit, value labels."""
    rows = dataset.typed_rows()
    columns: dict[str, pd.Series] = {}
    for index, variable in enumerate(dataset.variables):
        values = [row[index] for row in rows]
        if variable.kind == "numeric":
            columns[names[variable.name]] = pd.Series(values, dtype="float64")
        else:
            texts = [v if v is not None else "" for v in values]
            if max_string is not None:
                texts = [t[:max_string] for t in texts]
            columns[names[variable.name]] = pd.Series(texts, dtype="object")
    frame = pd.DataFrame(columns)
    labels: list[str | None] = [_cut(v.label, max_label) for v in dataset.variables]
    value_labels: dict[str, dict[int | float, str]] = {
        names[v.name]: {float(k): label for k, label in v.value_labels().items()}
        for v in dataset.variables
        if v.values
    }
    return frame, labels, value_labels


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
