"""The pandas frame that pyreadstat writes for SPSS and Stata, with labels in those names."""

from __future__ import annotations

import numpy as np
import pandas as pd

from umfrage.reporting.exports.dataset import Dataset, byte_lengths
from umfrage.reporting.exports.limits import TextLimit, overlong

CUT_MARK = " [Texte gekürzt, vollständig in der CSV-Ausgabe]"


def labelled_frame(
    dataset: Dataset, names: dict[str, str], max_label: int, *, limit: TextLimit | None = None
) -> tuple[pd.DataFrame, list[str | None], dict[str, dict[int | float, str]]]:
    """Typed columns renamed for the format, variable labels cut to its limit, value labels.

    With ``limit``, texts longer than the format holds are cut to it and the labels of their
    variables end with ``CUT_MARK`` (the notes in limits.py say how many)."""
    columns: dict[str, pd.Series] = {}
    for index, variable in enumerate(dataset.variables):
        if variable.kind == "numeric":
            columns[names[variable.name]] = pd.Series(dataset.numbers(index), dtype="float64")
        else:
            texts = dataset.texts(index)
            if limit is not None:
                # Only a text of more bytes than the limit can be too long (limits.py).
                lengths = byte_lengths(dataset.data[index])
                for row in np.flatnonzero(lengths > limit.limit - 1):
                    texts[row] = limit.fit(texts[row])
            columns[names[variable.name]] = pd.Series(texts, dtype="object")
    frame = pd.DataFrame(columns)
    cut = overlong(dataset, limit) if limit is not None else {}
    labels: list[str | None] = [
        _cut(v.label, max_label - len(CUT_MARK)) + CUT_MARK
        if v.name in cut
        else _cut(v.label, max_label)
        for v in dataset.variables
    ]
    value_labels: dict[str, dict[int | float, str]] = {
        names[v.name]: {float(k): label for k, label in v.value_labels().items()}
        for v in dataset.variables
        if v.values
    }
    return frame, labels, value_labels


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
