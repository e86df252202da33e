"""The analysis frame: a wave's responses as a typed pandas DataFrame plus its questionnaire.

Columns are the ``responses.csv`` columns (contracts.md §2), typed by question type:

- ``single`` and matrix items: ``category`` with the question's codes as categories;
- ``multi`` options: nullable ``Int8`` (1 chosen, 0 shown but not chosen, <NA> empty);
- ``ranking`` options: nullable ``Int16`` rank (<NA>: not ranked or not asked);
- ``number``: ``float64`` (NaN empty); ``text`` and ``.other``: ``string`` (<NA> empty);
- ``organisation`` string, ``status`` category, ``submitted_at`` UTC timestamp and
  ``submitted_at.offset`` (:data:`OFFSET_COLUMN`): the file's UTC offset of that moment in
  minutes (``Int16``; <NA> for a time without offset or no time), so that the time can be
  written back as it was given (:func:`iso_times`, used by the exports).

An empty cell is "no answer" or "not asked"; :meth:`WaveFrame.shown` tells them apart from the
questionnaire's conditions. Frames are built from string cells (CSV, database) by the
``encode`` function of each question type's module in ``analysis/types``.
"""

from __future__ import annotations

import functools
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
OFFSET_COLUMN = "submitted_at.offset"
"""The UTC offset (minutes) each ``submitted_at`` was given with; not a column of the file."""
ISO_TIME = (
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$"
)


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

    def organisation_keys(self) -> tuple[np.ndarray, pa.Array]:
        """The organisation keys factorised once: every row's index into the distinct keys
        (int32; -1 for an anonymous row) and those keys. Duplicate detection and the panel
        pairing of a comparison both read this one factorisation."""
        key = "organisation_keys"
        if key not in self._cache:
            keys = pa.array(self.data["organisation"].array, pa.string())
            encoded = pc.dictionary_encode(keys)
            indices = encoded.indices
            if indices.null_count:
                indices = indices.fill_null(-1)
            self._cache[key] = (indices.to_numpy(zero_copy_only=False), encoded.dictionary)
        found: tuple[np.ndarray, pa.Array] = self._cache[key]
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


@functools.lru_cache(maxsize=2)
def empty_cells(rows: int) -> pa.Array:
    """A column of ``rows`` empty cells, for a column the file does not have (made in Arrow:
    a Python list of a million empty strings would cost more than reading the column).

    Every question's ``encode`` asks for one whether its columns are there or not, so the
    array is made once per size (Arrow arrays are immutable: sharing it is safe); the two
    kept are 4 bytes per row (the offsets)."""
    return pa.repeat(pa.scalar("", pa.string()), rows)


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
    flagged. Survey columns hold a handful of distinct values, so this costs one lookup per row:
    the Arrow dictionary indices (int32) index the small table of readings directly, which
    yields the column in its final dtype without an intermediate copy.
    """
    readings, bad, rows = _readings(values, read, dtype, invalid)
    return readings.take(rows), _spread(bad, rows)


def map_nullable(
    values: pa.Array | pa.ChunkedArray, read: Callable[[str], int], dtype: Any
) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray]:
    """:func:`map_cells` for a nullable integer column (negative readings and unreadable cells
    are <NA>): the values and the mask come from two lookups, each in its final dtype."""
    readings, bad, rows = _readings(values, read, np.int64, -1)
    missing = readings < 0
    data = np.where(missing, 0, readings).astype(dtype)
    return pd.arrays.IntegerArray(data.take(rows), missing.take(rows)), _spread(bad, rows)


def _readings(
    values: pa.Array | pa.ChunkedArray, read: Callable[[str], Any], dtype: Any, invalid: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct cell's reading (the last slot: an empty cell), whether it was unreadable,
    and every row's slot (the dictionary indices, int32, nulls pointing at the last slot)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(as_strings(values))
    dictionary = values.dictionary.to_pylist()
    readings = np.empty(len(dictionary) + 1, dtype=dtype)
    bad = np.zeros(len(dictionary) + 1, dtype=bool)
    for index, cell in enumerate([*dictionary, ""]):
        try:
            readings[index] = read("" if cell is None else cell)
        except ValueError:
            readings[index] = invalid
            bad[index] = index < len(dictionary)  # an empty cell is never flagged here
    indices = values.indices
    if indices.null_count:
        indices = indices.fill_null(len(dictionary))
    return readings, bad, indices.to_numpy(zero_copy_only=False)


def _spread(bad: np.ndarray, rows: np.ndarray) -> np.ndarray:
    if not bad.any():
        return np.zeros(len(rows), dtype=bool)  # calloc: no pass over the rows
    found: np.ndarray = bad.take(rows)
    return found


def code_dtype(categories: list[str]) -> Any:
    """The integer type pandas keeps a categorical's codes in (int8 below 127 categories)."""
    return np.int8 if len(categories) < np.iinfo(np.int8).max else np.int16


