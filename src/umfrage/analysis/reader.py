"""Reading a wave's ``responses.csv`` into the analysis frame, fast and exactly.

A million rows through the foundation's row-by-row reader take minutes; here pyarrow parses
the file into dictionary-encoded columns, each question type's module decodes the few
distinct cells of a column once, and rules that span cells are checked column-wise. The
column-wise checks only *flag* rows; every flagged row then goes through the foundation's own
row reader, which decides and words the problem, so both readers accept and reject exactly
the same files with the same messages (tests/analysis/test_reader.py holds them to that).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import sys
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from umfrage.analysis.frame import WaveFrame, as_strings, encode_meta
from umfrage.analysis.types import module_for
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder import responses as foundation
from umfrage.surveyfolder.csvio import Table, read_table
from umfrage.surveyfolder.responses import (
    ResponseRecord,
    header_for,
    parse_responses_csv,
    read_responses_csv,
    record_to_row,
)
from umfrage.surveyfolder.tablelimits import TableLimits
from umfrage.surveyfolder.tables import read_table as read_table_data
from umfrage.surveyfolder.tables import sniff_delimiter

ENCODERS = 2
"""Threads that encode a wave's questions at once (the machines have two cores or more)."""
PARALLEL_ROWS = 50_000
"""From this many rows the questions are encoded in ``ENCODERS`` threads; below, one is faster."""


def build_frame(
    questionnaire: Questionnaire,
    cells: Mapping[str, pa.Array],
    rows: int,
    source: str = "",
    warnings: Iterable[Problem] = (),
    *,
    consume: bool = False,
) -> tuple[WaveFrame, np.ndarray]:
    """The typed frame from string cells, and the rows whose cells look invalid.

    With ``consume`` the cells of each question are removed from ``cells`` once encoded, so
    that a million rows never sit in memory twice.
    """
    questions = list(questionnaire.questions())

    def encode(question: Any) -> tuple[dict[str, Any], np.ndarray]:
        found: tuple[dict[str, Any], np.ndarray] = module_for(question).encode(
            question, cells, rows
        )
        return found

    # From PARALLEL_ROWS on, two questions encode at once: numpy's and Arrow's kernels release
    # the GIL. Results come back in questionnaire order, so the frame is the one a single
    # thread makes (tests/analysis/test_reader.py).
    pool = ThreadPoolExecutor(max_workers=ENCODERS) if rows >= PARALLEL_ROWS else None
    try:
        meta = pool.submit(encode_meta, cells, rows) if pool else None
        results = pool.map(encode, questions) if pool else map(encode, questions)
        columns, meta_flags = meta.result() if meta else encode_meta(cells, rows)
        flagged = meta_flags["status"] | meta_flags["submitted_at"]
        for question, (encoded, bad) in zip(questions, results, strict=True):
            columns.update(encoded)
            flagged |= bad
            if consume and isinstance(cells, dict):
                for column in question.columns():
                    cells.pop(column, None)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    data = pd.DataFrame(columns, copy=False)
    return WaveFrame(questionnaire, data, source, tuple(warnings)), flagged


def frame_from_records(
    questionnaire: Questionnaire,
    records: Iterable[ResponseRecord],
    source: str = "",
    warnings: Iterable[Problem] = (),
) -> WaveFrame:
    """The frame of already validated records (from the foundation's reader or the database)."""
    header = header_for(questionnaire)
    rows = [record_to_row(questionnaire, r) for r in records]
    cells = {
        column: pa.array([row[i] for row in rows], pa.string()) for i, column in enumerate(header)
    }
    frame, _ = build_frame(questionnaire, cells, len(rows), source, warnings)
    return frame


def read_wave_slow(
    path: Path,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None = None,
    display: str | None = None,
) -> WaveFrame:
    """The reference path: the foundation's row-by-row reader, then the frame."""
    found = read_responses_csv(path, questionnaire, organisations, display)
    return frame_from_records(questionnaire, found.records, display or str(path), found.warnings)


