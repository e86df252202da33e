"""A database wave into the analysis frame: the one module of the analysis that uses Django.

The answers are JSON objects per response. Decoding a million of them in Python and spreading
them over a hundred columns would take far longer than the analysis, so the rows leave the
database as newline-delimited JSON (on PostgreSQL through ``COPY … TO STDOUT``), pyarrow parses
them column-wise against a schema derived from the questionnaire, and the question types'
own encoders build the frame, exactly as from ``responses.csv``. Imported lazily by the CLI.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv
from pyarrow import json as pajson

from umfrage.analysis import framecache
from umfrage.analysis.frame import OFFSET_COLUMN, WaveFrame, no_offsets
from umfrage.analysis.reader import build_frame, frame_from_records
from umfrage.analysis.sources import (
    Loaded,
    compared_with_itself,
    no_answers,
    unknown_wave,
    wants_series,
)
from umfrage.analysis.types import module_for
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import ResponseRecord

META = {"_organisation": "organisation", "_status": "status", "_submitted_at": "submitted_at"}


def load_survey(
    slug: str,
    wave: str,
    compare: str | None = None,
    series: bool | None = False,
    *,
    only_published: bool = False,
) -> Loaded:
    """The wave (and the compared one) of a survey in the database, by the survey's slug.

    With ``series`` (None: when the survey has three waves up to ``wave``) also every earlier
    wave in the survey's order, back to the first one without answers (``only_published``:
    or the first one not published, for the public pages)."""
    from umfrage.store.lookup import neither_folder_nor_survey
    from umfrage.store.models import Survey
    from umfrage.surveyfolder.survey import parse_survey_config

    survey = Survey.objects.filter(slug=slug).first()
    if survey is None:
        raise neither_folder_nor_survey(slug)
    if compare is not None and compare == wave:
        raise compared_with_itself("--compare", wave)
    config = parse_survey_config(survey.config_text, f"{slug}/survey.yaml")
    frames: list[WaveFrame | None] = []
    for wanted in (wave, compare):
        if wanted is None:
            frames.append(None)
            continue
        found = survey.waves.filter(key=wanted).first()
        if found is None:
            raise unknown_wave(slug, wanted, list(survey.waves.values_list("key", flat=True)))
        frames.append(load_wave(found))
    first = frames[0]
    assert first is not None
    stored = list(survey.waves.order_by("position"))
    order = [w.key for w in stored]
    if not wants_series(series, order, wave):
        return Loaded(first, frames[1], config)
    earlier: list[WaveFrame] = []
    gap = None
    for item in reversed(stored[: order.index(wave)]):
        later = earlier[0].wave if earlier else wave
        if only_published and item.status != item.Status.PUBLISHED:
            gap = f"Vor {later} keine Zeitreihe: Die Welle {item.key} ist nicht veröffentlicht."
            break
        if not item.responses.exists():
            gap = no_answers(later, item.key)
            break
        same = frames[1] is not None and frames[1].wave == item.key
        earlier.insert(0, frames[1] if same and frames[1] is not None else load_wave(item))
    return Loaded(first, frames[1], config, tuple(earlier), gap)


def load_wave(wave: Any) -> WaveFrame:
    """The frame of a stored :class:`umfrage.store.models.Wave`, from the frame cache
    (analysis/framecache.py) while the wave's data version is unchanged, with how many responses
    were given in which language (``WaveFrame.languages``)."""
    frame = _cached_wave(wave)
    if frame.questionnaire.anonymous:
        return frame  # an anonymous wave does not store the language (collect.views.Visit)
    return dataclasses.replace(frame, languages=_language_counts(wave))


def _language_counts(wave: Any) -> dict[str, int]:
    """Responses per language; one not entered through the web questionnaire counts as German."""
    from django.db.models import Count

    from umfrage.store.models import Response

    counts: dict[str, int] = {}
    rows = Response.objects.filter(wave=wave).values_list("language").annotate(n=Count("id"))
    for language, n in rows:
        code = language or "de"
        counts[code] = counts.get(code, 0) + int(n)
    return counts


def _cached_wave(wave: Any) -> WaveFrame:
    questionnaire = wave.questionnaire()
    source = f"{wave.survey.slug}/{wave.key}"
    if not framecache.enabled():
        return _load_wave(wave, questionnaire, source)
    key = framecache.key(
        group=f"db-{_database()}-{wave.survey.slug}-{wave.key}",
        data=data_version(wave),
        questionnaire=questionnaire,
        register="in data version",
        source=source,
    )
    cached = framecache.load(key, questionnaire)
    if cached is not None:
        return cached
    frame = _load_wave(wave, questionnaire, source)  # raises if a stored answer is invalid
    if data_version(wave) == json.loads(key)["data"]:  # nothing changed while it was read
        framecache.store(key, frame)
    return frame


def _database() -> str:
    from django.db import connection

    settings = connection.settings_dict
    return f"{connection.vendor}:{settings.get('HOST') or ''}:{settings.get('PORT') or ''}:{settings['NAME']}"


def data_version(wave: Any) -> str:
    """What decides a stored wave's frame besides its questionnaire: the database, the wave, its
    responses (count, highest id, latest change, sum of versions: any new, changed, re-created
    or deleted response changes one of them) and the register (count and highest id: an
    organisation removed or added; a response's organisation key comes from it)."""
    from django.db.models import Count, Max, Sum

    responses = wave.responses.aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at"), versions=Sum("version")
    )
    register = wave.survey.organisations.aggregate(n=Count("id"), last=Max("id"))
    found = (_database(), wave.pk, wave.key, sorted(responses.items()), sorted(register.items()))
    return hashlib.sha256(repr(found).encode("utf-8")).hexdigest()