def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical[str]:
    """A categorical over ``codes`` (-1 or a category's index, as :func:`map_cells` gives them);
    codes already in :func:`code_dtype` are kept as they are, not copied or checked again."""
    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=code_dtype(categories)),
        categories=pd.Index(categories),
        validate=False,
    )


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
    empty = empty_cells(rows)
    organisation = text_array(cells.get("organisation", empty), strip=True)
    status_codes, status_bad = map_cells(
        cells.get("status", empty), lambda s: STATUSES.index(s.strip()), np.int8, -1
    )
    raw_time = pc.utf8_trim_whitespace(as_strings(cells.get("submitted_at", empty)))
    # One pass of the pattern: a cell that does not match has no parts (null).
    parts = pc.extract_regex(raw_time, ISO_TIME)
    iso = parts.is_valid().to_numpy(zero_copy_only=False)
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
        OFFSET_COLUMN: _offsets(parts),
    }
    return columns, flags


def _offset_minutes(zone: str) -> int:
    """``Z``, ``+02:00``, ``+0200`` or ``+02`` in minutes east of UTC; -10000: none given."""
    if zone == "":
        return -10000
    if zone == "Z":
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
    return -minutes if zone[0] == "-" else minutes


def _offsets(parts: pa.Array) -> Any:
    """Each time's UTC offset as given (minutes, <NA> without one), read once per distinct
    zone text (a file holds a handful); ``parts``: the times' matches of :data:`ISO_TIME`."""
    zones = pc.struct_field(parts, "zone")
    values, _ = map_cells(pc.fill_null(zones, ""), _offset_minutes, np.int16, -10000)
    missing = values == -10000
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int16), missing)


def no_offsets(rows: int) -> Any:
    """An :data:`OFFSET_COLUMN` of times given without offset (or none)."""
    return pd.arrays.IntegerArray(np.zeros(rows, dtype=np.int16), np.ones(rows, dtype=bool))


def iso_times(data: pd.DataFrame, zone: Any = None) -> pa.Array:
    """``submitted_at`` as ``datetime.isoformat`` writes it (what ``responses.csv`` holds),
    column-wise: with the offset each time was given with (:data:`OFFSET_COLUMN`; none for a
    time without one), or, with ``zone`` (a ``tzinfo``), in that zone's local time and offset
    (the database keeps UTC; a survey folder written from it shows the survey's zone)."""
    times = pd.Series(data["submitted_at"]).reset_index(drop=True)
    rows = len(times)
    present = times.notna().to_numpy()
    utc = times.dt.tz_convert("UTC").dt.tz_localize(None)
    if zone is not None:
        local = times.dt.tz_convert(zone).dt.tz_localize(None)
        nanoseconds = (local - utc).dt.total_seconds().to_numpy(dtype=float, na_value=0.0)
        minutes = np.rint(nanoseconds / 60).astype(np.int64)
        given = present
    else:
        offsets = pd.Series(data[OFFSET_COLUMN]).reset_index(drop=True)
        given = offsets.notna().to_numpy()
        minutes = offsets.to_numpy(dtype=np.int64, na_value=0)
    stamps = utc.to_numpy(dtype="datetime64[us]").astype(np.int64)
    stamps = np.where(present, stamps + minutes * 60_000_000, 0)
    seconds = np.floor_divide(stamps, 1_000_000)
    micro = stamps - seconds * 1_000_000
    text = pa.array(np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s"))
    digits = pc.utf8_lpad(pc.cast(pa.array(micro), pa.string()), 6, "0")
    fraction = pc.if_else(pa.array(micro != 0), pc.binary_join_element_wise(".", digits, ""), "")
    distinct, inverse = np.unique(np.where(given, minutes, 100_000), return_inverse=True)
    zone_texts = pa.array(
        ["" if m == 100_000 else _zone_text(int(m)) for m in distinct], pa.string()
    ).take(pa.array(inverse.reshape(-1)))
    joined = pc.binary_join_element_wise(text, fraction, zone_texts, "")
    return pc.if_else(pa.array(present), joined, pa.repeat(pa.scalar("", pa.string()), rows))


def _zone_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"
