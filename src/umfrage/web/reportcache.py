"""Rendered report files (internal and public PDF and HTML) kept on disk per data version.

Laying out a report PDF takes seconds; the same file was rendered again on every download. A
rendered file is kept in ``UMFRAGE_REPORT_CACHE_DIR`` (default ``<UMFRAGE_DATA_DIR>/cache/
berichte``) under a name made from everything that decides its content: the caller's key (wave,
download, compared wave, weighting, the data version of ``loaders.report.data_version``) plus the
code version (a fingerprint of the installed ``umfrage`` package) and the settings that change
the output (time zone, language). Any change to the answers, the questionnaire, the register or
the code gives a new name, so a stale file is never served; the older file of the same *group*
(wave × download × query) is deleted when the new one is written, so the folder holds one file per
group.

One lock file per group (``flock``) makes concurrent requests for the same file wait for the one
render instead of rendering in parallel; each process and worker shares the folder. Any disk
problem (full, read-only) only costs the cache: the file is rendered and served as before.

Kept apart from ``web/results.py`` so that it moves with the report assembly when that moves.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

import umfrage


def folder() -> Path:
    return Path(settings.UMFRAGE_REPORT_CACHE_DIR)


@cache
def code_version() -> str:
    """A fingerprint of the installed code (every file's path, size and modification time),
    computed once per process: a deployment of new code never serves a file the old code made."""
    root = Path(umfrage.__file__).resolve().parent
    digest = hashlib.sha256(umfrage.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _safe(group: str) -> str:
    """The group as a file name stem; never contains ``~``, which separates it from the key."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", group)[:150]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def cached_file(group: str, key: tuple[Any, ...], render: Callable[[], bytes]) -> bytes:
    """``render()``, kept on disk under ``group`` and ``key`` (see the module docstring)."""
    settings_part = (settings.TIME_ZONE, settings.LANGUAGE_CODE)
    digest = hashlib.sha256(repr((code_version(), settings_part, key)).encode()).hexdigest()
    stem = _safe(group)
    path = folder() / f"{stem}~{digest}"
    found = _read(path)
    if found is not None:
        return found
    try:
        folder().mkdir(parents=True, exist_ok=True)
        handle = open(folder() / f"{stem}.lock", "a+b")  # noqa: SIM115 (closed below)
    except OSError:
        return render()  # no cache without a writable folder, but the download works
    with handle:  # closing it releases the lock
        fcntl.flock(handle, fcntl.LOCK_EX)
        found = _read(path)  # rendered by a concurrent request while this one waited
        if found is not None:
            return found
        body = render()
        _store(path, body, stem)
        return body


def _store(path: Path, body: bytes, stem: str) -> None:
    """Write the file whole (a reader never sees half of it), then drop the group's older one."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    for older in path.parent.glob(f"{stem}~*"):
        if older != path:
            with contextlib.suppress(OSError):
                older.unlink()
