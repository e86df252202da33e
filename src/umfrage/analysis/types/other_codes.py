"""The coded "other" texts of a single or multi question (``<qid>.other.codes``).

A choice question's "other" option may carry a codebook (docs/questionnaire-format.md); a
category of it may name an option of the question (``option: <code>``): the text says what the
respondent could have ticked. Such respondents are counted apart, next to the option
(:class:`FromOther`), never merged into the respondents' own choices: the option's ``count`` and
``share`` stay what respondents ticked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from umfrage.analysis.common import Indicators, Sample, share_of
from umfrage.analysis.frame import WaveFrame, empty_cells, text_array
from umfrage.analysis.results import FromOther
from umfrage.analysis.types.text import read_code_cells
from umfrage.questionnaire.base import CODE_SEPARATOR, read_codes


def store_fields(question: Any) -> list[pa.Field]:
    if not question.codebook():
        return []
    return [pa.field(question.other_codes_key, pa.list_(pa.string()))]


def store_cells(question: Any, table: pa.Table) -> dict[str, pa.Array]:
    if not question.codebook():
        return {}
    codes = table.column(question.other_codes_key).combine_chunks()
    return {question.other_codes_key: pc.binary_join(codes, CODE_SEPARATOR)}


def encode(
    question: Any, cells: Mapping[str, pa.Array], rows: int
) -> tuple[dict[str, Any], np.ndarray]:
    """The codes cells in codebook order, and the rows whose cell cannot be read."""
    if not question.codebook():
        return {}, np.zeros(rows, dtype=bool)
    known = [c.code for c in question.codebook()]
    codes, bad = read_code_cells(
        lambda cell: read_codes(cell, known), cells.get(question.other_codes_key, empty_cells(rows))
    )
    return {question.other_codes_key: text_array(codes)}, bad


def _coded_with(frame: WaveFrame, key: str, code: str) -> np.ndarray:
    values = pa.array(frame.data[key].array).cast(pa.string())
    encoded = pc.dictionary_encode(values)
    at = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    found = np.zeros(len(frame), dtype=bool)
    for index, cell in enumerate(encoded.dictionary.to_pylist()):
        if code in (cell or "").split(CODE_SEPARATOR):
            found |= at == index
    return found


def from_other(question: Any, sample: Sample, ind: Indicators) -> tuple[FromOther, ...] | None:
    """Per option named by a category of the "other" codebook: the respondents in the base
    whose "other" text has that category and who did not choose the option themselves."""
    named = [c for c in question.codebook() if c.option is not None]
    frame = sample.frame
    if not named or not frame.has(question.other_codes_key):
        return None
    found = []
    for category in named:
        own = ind.chosen.get(category.option)
        if own is None:
            continue  # an option excluded from the base has no share to stand next to
        added = _coded_with(frame, question.other_codes_key, category.code) & ind.base & ~own
        count, share = share_of(sample, added, ind.base)
        found.append(
            FromOther(
                code=category.option,
                label=ind.labels[category.option],
                category=category.code,
                count=count,
                share=share,
            )
        )
    return tuple(found)


def lines(result: Any) -> list[str]:
    """The terminal's line per option: „davon nicht gewählt, aus „Sonstiges“ nachcodiert“."""
    from umfrage.analysis.render import count, percent

    return [
        f"  + {o.label}: zusätzlich aus „Sonstiges“ nachcodiert {count(o.count)} "
        f"({percent(o.share)}; nicht in der Zeile darüber enthalten)"
        for o in result.from_other or ()
    ]
