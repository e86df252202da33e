"""Rendered charts kept on disk: each chart is drawn by vl-convert once per content.

Drawing a chart (Vega-Lite to SVG in vl-convert's JavaScript engine) costs about a tenth of a
second, and the first one of a process also starts the engine; a report has about 25 charts.
The same chart is drawn from the same specification every time the report of an unchanged wave
is made, so the finished SVG is kept in ``UMFRAGE_CHART_CACHE_DIR`` (default
``<UMFRAGE_DATA_DIR>/cache/charts``, beside the frame cache) under the SHA-256 of its key
(:func:`key`): the chart's full Vega-Lite specification with its data (as ``to_dict`` gives it,
so every change of data, labels, sizes, colours or code that changes the chart changes it), the
number format locale, the renderer (vl-convert's version, :data:`FORMAT` for this module's own
post-processing of the SVG) and the fonts (the files of the chart font, with size and
modification time: a new font package draws new glyphs). ``UMFRAGE_CHART_CACHE=off`` turns the
cache off.

A file is trusted only if its header names this format and this very key and the body's SHA-256
matches the one in the header; anything else (corrupt, truncated, foreign) is ignored, drawn
again and replaced. Writers write a temporary file in the same folder and rename it into place
(atomic on POSIX), so a reader never sees half a file and concurrent writers of the same chart
only replace one correct file by another. A disk problem (full, read-only) only costs the cache,
never the chart. The folder keeps at most :data:`MAX_FILES` charts: when a write passes that
number the least recently used ones (a hit touches its file) are deleted; deleting the folder's
content is always safe.

Pure Python (no Django), like ``analysis/framecache.py`` whose settings pattern it follows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from umfrage.envconf import env_bool, env_cache_dir
from umfrage.reporting.fonts import font_list

FORMAT = "umfrage-chart-2"
"""Bump when the stored SVG changes in a way the key would not show (``style.light``)."""
MAGIC = b"umfrage-chart\n"
MAX_FILES = 5000
"""About 25 charts per report: the internal and public reports of a hundred waves and queries."""


def enabled() -> bool:
    """``UMFRAGE_CHART_CACHE`` (default on; 0/false/no turn it off)."""
    return env_bool("UMFRAGE_CHART_CACHE", True)


def folder() -> Path:
    """``UMFRAGE_CHART_CACHE_DIR``, else ``<UMFRAGE_DATA_DIR>/cache/charts`` (the data folder's
    rule of ``umfrage.settings``, as the frame cache; this module does not need Django)."""
    return env_cache_dir("UMFRAGE_CHART_CACHE_DIR", "charts")


@cache
def renderer_version() -> str:
    """vl-convert (with the Vega and Vega-Lite it bundles) and this module's format."""
    try:
        package = version("vl-convert-python")
    except PackageNotFoundError:
        package = "unknown"
    return f"{FORMAT}|vl-convert {package}"


@cache
def font_fingerprint(family: str) -> str:
    """The font files fontconfig knows for ``family`` (path, size, modification time): what
    vl-convert draws the chart's text with. Without ``fc-list`` a fixed marker."""
    listed = font_list(family, "%{file}\n")
    if listed is None:
        return "no fc-list"
    parts = []
    for name in sorted(set(listed.split("\n")) - {""}):
        try:
            found = os.stat(name)
        except OSError:
            continue
        parts.append(f"{name}:{found.st_size}:{found.st_mtime_ns}")
    return "\n".join(parts) or "no files"


def key(spec: Mapping[str, Any], *, locale: str, font: str) -> str:
    """The cache key of one chart: its full specification (data included), the number format
    locale, the renderer's version and the chart font's files."""
    parts = {
        "spec": spec,
        "locale": locale,
        "renderer": renderer_version(),
        "fonts": font_fingerprint(font),
    }
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def path_for(cache_key: str) -> Path:
    return folder() / f"{digest(cache_key)}.svg"


def digest(cache_key: str) -> str:
    return hashlib.sha256(cache_key.encode("utf-8")).hexdigest()


def load(cache_key: str) -> str | None:
    """The stored SVG of ``cache_key``, or None (off, absent, corrupt or foreign)."""
    if not enabled():
        return None
    path = path_for(cache_key)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, rest = raw.partition(b"\n\n")
    lines = head.split(b"\n")
    if len(lines) != 3 or lines[0] + b"\n" != MAGIC:
        return None
    if lines[1].decode("ascii", "replace") != digest(cache_key):
        return None
    if lines[2].decode("ascii", "replace") != hashlib.sha256(rest).hexdigest():
        return None
    try:
        svg = rest.decode("utf-8")
    except UnicodeDecodeError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the folder is trimmed
    return svg


def store(cache_key: str, svg: str) -> None:
    """Keep ``svg`` under ``cache_key`` (temporary file, then an atomic rename)."""
    if not enabled():
        return
    path = path_for(cache_key)
    body = svg.encode("utf-8")
    header = MAGIC + f"{digest(cache_key)}\n{hashlib.sha256(body).hexdigest()}\n\n".encode()
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(header + body)
        temporary.replace(path)
        temporary = None
        _trim(path.parent)
    except OSError:
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _trim(where: Path) -> None:
    """At most ``MAX_FILES`` charts: the least recently used go first."""
    files = list(where.glob("*.svg"))
    if len(files) <= MAX_FILES:
        return
    dated = []
    for item in files:
        with contextlib.suppress(OSError):
            dated.append((item.stat().st_mtime_ns, item))
    dated.sort()
    for _, item in dated[: len(dated) - MAX_FILES * 4 // 5]:
        with contextlib.suppress(OSError):
            item.unlink()


def svg_for(spec: Mapping[str, Any], draw: Callable[[], str], *, locale: str, font: str) -> str:
    """The SVG of ``spec``: from the cache, else ``draw()``, stored for the next time."""
    if not enabled():
        return draw()
    cache_key = key(spec, locale=locale, font=font)
    found = load(cache_key)
    if found is not None:
        return found
    svg = draw()
    store(cache_key, svg)
    return svg
