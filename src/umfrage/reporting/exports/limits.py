"""How long a text each export format can hold, and the notes that say where texts were cut.

The CSV and JSON exports hold every text whole. Stata gets long texts as ``strL`` (up to 2 GB).
Two formats have a hard limit per value:

- SPSS: a string variable holds at most 32,767 *bytes* (UTF-8; an umlaut takes two). Longer
  values are not just cut by SPSS: pyreadstat then writes a file with thousands of stray
  variables and empty texts. So a longer text is cut, at a character boundary, to 32,767 bytes.
- Excel: a cell holds at most 32,767 characters (counting the apostrophe that makes a
  formula-like text inert, see xlsx.py).

A text is never cut silently: the codebook (Excel sheet "Codebuch", column "Hinweis"), the
Excel sheet "Hinweise", the SPSS file's document (notes) and the variable's label, and the
output of ``umfrage export`` name the variable, the number of texts and where the whole texts
are (the CSV export). With the questionnaire's own limits (``max_length`` of a text question, at
most 100,000 characters; ``other_max_length``) a text that long can only come from a question
that allows it or from data stored before the limits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from umfrage.questionnaire.base import count_text
from umfrage.reporting.exports.dataset import Dataset, byte_lengths
from umfrage.reporting.formatting import neutralise

WHOLE_TEXTS = "vollständig in der CSV-Ausgabe (umfrage export --format csv, antworten.csv)"


def _characters(text: str) -> int:
    return len(text)


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _cell(text: str) -> int:
    return len(str(neutralise(text)))


@dataclass(frozen=True)
class TextLimit:
    format: str
    limit: int
    unit: str
    size: Callable[[str], int]

    def fits(self, text: str) -> bool:
        return self.size(text) <= self.limit

    def fit(self, text: str) -> str:
        """The text cut to the limit (whole characters), or unchanged if it fits."""
        if self.fits(text):
            return text
        if self.size is _utf8_bytes:
            return text.encode("utf-8")[: self.limit].decode("utf-8", "ignore")
        cut = text[: self.limit]
        while cut and not self.fits(cut):  # the apostrophe of a neutralised cell counts too
            cut = cut[:-1]
        return cut

    def describe(self) -> str:
        return f"{count_text(self.limit)} {self.unit}"


SPSS = TextLimit("SPSS", 32767, "Bytes", _utf8_bytes)
EXCEL = TextLimit("Excel", 32767, "Zeichen", _cell)
LIMITS: tuple[TextLimit, ...] = (SPSS, EXCEL)
BY_FORMAT = {"sav": SPSS, "xlsx": EXCEL}  # the export formats (exports.FORMATS) with a limit


def overlong(dataset: Dataset, limit: TextLimit) -> dict[str, int]:
    """How many texts of each string variable exceed the limit (only variables with any)."""
    found: dict[str, int] = {}
    for index, variable in enumerate(dataset.variables):
        if variable.kind != "string":
            continue
        column = dataset.data[index]
        # Only texts of more bytes than the limit less one (the apostrophe of a neutralised
        # cell) can be too long in any unit; the others are not looked at one by one.
        long = np.flatnonzero(byte_lengths(column) > limit.limit - 1)
        candidates = column.take(pa.array(long)).to_pylist() if len(long) else []
        n = sum(1 for text in candidates if not limit.fits(text))
        if n:
            found[variable.name] = n
    return found


def _texts(n: int) -> str:
    return "1 Text" if n == 1 else f"{count_text(n)} Texte"


def cut_notes(dataset: Dataset, limit: TextLimit) -> list[str]:
    """One German line per variable whose texts this format cuts."""
    return [
        f"{limit.format}: In der Variable „{name}“ {'ist' if n == 1 else 'sind'} {_texts(n)} "
        f"länger als {limit.describe()} und dort gekürzt; {WHOLE_TEXTS}."
        for name, n in overlong(dataset, limit).items()
    ]


def codebook_notes(dataset: Dataset) -> dict[str, str]:
    """Per variable with cut texts, the codebook's note naming every format that cuts them."""
    parts: dict[str, list[str]] = {}
    for limit in LIMITS:
        for name, n in overlong(dataset, limit).items():
            parts.setdefault(name, []).append(
                f"{limit.format}: {_texts(n)} über {limit.describe()} gekürzt"
            )
    return {name: "; ".join(found) + f"; {WHOLE_TEXTS}." for name, found in parts.items()}


def format_cut_notes(dataset: Dataset, format_name: str) -> list[str]:
    """The notes for one export format (none for formats that hold every text whole)."""
    limit = BY_FORMAT.get(format_name)
    return cut_notes(dataset, limit) if limit is not None else []
