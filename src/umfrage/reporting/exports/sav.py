"""SPSS ``.sav``: numeric codes with value labels, variable labels, via pyreadstat."""

from __future__ import annotations

from pathlib import Path

import pyreadstat

from umfrage.reporting.exports.dataset import Dataset
from umfrage.reporting.exports.frame import labelled_frame
from umfrage.reporting.exports.names import spss_names

SUFFIX = ".sav"
LABEL = "SPSS (.sav, mit Variablen- und Wertelabels)"
MAX_LABEL = 256  # SPSS's limit for variable labels


def write(dataset: Dataset, path: Path) -> None:
    frame, labels, value_labels = labelled_frame(dataset, spss_names(dataset.columns), MAX_LABEL)
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=dataset.title[:64],
        column_labels=labels,
        variable_value_labels=value_labels,
    )
