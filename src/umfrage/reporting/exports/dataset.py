"""One wave's responses as a labelled table: the shape every export format writes.

The columns are those of ``responses.csv`` (contracts.md §2), each with a German label and, for
coded answers, numeric values with value labels (what SPSS and Stata need). Numeric codes: when
every option code of a question is a whole number (a scale such as ``1`` … ``5``, ``9``) those
numbers are kept; otherwise options are numbered 1, 2, 3 … in questionnaire order. The codebook
records both, so nothing is lost on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from umfrage import memory, titles
from umfrage.analysis.frame import WaveFrame, iso_times
from umfrage.questionnaire.base import Option
from umfrage.questionnaire.spec import Question, Questionnaire
from umfrage.questionnaire.types import MultiQuestion, SingleQuestion
from umfrage.reporting.exports import cells
from umfrage.reporting.tables import Table
from umfrage.reporting.types import named
from umfrage.surveyfolder.responses import META_COLUMNS, ResponseRecord, record_to_row

Kind = Literal["string", "numeric"]

BATCH_ROWS = 1 << 13
"""Rows turned into Python strings at a time by :meth:`Dataset.row_batches`."""

CHOSEN_LABELS = {0: "nicht gewählt", 1: "gewählt"}

META_LABELS = {
    "organisation": "Kennung der Organisation (leer: anonym)",
    "submitted_at": "Abgabezeitpunkt (ISO 8601)",
    "status": "Status der Antwort (complete = vollständig, partial = unvollständig)",
}


@dataclass(frozen=True)
class ValueLabel:
    value: int
    code: str
    label: str

    def __post_init__(self) -> None:
        # A questionnaire's label is a Text (a str subclass with its translations); the
        # statistics formats' writers accept plain str only.
        object.__setattr__(self, "label", str(self.label))


@dataclass(frozen=True)
class Variable:
    """One column: its contract name, label, kind and (for coded answers) value labels."""

    name: str
    label: str
    kind: Kind
    question: str | None = None
    question_type: str | None = None
    values: tuple[ValueLabel, ...] = ()
    free_text: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", str(self.label))  # see ValueLabel

    def numeric_of(self, code: str) -> int:
        for value in self.values:
            if value.code == code:
                return value.value
        raise KeyError(code)

    def value_labels(self) -> dict[int, str]:
        return {v.value: v.label for v in self.values}


@dataclass(frozen=True)
class Dataset:
    """A wave's responses with the labels of its questionnaire.

    The cells are kept per column (``data``: one Arrow string array per variable, in the order
    of ``variables``), as ``responses.csv`` writes them (empty = no answer): a million responses
    of a hundred columns stay a few hundred MB, where rows of Python strings would take
    gigabytes. Writers read them column-wise or in batches of rows (:meth:`row_batches`)."""

    survey: str
    survey_title: str
    wave: str
    wave_title: str
    synthetic: bool
    variables: tuple[Variable, ...]
    data: tuple[pa.Array, ...]
    """Per variable the cells exactly as ``responses.csv`` writes them (strings, empty = no
    answer)."""
    notes: tuple[str, ...] = field(default=())
    tables: tuple[Table, ...] = field(default=())
    """Result tables (from the analysis) that formats with room for them add, e.g. Excel."""
    translations: tuple[tuple[str, tuple[Variable, ...]], ...] = field(default=())
    """Per further language of the questionnaire (issue 21): the variables with that
    language's question texts and labels, in the same order and with the same names and codes."""

    @property
    def columns(self) -> list[str]:
        return [v.name for v in self.variables]

    @property
    def rows(self) -> int:
        """How many responses."""
        return len(self.data[0]) if self.data else 0

    @property
    def cells(self) -> tuple[tuple[str, ...], ...]:
        """Every row as a tuple of cells (for small datasets; writers use :meth:`row_batches`)."""
        return tuple(row for batch in self.row_batches() for row in batch)

    def row_batches(self, size: int = BATCH_ROWS) -> Iterator[list[tuple[str, ...]]]:
        """The rows in batches of ``size``: only one batch is ever held as Python strings."""
        # A dictionary column's texts become Python strings once; each batch picks from them
        # by index (DictionaryArray.to_pylist would build a scalar per cell).
        pickers = [_picker(column) for column in self.data]
        for start in range(0, self.rows, size):
            columns = [pick(start, size) for pick in pickers]
            yield list(zip(*columns, strict=True))

    def typed_columns(self) -> list[np.ndarray]:
        """Per variable an object array: numbers for numeric variables, None for no answer,
        the text for string variables. Each distinct cell is converted once."""
        return [
            _per_distinct(column, _converter(variable))
            for variable, column in zip(self.variables, self.data, strict=True)
        ]

    def numbers(self, index: int) -> np.ndarray:
        """A numeric variable's cells as float64 (NaN for no answer): the number or the code's
        numeric value, converted once per distinct cell."""
        convert = _converter(self.variables[index])
        column = _encoded(self.data[index])
        values = np.array(
            [
                np.nan if (v := convert(cell)) is None else float(v)
                for cell in column.dictionary.to_pylist()
            ],
            dtype="float64",
        )
        found: np.ndarray = values[column.indices.to_numpy(zero_copy_only=False)]
        return found

    def texts(self, index: int) -> np.ndarray:
        """A string variable's cells as an object array (each distinct text one object)."""
        return _per_distinct(self.data[index], str)

    def typed_rows(self) -> list[list[Any]]:
        """Rows with numbers for numeric variables and None for no answer."""
        return [list(row) for row in zip(*self.typed_columns(), strict=True)]

    def contract_rows(self) -> Iterator[list[Any]]:
        """Rows in the contract's values (option codes as text), numbers as numbers."""
        columns = []
        for variable, column in zip(self.variables, self.data, strict=True):
            numeric = (
                variable.kind == "numeric"
                and variable.question_type is not None
                and named(variable.question_type).CONTRACT_NUMBERS
            )
            columns.append(_per_distinct(column, _contract_number if numeric else _contract_text))
        return (list(row) for row in zip(*columns, strict=True))

    @property
    def title(self) -> str:
        return titles.wave_title(self.survey_title, self.wave_title)

    def synthetic_notice(self) -> str | None:
        if not self.synthetic:
            return None
        return "Achtung: Diese Daten sind synthetisch (erfunden) und dienen nur als Beispiel."


