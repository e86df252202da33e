"""Benchmark of the analysis engine (issue 3): speed against the numpy.bincount floor, memory,
and loading from PostgreSQL against a plain COPY.

    .venv/bin/python bench/analysis/run.py --sizes 1000,100000,1000000 \
        --postgres postgres://postgres@127.0.0.1:5432/umfrage_bench

Two synthetic waves (2023 and 2024 questionnaires of examples/buendnisumfrage, one data set per
size, seeded) are written as responses.csv. Each measurement runs in a fresh child process so
that its peak resident memory is its own:

- floor: read both files with pyarrow (every column dictionary-encoded) and count every column
  with numpy.bincount;
- full: read and validate both files (analysis.reader), analyse every question of 2024 with the
  comparison against 2023, render the JSON of contracts.md §4;
- PostgreSQL (with --postgres): the 2024 wave stored as Response rows; a plain
  ``COPY (SELECT …) TO STDOUT`` of those rows against loaders.frames.load_wave.
Results are printed as Markdown tables for docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SURVEY = ROOT / "examples" / "buendnisumfrage"


def _peak_mb() -> float:
    """Peak resident memory of this process image (VmHWM).

    Not getrusage: Linux carries the parent's peak across fork and exec into ru_maxrss, so a
    child started by a parent holding a million generated rows would report the parent's peak.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _survey(path: Path) -> Any:
    from umfrage.surveyfolder.survey import read_survey_folder

    return read_survey_folder(path, with_responses=False)


def generate(survey_path: Path, rows: int, out: Path, seed: int) -> dict[str, Path]:
    from umfrage.analysis.synthetic import generate_cells, write_cells

    survey = _survey(survey_path)
    rng = np.random.default_rng(seed)
    paths = {}
    for wave in ("2023", "2024"):
        path = out / wave / "responses.csv"
        organisations = [f"lb{i:07d}" for i in range(rows)]
        cells = generate_cells(survey.questionnaire(wave), rows, rng, organisations=organisations)
        write_cells(path, survey.questionnaire(wave), cells)
        paths[wave] = path
    return paths


def child_floor(survey_path: Path, paths: list[Path]) -> dict[str, float]:
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    survey = _survey(survey_path)
    texts = {
        column
        for wave in survey.waves.values()
        for q in wave.questionnaire.questions()
        for column in q.columns()
        if q.type_name == "text" or column.endswith(".other")
    }

    start = time.perf_counter()
    total = 0
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        # Free texts and unique keys stay strings (counted as filled), the rest is coded.
        types = {
            c: pa.string()
            if c in ("organisation", "submitted_at") or c in texts
            else pa.dictionary(pa.int32(), pa.string())
            for c in header
        }
        table = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=b'"' in path.read_bytes()),
            convert_options=pacsv.ConvertOptions(column_types=types),
        )
        for column in table.columns:
            values = column.combine_chunks()
            if pa.types.is_dictionary(values.type):
                counts = np.bincount(
                    values.indices.to_numpy(zero_copy_only=False),
                    minlength=len(values.dictionary),
                )
                total += int(counts.sum())
            else:
                total += int(pc.sum(pc.not_equal(values, "")).as_py() or 0)
    return {"seconds": time.perf_counter() - start, "cells": total, "peak_mb": _peak_mb()}


def child_full(survey_path: Path, paths: list[Path]) -> dict[str, float]:
    from umfrage.analysis.engine import analyse
    from umfrage.analysis.reader import read_wave_csv
    from umfrage.analysis.render import to_json

    survey = _survey(survey_path)
    start = time.perf_counter()
    frames = [read_wave_csv(p, survey.questionnaire(p.parent.name)) for p in paths]
    read = time.perf_counter() - start
    result = analyse(frames[1], compare=frames[0], wave_order=survey.config.wave_ids())
    text = json.dumps(to_json(result), ensure_ascii=False)
    return {
        "seconds": time.perf_counter() - start,
        "read_seconds": read,
        "json_bytes": len(text),
        "peak_mb": _peak_mb(),
    }


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
    import django

    django.setup()


