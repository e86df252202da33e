"""A validated columnar cache of each wave's frame (Arrow Feather files on disk).

Reading and validating a wave of a million responses takes seconds; the frame it yields is
the same until something that decides its content changes. After a *successful* validation the
frame is written to ``UMFRAGE_FRAME_CACHE_DIR`` (default ``<UMFRAGE_DATA_DIR>/cache/frames``)
under a name that is the SHA-256 of its key; the next load of the same wave reads that file
instead of parsing and checking again. ``UMFRAGE_FRAME_CACHE=off`` turns the cache off.

The key holds everything that decides the frame (see :func:`key`): the caller's parts (the
responses' bytes or the database's data version, the questionnaire, the register, the name
shown in messages) plus this reader's version (:data:`FORMAT`, the package's version and the
pandas and pyarrow versions). A file is trusted only if it opens as Arrow, carries that very
key in its own metadata and has the row count it says; anything else (corrupt, truncated,
foreign, another format) is ignored and replaced by a fresh one. Writers write a temporary file
in the same folder and rename it into place (atomic on POSIX), so a reader never sees half a
file, whatever runs at the same time; older files of the same wave are then deleted. A disk
problem (full, read-only) only costs the cache, never the load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

import umfrage
from umfrage.analysis.frame import WaveFrame
from umfrage.envconf import env_bool, env_cache_dir
from umfrage.questionnaire.problems import Problem
from umfrage.questionnaire.spec import Questionnaire

FORMAT = "umfrage-frame-2"
"""Bump when the frame's encoding changes in a way the package version would not show."""

META_KEY = b"umfrage.frame"
CHUNK_ROWS = 1 << 16
"""Rows per record batch in the file (Feather's default); joined into one chunk on reading."""


def enabled() -> bool:
    """``UMFRAGE_FRAME_CACHE`` (default on; 0/false/no turn it off)."""
    return env_bool("UMFRAGE_FRAME_CACHE", True)


def folder() -> Path:
    """Where the files go: ``UMFRAGE_FRAME_CACHE_DIR``, else ``<UMFRAGE_DATA_DIR>/cache/frames``
    (the data folder's rule of ``umfrage.settings``; this module does not need Django)."""
    return env_cache_dir("UMFRAGE_FRAME_CACHE_DIR", "frames")


def reader_version() -> str:
    return f"{FORMAT}|{umfrage.__version__}|pandas {pd.__version__}|pyarrow {pa.__version__}"


def questionnaire_digest(questionnaire: Questionnaire) -> str:
    """The parsed questionnaire as it decides the frame (every question, option and condition)."""
    text = questionnaire.model_dump_json()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def register_digest(organisations: Iterable[str] | None) -> str:
    """The register's keys (they decide which rows are valid); ``none`` without a register."""
    if organisations is None:
        return "none"
    digest = hashlib.sha256()
    for item in sorted(organisations):
        digest.update(item.encode("utf-8") + b"\n")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (a million responses: a few hundred MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def file_state(path: Path) -> tuple[int, int, int, int]:
    """Identity, size and modification time: unchanged while a file was hashed and read."""
    found = path.stat()
    return (found.st_ino, found.st_dev, found.st_size, found.st_mtime_ns)


def key(*, group: str, data: str, questionnaire: Questionnaire, register: str, source: str) -> str:
    """The cache key of one frame: every part that decides its content, and the reader's version.

    ``group`` names the wave (its older files are deleted when a new one is written), ``data``
    is the digest of the responses (file bytes or database data version), ``register`` a
    :func:`register_digest` and ``source`` the name shown in messages and kept in the frame.
    """
    parts = {
        "group": group,
        "data": data,
        "questionnaire": questionnaire_digest(questionnaire),
        "register": register,
        "source": source,
        "reader": reader_version(),
    }
    return json.dumps(parts, sort_keys=True, ensure_ascii=False)


def _group_stem(group: str) -> str:
    """A readable end of the group plus its digest: one stem per wave, never shared."""
    readable = re.sub(r"[^A-Za-z0-9_.-]", "_", group)[-80:]
    return f"{readable}-{hashlib.sha256(group.encode('utf-8')).hexdigest()[:16]}"


def path_for(cache_key: str) -> Path:
    group = json.loads(cache_key)["group"]
    name = hashlib.sha256(cache_key.encode("utf-8")).hexdigest()
    return folder() / f"{_group_stem(group)}~{name}.arrow"


def load(cache_key: str, questionnaire: Questionnaire) -> WaveFrame | None:
    """The cached frame of ``cache_key``, or None (off, absent, corrupt, foreign or stale)."""
    if not enabled():
        return None
    path = path_for(cache_key)
    try:
        table = feather.read_table(path, memory_map=False)
        meta = json.loads((table.schema.metadata or {})[META_KEY])
        if meta.get("key") != cache_key or meta.get("rows") != table.num_rows:
            return None
        warnings = tuple(Problem(**item) for item in meta["warnings"])
        # One chunk per column, as the reader builds them: code that reads a column's Arrow
        # array (dictionary indices of texts) sees the same structure as without the cache.
        data = table.combine_chunks().to_pandas()
        source = str(meta["source"])
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return None
    return WaveFrame(questionnaire, data, source, warnings)


def store(cache_key: str, frame: WaveFrame) -> None:
    """Keep a validated frame under ``cache_key`` (temporary file, then an atomic rename)."""
    if not enabled():
        return
    path = path_for(cache_key)
    meta = {
        "key": cache_key,
        "rows": len(frame),
        "source": frame.source,
        "warnings": [dataclasses.asdict(w) for w in frame.warnings],
    }
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(frame.data, preserve_index=False)
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), META_KEY: json.dumps(meta).encode("utf-8")}
        )
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        temporary = Path(name)
        feather.write_feather(table, temporary, compression="lz4", chunksize=CHUNK_ROWS)
        temporary.replace(path)
        temporary = None
        stem = path.name.split("~", 1)[0]
        for older in path.parent.glob(f"{stem}~*.arrow"):
            if older != path:
                with contextlib.suppress(OSError):
                    older.unlink()
    except (OSError, pa.ArrowException):
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
