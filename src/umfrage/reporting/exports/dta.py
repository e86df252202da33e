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
# Free texts are never cut: pyreadstat (1.2.9 and later) writes a text longer than str2045 as a
# strL variable, which holds up to 2 GB.


def write(dataset: Dataset, path: Path) -> None:
    frame, labels, value_labels = labelled_frame(dataset, stata_names(dataset.columns), MAX_LABEL)
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=dataset.title[:80],
        column_labels=labels,
        variable_value_labels=value_labels,
        version=15,
    )