def answers_json(questionnaire: Any, cells: dict[str, np.ndarray]) -> Any:
    """Every row's answers as JSON text, built column-wise with Arrow (as Response.answers).

    Each piece ends with "," or is empty, pieces are concatenated and the trailing comma cut
    (joining with null_handling="skip" loses rows in pyarrow 26, so no nulls are used).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values: Any) -> Any:
        return pa.array(np.asarray(values).astype(str), pa.string())

    def piece(mask: np.ndarray, *parts: Any) -> Any:
        joined = pc.binary_join_element_wise(*parts, ",", "")
        return pc.if_else(pa.array(mask), joined, "")

    def concat(pieces: list[Any]) -> Any:
        return pc.utf8_rtrim(pc.binary_join_element_wise(*pieces, ""), characters=",")

    fragments = []
    for q in questionnaire.questions():
        kind = q.type_name
        if kind in ("single", "text"):
            value = cells[q.id]
            fragments.append(piece(value != "", f'"{q.id}":"', text(value), '"'))
        elif kind == "number":
            value = cells[q.id]
            fragments.append(piece(value != "", f'"{q.id}":', text(value)))
        else:
            keys = q.item_codes() if kind == "matrix" else q.codes()
            answered = np.zeros(len(cells[q.columns()[0]]), dtype=bool)
            parts = []
            for key in keys:
                value = cells[f"{q.id}.{key}"]
                answered |= value != ""
                if kind == "multi":
                    parts.append(piece(value == "1", f'"{key}"'))
                elif kind == "ranking":
                    parts.append(piece(value != "", f'"{key}":', text(value)))
                else:
                    parts.append(piece(value != "", f'"{key}":"', text(value), '"'))
            opening, closing = ("[", "]") if kind == "multi" else ("{", "}")
            fragments.append(piece(answered, f'"{q.id}":{opening}', concat(parts), closing))
        if f"{q.id}.other" in cells:
            value = cells[f"{q.id}.other"]
            fragments.append(piece(value != "", f'"{q.id}.other":"', text(value), '"'))
    return pc.binary_join_element_wise("{", concat(fragments), "}", "")


def child_pg_setup(url: str, survey_path: Path, rows: int, seed: int) -> dict[str, float]:
    """Store the 2024 wave of ``rows`` responses (not timed as part of the comparison)."""
    _django(url)
    import pyarrow as pa
    from django.core.management import call_command
    from django.db import connection

    from umfrage.analysis.synthetic import generate_cells
    from umfrage.store.models import Organisation, Response, Survey, Wave

    call_command("migrate", verbosity=0)
    folder = _survey(survey_path)
    # A scratch database: empty it wholesale (deleting a million rows one by one takes ages).
    tables = ", ".join(m._meta.db_table for m in (Survey, Wave, Organisation, Response))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")
    survey = Survey.objects.create(slug="bench", title="Benchmark", config_text=folder.config_text)
    wave = Wave.objects.create(
        survey=survey, key="2024", questionnaire_text=folder.waves["2024"].questionnaire_text
    )
    start = time.perf_counter()
    register = pa.table(
        {
            "survey_id": pa.array(np.full(rows, survey.pk)),
            "key": pa.array([f"lb{i:07d}" for i in range(rows)]),
            "position": pa.array(np.arange(rows)),
            "name": pa.array([f"Bündnis {i}" for i in range(rows)]),
            **{
                c: pa.array([""] * rows)
                for c in ("bundesland", "gemeindegroesse", "municipality", "contact_name", "email")
            },
            "extra": pa.array(["{}"] * rows),
        }
    )
    _copy_in(connection, Organisation, register)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Organisation._meta.db_table} WHERE survey_id = %s ORDER BY position",
            [survey.pk],
        )
        organisation_ids = [row[0] for row in cursor.fetchall()]
    questionnaire = folder.questionnaire("2024")
    cells = generate_cells(questionnaire, rows, np.random.default_rng(seed))
    answers = answers_json(questionnaire, cells)
    table = pa.table(
        {
            "wave_id": pa.array(np.full(rows, wave.pk)),
            "organisation_id": pa.array(organisation_ids),
            "position": pa.array(np.arange(rows)),
            "status": pa.array(["complete"] * rows),
            "submitted_at": pa.array(["2024-05-13T09:41:00+02:00"] * rows),
            "answers": answers,
            "version": pa.array(np.ones(rows, dtype=np.int64)),
            "created_at": pa.array(["2024-05-13T09:41:00+02:00"] * rows),
            "updated_at": pa.array(["2024-05-13T09:41:00+02:00"] * rows),
        }
    )
    _copy_in(connection, Response, table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Response._meta.db_table}")
    return {"seconds": time.perf_counter() - start, "wave": wave.pk, "peak_mb": _peak_mb()}


def _with_defaults(model: Any, table: Any) -> Any:
    """``table`` plus every NOT NULL column of ``model`` it lacks, filled with the field's default.

    COPY bypasses Django's defaults, so a field added to the model later (as ``active`` on the
    register was) would otherwise break the benchmark with a NotNullViolation.
    """
    import pyarrow as pa

    rows = table.num_rows
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.column in table.column_names:
            continue
        if not field.has_default():
            raise SystemExit(f"{model.__name__}.{field.name}: no value and no default for COPY")
        value = field.get_default()
        if isinstance(value, dict | list):
            value = json.dumps(value)
        table = table.append_column(field.column, pa.array([value] * rows))
    return table


def _copy_in(connection: Any, model: Any, table: Any) -> None:
    from pyarrow import csv as pacsv

    table = _with_defaults(model, table)
    db_table = model._meta.db_table
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, write_options=pacsv.WriteOptions(include_header=False))
    columns = ", ".join(table.column_names)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {db_table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy,
    ):
        copy.write(buffer.getbuffer())


def child_pg_copy(url: str, wave_id: int) -> dict[str, float]:
    _django(url)
    from django.db import connection

    sql = (
        "COPY (SELECT o.key, r.status, r.submitted_at, r.answers FROM store_response r "
        "LEFT JOIN store_organisation o ON o.id = r.organisation_id "
        f"WHERE r.wave_id = {wave_id} ORDER BY r.position, r.id) TO STDOUT"
    )
    best = float("inf")
    size = 0
    for _ in range(2):
        start = time.perf_counter()
        buffer = io.BytesIO()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for chunk in copy:
                buffer.write(chunk)
        best = min(best, time.perf_counter() - start)
        size = buffer.tell()
    return {"seconds": best, "bytes": size, "peak_mb": _peak_mb()}


def child_pg_load(url: str, wave_id: int) -> dict[str, float]:
    _django(url)
    from umfrage.loaders.frames import load_wave
    from umfrage.store.models import Wave

    wave = Wave.objects.select_related("survey").get(pk=wave_id)
    best = float("inf")
    rows = 0
    for _ in range(2):
        start = time.perf_counter()
        frame = load_wave(wave)
        best = min(best, time.perf_counter() - start)
        rows = len(frame)
        del frame
    return {"seconds": best, "rows": rows, "peak_mb": _peak_mb()}


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--survey", type=Path, default=DEFAULT_SURVEY)
    parser.add_argument("--postgres", default=None, help="URL of a scratch database")
    parser.add_argument("--postgres-sizes", default=None, help="default: the largest size")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--child", nargs="+", default=None)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "floor":
            print(json.dumps(child_floor(Path(rest[0]), [Path(p) for p in rest[1:]])))
        elif kind == "full":
            print(json.dumps(child_full(Path(rest[0]), [Path(p) for p in rest[1:]])))
        elif kind == "pg-setup":
            print(json.dumps(child_pg_setup(rest[0], Path(rest[1]), int(rest[2]), int(rest[3]))))
        elif kind == "pg-copy":
            print(json.dumps(child_pg_copy(rest[0], int(rest[1]))))
        elif kind == "pg-load":
            print(json.dumps(child_pg_load(rest[0], int(rest[1]))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="umfrage-bench-"))
    print(f"Arbeitsordner: {workdir}", file=sys.stderr)
    print(
        "| responses per wave | floor (s) | full analysis (s) | of which reading (s) | ratio | floor peak (MB) | full peak (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for rows in sizes:
        paths = generate(args.survey, rows, workdir / f"n{rows}", seed=rows)
        files = [str(paths["2023"]), str(paths["2024"])]
        floor = run_child("floor", str(args.survey), *files)
        full = run_child("full", str(args.survey), *files)
        print(
            f"| {rows:,} | {floor['seconds']:.2f} | {full['seconds']:.2f} | "
            f"{full['read_seconds']:.2f} | {full['seconds'] / floor['seconds']:.2f} | "
            f"{floor['peak_mb']:.0f} | {full['peak_mb']:.0f} |",
            flush=True,
        )
        for path in paths.values():
            path.unlink()
    if args.postgres:
        pg_sizes = [int(s) for s in (args.postgres_sizes or str(max(sizes))).split(",")]
        print()
        print(
            "| responses | plain COPY (s) | load_wave into frame (s) | ratio | COPY bytes | load peak (MB) |"
        )
        print("|---:|---:|---:|---:|---:|---:|")
        for rows in pg_sizes:
            setup = run_child("pg-setup", args.postgres, str(args.survey), str(rows), str(rows))
            wave = str(int(setup["wave"]))
            copy = run_child("pg-copy", args.postgres, wave)
            load = run_child("pg-load", args.postgres, wave)
            print(
                f"| {rows:,} | {copy['seconds']:.2f} | {load['seconds']:.2f} | "
                f"{load['seconds'] / copy['seconds']:.2f} | {copy['bytes']:,} | {load['peak_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
