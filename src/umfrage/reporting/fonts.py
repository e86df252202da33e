"""Which characters the PDF's font can show (``pdf.py``).

A tagged PDF (PDF/UA-1) must be able to display all of its text, so Typst refuses to write a
report in which one answer holds a character the font has no glyph for (an emoji, Chinese).
The report's font is DejaVu Sans (Debian ``fonts-dejavu-core``), which covers Latin, Greek,
Cyrillic, Arabic, Hebrew and many symbols. :func:`shown` replaces every other character by
:data:`MISSING`, so the PDF is always written; the HTML report and the exports keep the
answer as written.

The characters are read from the font files' ``cmap`` tables (regular and bold: only what
both show), found with ``fc-list`` as the chart cache finds them. Without the font files the
set is the Latin characters every sans-serif font has (docs/reporting.md, "PDF").
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from functools import cache
from pathlib import Path

FAMILY = "DejaVu Sans"
STYLES = ("Book", "Bold")
MISSING = "\N{REPLACEMENT CHARACTER}"
"""Stands for a character the font cannot show (DejaVu Sans has a glyph for it)."""

_LATIN = frozenset(
    (*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x2030, 0x2039, 0x203A)
) | {0x20AC, 0x2190, 0x2192, 0x21A9, 0x2212, 0x2060, 0x200B, 0xFFFD}
"""Without the font files: Latin-1, Latin Extended-A, dashes, quotes and the report's arrows."""


def shown(text: str) -> str:
    """``text`` with every character the PDF's font cannot show replaced by :data:`MISSING`."""
    if text.isascii():
        return text
    chars = coverage()
    missing = {c for c in set(text) if ord(c) not in chars and c not in "\n\t\r"}
    if not missing:
        return text
    return "".join(MISSING if c in missing else c for c in text)


@cache
def coverage() -> frozenset[int]:
    """The code points both styles of the font map to a glyph."""
    files = _font_files()
    if len(files) < len(STYLES):
        return _LATIN
    found: frozenset[int] | None = None
    for path in files:
        try:
            chars = code_points(path.read_bytes())
        except (OSError, ValueError, struct.error):
            return _LATIN
        found = chars if found is None else found & chars
    return (found or _LATIN) | {ord(MISSING)}


def font_list(family: str, fields: str) -> str | None:
    """``fc-list``'s lines for ``family`` in the format ``fields`` (e.g. ``%{file}\\n``); None
    without fontconfig or when it fails (also for the chart cache's font fingerprint)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return None
    try:
        return subprocess.run(
            [tool, "--format", fields, family],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _font_files() -> list[Path]:
    listed = font_list(FAMILY, "%{file}|%{style}\n")
    if listed is None:
        return []
    files: dict[str, Path] = {}
    for line in listed.splitlines():
        path, _, styles = line.partition("|")
        for style in STYLES:
            if style in styles.split(",") and path.endswith((".ttf", ".otf")):
                files.setdefault(style, Path(path))
    return [files[style] for style in STYLES if style in files]


def code_points(font: bytes) -> frozenset[int]:
    """The code points of a TrueType/OpenType font's Unicode ``cmap`` subtable (format 12 or 4)
    that map to a glyph other than the missing-glyph glyph 0."""
    tables = struct.unpack_from(">H", font, 4)[0]
    cmap = None
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        raise ValueError("no cmap table")
    count = struct.unpack_from(">H", font, cmap + 2)[0]
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * index)
        subtables[(platform, encoding)] = cmap + offset
    for key in ((3, 10), (0, 4), (0, 6)):
        if key in subtables and struct.unpack_from(">H", font, subtables[key])[0] == 12:
            return _format12(font, subtables[key])
    for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
        if key in subtables and struct.unpack_from(">H", font, subtables[key])[0] == 4:
            return _format4(font, subtables[key])
    raise ValueError("no Unicode cmap subtable of format 4 or 12")


def _format12(font: bytes, at: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", font, at + 12)[0]
    chars: set[int] = set()
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", font, at + 16 + 12 * index)
        chars.update(range(start + (1 if glyph == 0 else 0), end + 1))
    return frozenset(chars)


def _format4(font: bytes, at: int) -> frozenset[int]:
    segments = struct.unpack_from(">H", font, at + 6)[0] // 2
    ends = at + 14
    starts = ends + 2 * segments + 2
    deltas = starts + 2 * segments
    ranges = deltas + 2 * segments
    chars: set[int] = set()
    for index in range(segments):
        end = struct.unpack_from(">H", font, ends + 2 * index)[0]
        start = struct.unpack_from(">H", font, starts + 2 * index)[0]
        delta = struct.unpack_from(">h", font, deltas + 2 * index)[0]
        offset_at = ranges + 2 * index
        offset = struct.unpack_from(">H", font, offset_at)[0]
        for char in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (char + delta) & 0xFFFF
            else:
                glyph_at = offset_at + offset + 2 * (char - start)
                glyph = struct.unpack_from(">H", font, glyph_at)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                chars.add(char)
    return frozenset(chars)
