"""SPSS ``.sav``: numeric codes with value labels, variable labels, via pyreadstat."""

from __future__ import annotations

from pathlib import Path

import pyreadstat

from umfrage.reporting.exports.dataset import Dataset
from umfrage.reporting.exports.frame import labelled_frame
from umfrage.reporting.exports.limits import SPSS, cut_notes
from umfrage.reporting.exports.names import spss_names

SUFFIX = ".sav"
LABEL = "SPSS (.sav, mit Variablen- und Wertelabels)"
MAX_LABEL = 256  # SPSS's limit for variable labels
DOCUMENT_LINE = 80  # SPSS's limit for a line of the file's document, in bytes


def document_lines(note: str) -> list[str]:
    """A note wrapped into lines of the file's document (at most 80 bytes each, in UTF-8)."""
    lines: list[str] = []
    for word in note.split():
        if lines and len(f"{lines[-1]} {word}".encode()) <= DOCUMENT_LINE:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            while len(word.encode()) > DOCUMENT_LINE:  # never in our notes; cut, not fail
                lines.append(word[: DOCUMENT_LINE // 4])
                word = word[DOCUMENT_LINE // 4 :]
            lines.append(word)
    return lines


def write(dataset: Dataset, path: Path) -> None:
    frame, labels, value_labels = labelled_frame(
        dataset, spss_names(dataset.columns), MAX_LABEL, limit=SPSS
    )
    # Texts longer than SPSS holds are cut (see limits.py); the file's document says so
    # (DISPLAY DOCUMENTS in SPSS), as do the variables' labels.
    notes = [line for note in cut_notes(dataset, SPSS) for line in document_lines(note)]
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=dataset.title[:64],
        column_labels=labels,
        variable_value_labels=value_labels,
        note=notes or None,
    )