def columns_of(rows: Sequence[Sequence[str]], width: int) -> tuple[pa.Array, ...]:
    """Rows of cells as the dataset's columns (the record road and tests)."""
    return tuple(pa.array([row[i] for row in rows], pa.string()) for i in range(width))


def _per_distinct(column: pa.Array, convert: Any) -> np.ndarray:
    """``convert`` applied to each distinct cell once, spread over the rows (object array)."""
    encoded = _encoded(column)
    values = np.empty(len(encoded.dictionary), dtype=object)
    values[:] = [convert(cell) for cell in encoded.dictionary.to_pylist()]
    found: np.ndarray = values[encoded.indices.to_numpy(zero_copy_only=False)]
    return found


def _contract_number(cell: str) -> Any:
    return _number(cell) if cell != "" else None


def _contract_text(cell: str) -> Any:
    return cell if cell != "" else None


def build_dataset(
    *,
    survey: str,
    survey_title: str,
    wave: str,
    wave_title: str,
    synthetic: bool,
    questionnaire: Questionnaire,
    records: Iterable[ResponseRecord],
) -> Dataset:
    """The labelled table of one wave from validated records (the row road); rows in the order
    given. :func:`dataset_from_frame` builds the same from a wave's frame."""
    variables = _all_variables(questionnaire)
    rows = [record_to_row(questionnaire, r) for r in records]
    return Dataset(
        survey,
        survey_title,
        wave,
        wave_title,
        synthetic,
        variables,
        columns_of(rows, len(variables)),
        translations=_translations(questionnaire),
    )


def dataset_from_frame(
    *,
    survey: str,
    survey_title: str,
    wave: str,
    wave_title: str,
    synthetic: bool,
    frame: WaveFrame,
    zone: tzinfo | None = None,
) -> Dataset:
    """The labelled table of one wave from its frame (analysis/frame.py), column by column,
    with the cells :func:`build_dataset` writes for the same responses: each question type's
    reporting module writes its columns (``export_cells``), ``submitted_at`` is written with
    the offset it was given with, or in ``zone`` (a database keeps UTC; its survey folder
    shows the survey's time zone, store/folder.py)."""
    questionnaire = frame.questionnaire
    variables = _all_variables(questionnaire)
    # What reading the file used goes back before the cells are written (umfrage.memory); each
    # question's cells are compacted as they come, so no second copy of all columns arises.
    memory.give_back()
    found: dict[str, pa.Array] = {
        "organisation": _compact(cells.texts(frame, "organisation")),
        "submitted_at": _compact(iso_times(frame.data, zone)),
        "status": _compact(cells.codes(frame, "status")),
    }
    for question in questionnaire.questions():
        written = named(question.type_name).export_cells(question, frame)
        found.update((column, _compact(values)) for column, values in written.items())
    memory.give_back()
    return Dataset(
        survey,
        survey_title,
        wave,
        wave_title,
        synthetic,
        variables,
        tuple(found[v.name] for v in variables),
        translations=_translations(questionnaire),
    )