def _load_wave(wave: Any, questionnaire: Questionnaire, source: str) -> WaveFrame:
    from django.db import connection

    schema = _schema(questionnaire)
    try:
        table = _parse_while_receiving(_lines(wave, connection), schema)
    except pa.ArrowInvalid:
        # An answer of an unexpected JSON type (e.g. edited by hand): the exact, slow way.
        return _slow(wave, questionnaire, source)
    cells = _cells(questionnaire, table)
    frame, flagged = build_frame(questionnaire, cells, table.num_rows, source)
    if flagged.any():
        rows = np.flatnonzero(flagged)[:20]
        raise ProblemsError(
            [
                Problem(
                    file=source,
                    line=None,
                    question=None,
                    message=f"Die gespeicherte Antwort Nr. {int(r) + 1} passt nicht zum Fragebogen der Welle.",
                    fix="Prüfen Sie die Antwort in der Verwaltung oder exportieren Sie die Welle mit „umfrage dump“.",
                )
                for r in rows
            ]
        )
    return _utc_only(frame)


def _utc_only(frame: WaveFrame) -> WaveFrame:
    """The database keeps each moment in UTC, not the offset it was given with: the frame says
    so (no offset, as a file's time without one), whatever text the database wrote the time in,
    so that it equals the frame of the same wave's ``responses.csv`` read back from a dump in
    UTC. The exports write a stored wave's times in the survey's time zone (loaders.dataset)."""
    frame.data[OFFSET_COLUMN] = no_offsets(len(frame))
    return frame


BLOCK = 1 << 23
SEPARATOR = "\x02"
"""Between the four fields of a line; JSON text never holds it unescaped."""


