"""CSV for German Excel: opened by double-click, it lands in columns with readable headers.

German Excel splits CSV files on semicolons (the decimal separator is the comma) and reads them as
UTF-8 only with a byte order mark. So: ``;``, a BOM, CRLF line ends, headers "label [name]",
answer labels instead of codes, ``vollständig``/``unvollständig``, dates as ``TT.MM.JJJJ, hh:mm`` in German time,
decimal commas, and no cell that Excel would run as a formula. The codebook (``codebookcsv.py``)
maps every header back to its variable and codes; the lossless file with codes is ``csv.py``.
"""

from __future__ import annotations

import csv as csvlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from umfrage import formatting as fmt
from umfrage.reporting.exports.dataset import Dataset, Variable
from umfrage.reporting.formatting import neutralise

SUFFIX = ".csv"
LABEL = "CSV für Excel (Semikolon, Beschriftungen statt Codes)"

ENCODING = "utf-8-sig"
"""UTF-8 with the byte order mark that tells Excel the encoding."""

META_HEADERS = {
    "organisation": "Organisation",
    "submitted_at": "Abgegeben am",
    "status": "Status",
}
STATUS_LABELS = {"complete": "vollständig", "partial": "unvollständig"}
LOCAL_TIME = ZoneInfo("Europe/Berlin")
"""Times as the Servicebüro reads them (stored times are often UTC)."""


def write_rows(path: Path, rows: Iterable[list[str]]) -> None:
    """Rows in the dialect German Excel reads by double-click (shared with the codebook)."""
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csvlib.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerows([_inert(cell) for cell in row] for row in rows)


def _inert(cell: str) -> str:
    """A text Excel would run as a formula gets a leading apostrophe; numbers stay numbers."""
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return str(neutralise(cell))
    return cell


def header(variable: Variable) -> str:
    """``Bundesland [bundesland]``: readable, and the name finds the row in the codebook."""
    label = META_HEADERS.get(variable.name, variable.label)
    return f"{label} [{variable.name}]"


def _cell(variable: Variable, value: str) -> str:
    if value == "":
        return ""
    if variable.name == "status":
        return STATUS_LABELS.get(value, value)
    if variable.name == "submitted_at":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = moment.astimezone(LOCAL_TIME)
        return fmt.numeric_date_time(moment)
    for label in variable.values:
        if label.code == value:
            return label.label
    if variable.kind == "numeric":
        return fmt.spreadsheet_number(value)
    return value


SYNTHETIC = " – SYNTHETISCHE DATEN (erfunden)"
"""Added to the first header of a synthetic dataset: the file says so wherever it is opened."""


def write(dataset: Dataset, path: Path) -> None:
    first = [header(v) for v in dataset.variables]
    if dataset.synthetic and first:
        first[0] += SYNTHETIC

    def rows() -> Iterable[list[str]]:
        yield first
        for batch in dataset.row_batches():
            for row in batch:
                yield [_cell(v, value) for v, value in zip(dataset.variables, row, strict=True)]

    write_rows(path, rows())
