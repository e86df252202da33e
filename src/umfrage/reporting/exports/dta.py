"""Stata ``.dta``: names mapped to Stata's rules (see names.py), labels via pyreadstat."""

from __future__ import annotations

from pathlib import Path

import pyreadstat

from umfrage.reporting.exports.dataset import Dataset
from umfrage.reporting.exports.frame import labelled_frame
from umfrage.reporting.exports.names import stata_names

SUFFIX = ".dta"
LABEL = "Stata (.dta, mit Variablen- und Wertelabels)"
MAX_LABEL = 80  # Stata's limit for variable labels; the codebook keeps the full text
MAX_STRING = 2045  # longest str# that pyreadstat writes; longer free texts are cut (see notes)


def write(dataset: Dataset, path: Path) -> None:
    frame, labels, value_labels = labelled_frame(
        dataset, stata_names(dataset.columns), MAX_LABEL, max_string=MAX_STRING
    )
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=dataset.title[:80],
        column_labels=labels,
        variable_value_labels=value_labels,
        version=15,
    )
