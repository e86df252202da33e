"""The analysis frame: a wave's responses as a typed pandas DataFrame plus its questionnaire.

Columns are the ``responses.csv`` columns (contracts.md §2), typed by question type:

- ``single`` and matrix items: ``category`` with the question's codes as categories;
- ``multi`` options: nullable ``Int8`` (1 chosen, 0 shown but not chosen, <NA> empty);
- ``ranking`` options: nullable ``Int16`` rank (<NA>: not ranked or not asked);
- ``number``: ``float64`` (NaN empty); ``text`` and ``.other``: ``string`` (<NA> empty);
- ``organisation`` string, ``status`` category, ``submitted_at`` UTC timestamp.

An empty cell is "no answer" or "not asked"; :meth:`WaveFrame.shown` tells them apart from the
questionnaire's conditions. Frames are built from string cells (CSV, database) by the
``encode`` function of each question type's module in ``analysis/types``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from umfrage.questionnaire.problems import Problem
from umfrage.questionnaire.spec import Questionnaire

STATUSES = ("complete", "partial")


@dataclass(frozen=True, eq=False)
class WaveFrame:
    """One wave's responses, typed, with the questionnaire that gives them meaning."""

    questionnaire: Questionnaire
    data: pd.DataFrame
    source: str = ""
    warnings: tuple[Problem, ...] = ()
    languages: Mapping[str, int] | None = None
    """How many of the responses were given in each language (codes of umfrage.languages);
    None where the source does not say (a survey folder's responses.csv)."""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def wave(self) -> str:
        return self.questionnaire.wave

    def __len__(self) -> int:
        return len(self.data)

    def has(self, column: str) -> bool:
        return column in self.data.columns

    def codes(self, column: str) -> np.ndarray:
        """Integer view of a choice column: category index, 0/1, or rank; -1 where empty.

        For categories this is a view of the frame's own codes; multi and ranking columns are
        converted once and kept (one or two bytes per cell), as every statistic reads them.
        """
        series = self.data[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            return series.cat.codes.to_numpy()
        key = f"codes:{column}"
        if key not in self._cache:
            small = str(series.dtype) == "Int8"
            self._cache[key] = series.to_numpy(dtype=np.int8 if small else np.int16, na_value=-1)
        found: np.ndarray = self._cache[key]
        return found

    def numbers(self, column: str) -> np.ndarray:
        return self.data[column].to_numpy(dtype=float, na_value=np.nan)

    def filled(self, column: str) -> np.ndarray:
        """Where a text column has an answer."""
        return ~self.data[column].isna().to_numpy()

    def shown(self, qid: str) -> np.ndarray:
        """Where the question was shown (its section's and its own condition hold)."""
        key = f"shown:{qid}"
        if key not in self._cache:
            from umfrage.analysis.conditions import shown_mask

            self._cache[key] = shown_mask(self, qid)
        found: np.ndarray = self._cache[key]
        return found


def as_strings(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column of cells as one non-null string array (null cells read as empty)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    return pc.fill_null(values, "")


def map_cells(
    values: pa.Array | pa.ChunkedArray, read: Callable[[str], Any], dtype: Any, invalid: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``read`` to each distinct cell once and spread the results over all rows.

    ``read`` returns the encoded value or raises ValueError; such rows get ``invalid`` and are
    flagged. Survey columns hold a handful of distinct values, so this costs one dictionary
    lookup per row.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(as_strings(values))
    dictionary = values.dictionary.to_pylist()
    encoded = np.empty(len(dictionary) + 1, dtype=dtype)
    bad = np.zeros(len(dictionary) + 1, dtype=bool)
    for index, cell in enumerate(dictionary):
        try:
            encoded[index] = read("" if cell is None else cell)
        except ValueError:
            encoded[index] = invalid
            bad[index] = True
    # Null cells (index -1 after filling) read as empty.
    try:
        encoded[-1] = read("")
    except ValueError:
        encoded[-1] = invalid
    indices = values.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return encoded[indices], bad[indices]


def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes.astype(np.int16), categories=pd.Index(categories))


def nullable_int(values: np.ndarray, dtype: Any) -> pd.api.extensions.ExtensionArray:
    mask = values < 0
    data = np.where(mask, 0, values).astype(dtype)
    return pd.arrays.IntegerArray(data, mask)


def text_array(values: pa.Array | pa.ChunkedArray, *, strip: bool = False) -> Any:
    strings = as_strings(values)
    if strip:
        strings = pc.utf8_trim_whitespace(strings)
    with_nulls = pc.if_else(pc.equal(strings, ""), pa.scalar(None, pa.string()), strings)
    return pd.array(with_nulls, dtype=pd.StringDtype("pyarrow"))


def encode_meta(
    cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The three meta columns, typed, and where their cells are questionable.

    Flags are a superset of real problems: the foundation's row reader decides and words them.
    """
    empty = pa.array([""] * rows, pa.string())
    organisation = text_array(cells.get("organisation", empty), strip=True)
    status_codes, status_bad = map_cells(
        cells.get("status", empty), lambda s: STATUSES.index(s.strip()), np.int16, -1
    )
    raw_time = pc.utf8_trim_whitespace(as_strings(cells.get("submitted_at", empty)))
    iso = pc.match_substring_regex(
        raw_time,
        r"^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$",
    ).to_numpy(zero_copy_only=False)
    has_time = pc.not_equal(raw_time, "").to_numpy(zero_copy_only=False)
    times = pd.Series(
        pd.to_datetime(
            pc.if_else(iso, raw_time, pa.scalar(None, pa.string())).to_pandas(),
            utc=True,
            format="ISO8601",
            errors="coerce",
        )
    )
    complete = status_codes == 0
    flags = {
        "status": status_bad,
        "submitted_at": (has_time & ~iso) | (complete & ~has_time) | (has_time & times.isna()),
    }
    columns = {
        "organisation": organisation,
        "submitted_at": times.array,
        "status": categorical(status_codes, list(STATUSES)),
    }
    return columns, flags