def _parse_while_receiving(chunks: Iterable[Any], schema: pa.Schema) -> pa.Table:
    """Parse blocks of complete lines in a worker thread while the next ones arrive.

    A line is ``organisation␂status␂submitted_at␂answers-as-JSON``. The database produces the
    rows on its own core; parsing them meanwhile (pyarrow releases the GIL) hides most of the
    parsing time behind the transfer.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = []
        pending = bytearray()
        for chunk in chunks:
            pending += chunk
            if len(pending) >= BLOCK:
                cut = pending.rfind(b"\n") + 1
                if cut:
                    futures.append(pool.submit(_parse_block, bytes(pending[:cut]), schema))
                    del pending[:cut]
        if pending.strip():
            futures.append(pool.submit(_parse_block, bytes(pending), schema))
        tables = [future.result() for future in futures]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables)


def _parse_block(block: bytes, schema: pa.Schema) -> pa.Table:
    names = [*META, "answers"]
    fields = pacsv.read_csv(
        pa.BufferReader(block),
        read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pacsv.ParseOptions(
            delimiter=SEPARATOR, quote_char=False, escape_char=False, double_quote=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        ),
    )
    # The answers column's own bytes, one JSON object per line, go to the JSON parser as they are.
    lines = pc.binary_join_element_wise(fields.column("answers").combine_chunks(), "\n", "")
    offsets = lines.buffers()[1]
    start, end = (
        int(x)
        for x in np.frombuffer(offsets, dtype=np.int32)[[lines.offset, lines.offset + len(lines)]]
    )
    data = lines.buffers()[2][start:end]
    answers_schema = pa.schema([f for f in schema if f.name not in META])
    answers = pajson.read_json(
        pa.BufferReader(data),
        read_options=pajson.ReadOptions(use_threads=False, block_size=max(len(block), 1 << 20)),
        parse_options=pajson.ParseOptions(
            explicit_schema=answers_schema, unexpected_field_behavior="ignore"
        ),
    )
    for index, name in enumerate(META):
        answers = answers.add_column(index, name, fields.column(name))
    return answers.cast(schema)


def _lines(wave: Any, connection: Any) -> Iterator[bytes]:
    """The wave's rows, each ``organisation␂status␂submitted_at␂answers\\n``, as they arrive."""
    from umfrage.store.models import Organisation, Response

    responses = Response._meta.db_table
    organisations = Organisation._meta.db_table
    select = (
        f"SELECT o.key, r.status, r.submitted_at, r.answers FROM {responses} r "
        f"LEFT JOIN {organisations} o ON o.id = r.organisation_id "
        "WHERE r.wave_id = %s ORDER BY r.position, r.id"
    )
    if connection.vendor == "postgresql":
        # CSV format with quote and delimiter characters that never occur: values come out
        # as they are (no backslash escapes), NULL as an empty field.
        sql = (
            f"COPY ({select % int(wave.pk)}) TO STDOUT WITH "
            "(FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            yield from copy
        return
    with connection.cursor() as cursor:
        cursor.execute(select, [wave.pk])
        lines = []
        for key, status, submitted, answers in cursor.fetchall():
            text = answers if isinstance(answers, str) else json.dumps(answers)
            fields = [key or "", status, _iso(submitted) or "", text]
            lines.append(SEPARATOR.join(fields))
        if lines:
            yield ("\n".join(lines) + "\n").encode("utf-8")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


def _schema(questionnaire: Questionnaire) -> pa.Schema:
    fields = [pa.field(name, pa.string()) for name in META]
    for q in questionnaire.questions():
        own = module_for(q).store_fields(q)
        fields.append(own[0])
        if f"{q.id}.other" in q.columns():
            fields.append(pa.field(f"{q.id}.other", pa.string()))
        fields.extend(own[1:])
    return pa.schema(fields)


def _cells(questionnaire: Questionnaire, table: pa.Table) -> dict[str, pa.Array]:
    """The ``responses.csv`` cells of every column, built without writing a string per cell."""
    cells: dict[str, pa.Array] = {
        column: table.column(name).combine_chunks() for name, column in META.items()
    }
    for q in questionnaire.questions():
        cells.update(module_for(q).store_cells(q, table))
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
    return _utc_only(frame_from_records(questionnaire, records, source))