def read_wave_csv(
    path: Path,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None = None,
    display: str | None = None,
) -> WaveFrame:
    """Read and validate ``responses.csv`` column-wise; ProblemsError lists every problem."""
    name = display or str(path)
    if not path.is_file():
        read_table(path, name)  # raises the foundation's message for a missing file
    with path.open("rb") as handle:
        first_line = handle.readline()
    if first_line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 (Excel's "Unicode-Text"): only the one table reader decodes it.
        return read_wave_slow(path, questionnaire, organisations, display)
    header_check = parse_responses_csv(first_line, name, questionnaire, organisations)
    table = _parse(path, first_line, questionnaire)
    if table is None:
        # pyarrow refused the file (ragged rows, odd quoting): the foundation reader words why.
        return read_wave_slow(path, questionnaire, organisations, display)
    keep = _non_blank(table)
    if not keep.all():
        table = table.filter(pa.array(keep))
    rows = table.num_rows
    cells = {column: table.column(column) for column in table.column_names}
    # From here on each column is released as soon as its question is encoded.
    del table
    frame, flagged = build_frame(
        questionnaire, cells, rows, name, header_check.warnings, consume=True
    )
    flagged |= row_flags(frame, organisations)
    problems: list[Problem] = []
    invalid = np.zeros(len(frame), dtype=bool)
    if flagged.any():
        problems, invalid = _explain(path, flagged, keep, name, questionnaire, organisations)
    problems.extend(_duplicates(frame, path, keep, name, invalid))
    if problems:
        raise ProblemsError(problems)
    return frame


def _parse(
    path: Path, first_line: bytes, questionnaire: Questionnaire, *, as_text: bool = False
) -> pa.Table | None:
    """The file as Arrow columns: coded columns dictionary-encoded, free texts as strings."""
    texts = {"organisation", "submitted_at"} | {
        column for q in questionnaire.questions() for column in module_for(q).free_text_columns(q)
    }
    for encoding in ("utf8", "cp1252"):
        text = first_line.removeprefix(b"\xef\xbb\xbf").decode(
            "utf-8" if encoding == "utf8" else encoding, "replace"
        )
        delimiter = sniff_delimiter(text)  # the table reader's rule
        header = [h.strip() for h in next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter))]
        types = {
            column: pa.string() if column in texts else pa.dictionary(pa.int32(), pa.string())
            for column in header
        }
        try:
            return pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(
                    column_names=header, skip_rows=1, encoding=encoding, block_size=1 << 22
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=True
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
                # The system allocator hands freed column memory back to numpy and pandas.
                memory_pool=pa.system_memory_pool(),
            )
        except pa.ArrowInvalid as exc:
            # Not UTF-8: spreadsheets on German Windows save CP-1252 (as csvio.decode assumes).
            if encoding == "utf8" and "UTF8" in str(exc).upper().replace("-", ""):
                continue
            return None
        except (pa.ArrowKeyError, UnicodeDecodeError):
            return None
    return None


def _non_blank(table: pa.Table) -> np.ndarray:
    """Rows with at least one non-blank cell (the foundation skips blank ones)."""
    found = np.zeros(table.num_rows, dtype=bool)
    for column in table.columns:
        values = column.combine_chunks()
        if pa.types.is_dictionary(values.type):
            blank = [not (v or "").strip() for v in values.dictionary.to_pylist()]
            mask = ~np.array([*blank, True])[
                values.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            ]
        else:
            mask = pc.not_equal(pc.utf8_trim_whitespace(as_strings(values)), "").to_numpy(
                zero_copy_only=False
            )
        found |= mask
        if found.all():
            break
    return found