def _compact(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column of cells in one chunk, dictionary-encoded with one- or two-byte indices where it
    has few distinct cells (codes, 0/1, ranks: a million rows in 1 MB instead of 5 MB); a column
    of mostly distinct cells (times, texts) stays a plain string array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    distinct = len(encoded.dictionary)
    for indices in (pa.int8(), pa.int16()):
        if distinct <= np.iinfo(indices.to_pandas_dtype()).max:
            return encoded.cast(pa.dictionary(indices, pa.string()))
    return values


def _picker(values: pa.Array) -> Any:
    """``pick(start, size)``: the cells of rows start … start + size as a list of str."""
    if not pa.types.is_dictionary(values.type):
        return lambda start, size: values.slice(start, size).to_pylist()
    texts = np.array(values.dictionary.to_pylist(), dtype=object)
    indices = values.indices.to_numpy(zero_copy_only=False)
    return lambda start, size: texts[indices[start : start + size]].tolist()


def byte_lengths(values: pa.Array) -> np.ndarray:
    """Each cell's length in UTF-8 bytes (of a plain or dictionary-encoded column)."""
    if pa.types.is_dictionary(values.type):
        lengths = pc.binary_length(values.dictionary).to_numpy(zero_copy_only=False)
        found: np.ndarray = lengths[values.indices.to_numpy(zero_copy_only=False)]
        return found
    return np.asarray(pc.binary_length(values).to_numpy(zero_copy_only=False))


def _encoded(values: pa.Array) -> pa.DictionaryArray:
    return values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values)


def _translations(questionnaire: Questionnaire) -> tuple[tuple[str, tuple[Variable, ...]], ...]:
    return tuple(
        (language, _all_variables(questionnaire.in_language(language)))
        for language in questionnaire.respondent_languages()[1:]
    )


def _all_variables(questionnaire: Questionnaire) -> tuple[Variable, ...]:
    variables = [Variable(name, META_LABELS[name], "string") for name in META_COLUMNS]
    for question in questionnaire.questions():
        variables.extend(_variables(question))
    return tuple(variables)


def _variables(question: Question) -> list[Variable]:
    return named(question.type_name).export_variables(question)


def other_variables(question: SingleQuestion | MultiQuestion) -> list[Variable]:
    option = question.other_option()
    if option is None:
        return []
    found = [
        Variable(
            f"{question.id}.other",
            f"{question.text} – {option.label} (Freitext)",
            "string",
            question.id,
            question.type_name,
            free_text=True,
        )
    ]
    if question.codebook():
        # The codes given to the "other" texts (docs/questionnaire-format.md).
        found.append(
            Variable(
                question.other_codes_key,
                f"{question.text} – {option.label} (Kategorien, Codes mit „;“ getrennt)",
                "string",
                question.id,
                question.type_name,
            )
        )
    return found


def numeric_codes(options: Sequence[Option]) -> tuple[ValueLabel, ...]:
    """The numbers that stand for option codes in SPSS and Stata (see module docstring)."""
    codes = [o.code for o in options]
    if all(re.fullmatch(r"-?\d{1,9}", c) for c in codes):
        return tuple(ValueLabel(int(o.code), o.code, o.label) for o in options)
    return tuple(ValueLabel(i, o.code, o.label) for i, o in enumerate(options, start=1))


def _number(cell: str) -> int | float:
    value = float(cell)
    return int(value) if value.is_integer() and "." not in cell else value


def _converter(variable: Variable) -> Any:
    if variable.kind == "string":
        return lambda cell: cell
    coded = variable.question_type is None or named(variable.question_type).CODED_VALUES
    if variable.values and coded:
        lookup = {v.code: v.value for v in variable.values}
        return lambda cell: lookup[cell] if cell != "" else None
    return lambda cell: _number(cell) if cell != "" else None
