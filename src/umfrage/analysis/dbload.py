"""A database wave into the analysis frame: the one module of the analysis that uses Django.

The answers are JSON objects per response. Decoding a million of them in Python and spreading
them over a hundred columns would take far longer than the analysis, so the rows leave the
database as newline-delimited JSON (on PostgreSQL through ``COPY … TO STDOUT``), pyarrow parses
them column-wise against a schema derived from the questionnaire, and the question types'
own encoders build the frame, exactly as from ``responses.csv``. Imported lazily by the CLI.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import json as pajson

from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.reader import build_frame, frame_from_records
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import ResponseRecord

META = {"_organisation": "organisation", "_status": "status", "_submitted_at": "submitted_at"}


def load_wave(wave: Any) -> WaveFrame:
    """The frame of a stored :class:`umfrage.store.models.Wave`."""
    from django.db import connection

    questionnaire = wave.questionnaire()
    source = f"{wave.survey.slug}/{wave.key}"
    data = _ndjson(wave, connection)
    try:
        table = pajson.read_json(
            io.BytesIO(data),
            read_options=pajson.ReadOptions(block_size=1 << 24),
            parse_options=pajson.ParseOptions(
                explicit_schema=_schema(questionnaire), unexpected_field_behavior="ignore"
            ),
        )
    except pa.ArrowInvalid:
        # An answer of an unexpected JSON type (e.g. edited by hand): the exact, slow way.
        return _slow(wave, questionnaire, source)
    if not data:
        table = _schema(questionnaire).empty_table()
    cells = _cells(questionnaire, table)
    frame, flagged = build_frame(questionnaire, cells, table.num_rows, source)
    if flagged.any():
        rows = np.flatnonzero(flagged)[:20]
        raise ProblemsError(
            [
                Problem(
                    source,
                    None,
                    None,
                    f"Die gespeicherte Antwort Nr. {int(r) + 1} passt nicht zum Fragebogen der Welle.",
                    "Prüfen Sie die Antwort in der Verwaltung oder exportieren Sie die Welle mit „umfrage dump“.",
                )
                for r in rows
            ]
        )
    return frame


def _ndjson(wave: Any, connection: Any) -> bytes:
    from umfrage.store.models import Organisation, Response

    responses = Response._meta.db_table
    organisations = Organisation._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            "COPY (SELECT jsonb_build_object('_organisation', o.key, '_status', r.status, "
            "'_submitted_at', r.submitted_at) || r.answers "
            f"FROM {responses} r LEFT JOIN {organisations} o ON o.id = r.organisation_id "
            f"WHERE r.wave_id = {int(wave.pk)} ORDER BY r.position, r.id) "
            "TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
        )
        buffer = io.BytesIO()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(sql) as copy:
                for chunk in copy:
                    buffer.write(chunk)
        return buffer.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.key, r.status, r.submitted_at, r.answers FROM {responses} r "
            f"LEFT JOIN {organisations} o ON o.id = r.organisation_id "
            "WHERE r.wave_id = %s ORDER BY r.position, r.id",
            [wave.pk],
        )
        lines = []
        for key, status, submitted, answers in cursor.fetchall():
            meta = json.dumps(
                {"_organisation": key, "_status": status, "_submitted_at": _iso(submitted)}
            )
            text = answers if isinstance(answers, str) else json.dumps(answers)
            body = text.strip()[1:]
            lines.append(meta[:-1] + ("," + body if body.strip() != "}" else "}"))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


def _schema(questionnaire: Questionnaire) -> pa.Schema:
    fields = [pa.field(name, pa.string()) for name in META]
    for q in questionnaire.questions():
        kind = q.type_name
        if kind == "multi":
            fields.append(pa.field(q.id, pa.list_(pa.string())))
        elif kind == "ranking":
            fields.append(pa.field(q.id, pa.struct([(c, pa.int64()) for c in q.codes()])))
        elif kind == "matrix":
            fields.append(pa.field(q.id, pa.struct([(i, pa.string()) for i in q.item_codes()])))
        elif kind == "number":
            fields.append(pa.field(q.id, pa.float64()))
        else:
            fields.append(pa.field(q.id, pa.string()))
        if f"{q.id}.other" in q.columns():
            fields.append(pa.field(f"{q.id}.other", pa.string()))
    return pa.schema(fields)


def _flags(indices: np.ndarray, dictionary: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(dictionary))


def _cells(questionnaire: Questionnaire, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells of every column, built without writing a string per cell."""
    rows = table.num_rows
    cells: dict[str, pa.Array] = {
        column: table.column(name).combine_chunks() for name, column in META.items()
    }
    for q in questionnaire.questions():
        values = table.column(q.id).combine_chunks()
        kind = q.type_name
        if kind == "multi":
            answered = values.is_valid().to_numpy(zero_copy_only=False)
            parents = pc.list_parent_indices(values).to_numpy(zero_copy_only=False)
            flat = pc.list_flatten(values)
            for code in q.codes():
                state = answered.astype(np.int32)  # 1 → "0", 2 → "1", 0 → ""
                hit = parents[pc.equal(flat, code).to_numpy(zero_copy_only=False)]
                state[hit] = 2
                cells[f"{q.id}.{code}"] = _flags(state, ["", "0", "1"])
        elif kind == "ranking":
            for code in q.codes():
                ranks = pc.struct_field(values, code).fill_null(0).to_numpy(zero_copy_only=False)
                top = int(ranks.max()) if rows else 0
                cells[f"{q.id}.{code}"] = _flags(
                    np.clip(ranks, 0, None).astype(np.int32),
                    [""] + [str(r) for r in range(1, top + 1)],
                )
        elif kind == "matrix":
            for item in q.item_codes():
                cells[f"{q.id}.{item}"] = pc.struct_field(values, item)
        elif kind == "number":
            cells[q.id] = pc.cast(values, pa.string())
        else:
            cells[q.id] = values
        if f"{q.id}.other" in q.columns():
            cells[f"{q.id}.other"] = table.column(f"{q.id}.other").combine_chunks()
    return cells


def _slow(wave: Any, questionnaire: Questionnaire, source: str) -> WaveFrame:
    from umfrage.store.models import Response

    rows = (
        Response.objects.filter(wave=wave)
        .order_by("position", "id")
        .values_list("organisation__key", "submitted_at", "status", "answers")
    )
    records = [
        ResponseRecord(org, submitted, status, answers) for org, submitted, status, answers in rows
    ]
    return frame_from_records(questionnaire, records, source)