def row_flags(frame: WaveFrame, organisations: Collection[str] | None) -> np.ndarray:
    """Rows that may break a rule spanning cells: conditions, required answers, type rules."""
    questionnaire = frame.questionnaire
    flagged = np.zeros(len(frame), dtype=bool)
    complete = frame.data["status"].cat.codes.to_numpy() == 0
    for question in questionnaire.questions():
        module = module_for(question)
        answered = module.answered(question, frame)
        shown = frame.shown(question.id)
        flagged |= answered & ~shown
        flagged |= module.check(question, frame)
        if question.required:
            full = module.complete_answer(question, frame)
            flagged |= shown & (complete | answered) & ~full
    if organisations is not None:
        # Each distinct key is looked up once; an anonymous row (no organisation) is fine.
        codes, keys = frame.organisation_keys()
        known = pc.is_in(keys, value_set=pa.array(list(organisations), pa.string()))
        known_key = np.append(known.to_numpy(zero_copy_only=False), True)  # slot -1: anonymous
        flagged |= ~known_key[codes]
    return flagged


def _lines(data: bytes, keep: np.ndarray) -> np.ndarray:
    """File line of every kept row (1-based, header is line 1)."""
    rows = len(keep)
    blank_line = b"\n\n" in data or b"\n\r\n" in data
    if data.count(b"\n") in (rows + 1, rows) and b'"' not in data and not blank_line:
        return np.arange(2, rows + 2)[keep]
    # Quoted line breaks or blank lines: let the foundation's reader count the lines. The file
    # was read already (pyarrow); counting its lines for a message is not bound by the limits
    # for reading a table in, which would otherwise hide the problems of a large wave.
    limits = TableLimits.from_env()
    unbounded = dataclasses.replace(
        limits, rows=sys.maxsize, columns=sys.maxsize, cells=sys.maxsize, megabytes=sys.maxsize
    )
    return np.array(read_table_data(data, "", excel=False, limits=unbounded).lines)


def _explain(
    path: Path,
    flagged: np.ndarray,
    keep: np.ndarray,
    name: str,
    questionnaire: Questionnaire,
    organisations: Collection[str] | None,
) -> tuple[list[Problem], np.ndarray]:
    """The foundation's verdict and words for every flagged row (the error path: re-reads)."""
    with path.open("rb") as handle:
        first_line = handle.readline()
    table = _parse(path, first_line, questionnaire, as_text=True)
    assert table is not None
    if not keep.all():
        table = table.filter(pa.array(keep))
    lines = _lines(path.read_bytes(), keep)
    invalid = np.zeros(len(flagged), dtype=bool)
    header_table = Table(name, list(table.column_names), [], [], "", "")
    problems: list[Problem] = []
    rows = np.flatnonzero(flagged)
    subset = table.take(pa.array(rows))
    for index, row in zip(rows, subset.to_pylist(), strict=True):
        cells = {k: "" if v is None else str(v) for k, v in row.items()}
        _, found = foundation.read_row(
            header_table, cells, int(lines[index]), questionnaire, organisations
        )
        problems.extend(found)
        invalid[index] = bool(found)
    return problems, invalid


def _duplicates(
    frame: WaveFrame, path: Path, keep: np.ndarray, name: str, invalid: np.ndarray
) -> list[Problem]:
    """Second answers of one organisation, worded as the foundation's reader does."""
    organisation = frame.data["organisation"]
    codes, keys = frame.organisation_keys()
    present = (codes >= 0) & ~invalid
    if not (np.bincount(codes[present], minlength=len(keys)) > 1).any():
        return []
    lines = _lines(path.read_bytes(), keep)
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index in np.flatnonzero(present):
        key = str(organisation.iat[int(index)])
        line = int(lines[index])
        if key in seen:
            problems.append(
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message=f"Die Organisation „{key}“ hat schon in Zeile {seen[key]} geantwortet.",
                    fix="Je Organisation und Welle ist nur eine Antwort möglich; löschen Sie eine der Zeilen.",
                )
            )
        seen.setdefault(key, line)
    return problems
