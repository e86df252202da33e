"""The chart cache (reporting/charts/cache.py): each chart is drawn once per content.

Every part of the key (the specification with its data, the number locale, the renderer's
version, the font files) changes the file; a corrupt, truncated or foreign file is ignored,
the chart drawn again and the file replaced; writers never leave half a file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from umfrage.reporting.charts import cache as chartcache
from umfrage.reporting.charts import style

ROWS = [
    {"label": "Ja", "wave": "2024", "share": 0.4},
    {"label": "Nein", "wave": "2024", "share": 0.6},
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "charts"
    monkeypatch.setenv("UMFRAGE_CHART_CACHE_DIR", str(where))
    monkeypatch.delenv("UMFRAGE_CHART_CACHE", raising=False)
    return where


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of vl-convert, with the specification it drew."""
    calls: list[dict[str, Any]] = []
    real = style.vl_convert.vegalite_to_svg

    def counting(spec: dict[str, Any], **options: Any) -> str:
        calls.append(spec)
        result: str = real(spec, **options)
        return result

    monkeypatch.setattr(style.vl_convert, "vegalite_to_svg", counting)
    return calls


def chart(rows: list[dict[str, Any]] = ROWS, description: str = "Balkendiagramm") -> style.Chart:
    return style.bars(rows, description, key="q1")


def test_a_chart_is_drawn_once_and_then_read(folder: Path, drawings: list[Any]) -> None:
    first = chart()
    assert len(drawings) == 1
    assert len(list(folder.glob("*.svg"))) == 1
    again = chart()
    assert len(drawings) == 1  # read from the file, not drawn
    assert again == first


def test_off_draws_every_time(
    folder: Path, drawings: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMFRAGE_CHART_CACHE", "0")
    chart()
    chart()
    assert len(drawings) == 2
    assert not folder.exists()


@pytest.mark.parametrize(
    "part",
    ["data", "label", "description", "locale", "renderer", "fonts"],
)
def test_every_part_of_the_key_makes_a_new_drawing(
    part: str, folder: Path, drawings: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    chart()
    assert len(drawings) == 1
    rows, description = ROWS, "Balkendiagramm"
    if part == "data":
        rows = [{**ROWS[0], "share": 0.41}, {**ROWS[1], "share": 0.59}]
    elif part == "label":
        rows = [{**ROWS[0], "label": "Ja, immer"}, ROWS[1]]
    elif part == "description":
        description = "Balkendiagramm, andere Beschreibung"
    elif part == "locale":
        monkeypatch.setattr(style, "LOCALE", "en-US")
    elif part == "renderer":
        monkeypatch.setattr(chartcache, "renderer_version", lambda: "vl-convert 99")
    elif part == "fonts":
        monkeypatch.setattr(chartcache, "font_fingerprint", lambda family: "other font files")
    chart(rows, description)
    assert len(drawings) == 2
    assert len(list(folder.glob("*.svg"))) == 2


def test_the_font_fingerprint_names_the_chart_font_files() -> None:
    chartcache.font_fingerprint.cache_clear()
    found = chartcache.font_fingerprint(style.FONT)
    if found == "no fc-list":
        pytest.skip("fontconfig (fc-list) is not installed")
    assert "DejaVuSans" in found
    assert ".ttf:" in found


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "foreign key", "changed body", "empty", "not utf-8"],
)
def test_a_corrupt_file_is_ignored_and_rewritten(
    damage: str, folder: Path, drawings: list[Any]
) -> None:
    first = chart()
    (path,) = folder.glob("*.svg")
    good = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\x01 not a chart")
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "foreign key":
        path.write_bytes(good.replace(path.stem.encode(), b"0" * 64, 1))
    elif damage == "changed body":
        path.write_bytes(good.replace(b"<svg", b"<svg data-x='1'", 1))
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        head, _, _ = good.partition(b"\n\n")
        path.write_bytes(head + b"\n\n\xff\xfe")
    again = chart()
    assert len(drawings) == 2  # the damaged file was not trusted
    assert again == first
    assert path.read_bytes() == good  # and it was replaced by a correct one
    chart()
    assert len(drawings) == 2


def test_an_unwritable_folder_only_costs_the_cache(
    tmp_path: Path, drawings: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv("UMFRAGE_CHART_CACHE_DIR", str(blocker / "charts"))
    first = chart()
    second = chart()
    assert first == second
    assert len(drawings) == 2


def test_concurrent_writers_leave_one_whole_file(folder: Path) -> None:
    cache_key = chartcache.key({"mark": "bar", "n": 1}, locale="de-DE", font=style.FONT)
    bodies = [f"<svg>{'x' * 200_000}{i}</svg>" for i in range(8)]
    threads = [threading.Thread(target=chartcache.store, args=(cache_key, b)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = chartcache.load(cache_key)
    assert found in bodies  # one writer's whole file, never a mix or half of one
    assert [p.name for p in folder.iterdir()] == [chartcache.path_for(cache_key).name]


def test_the_folder_keeps_the_most_recently_used_charts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chartcache, "MAX_FILES", 5)
    keys = [chartcache.key({"n": i}, locale="de-DE", font=style.FONT) for i in range(6)]
    for number, cache_key in enumerate(keys[:5]):
        chartcache.store(cache_key, f"<svg>{number}</svg>")
        path = chartcache.path_for(cache_key)
        stamp = 1_000_000 + number
        os.utime(path, (stamp, stamp))
    assert chartcache.load(keys[0]) == "<svg>0</svg>"  # used: now the most recent
    chartcache.store(keys[5], "<svg>5</svg>")
    kept = {p.name for p in folder.glob("*.svg")}
    assert len(kept) == 4
    assert chartcache.path_for(keys[0]).name in kept
    assert chartcache.path_for(keys[5]).name in kept
    assert chartcache.path_for(keys[1]).name not in kept


def test_the_light_svg_keeps_every_mark_and_label() -> None:
    import re
    import xml.etree.ElementTree as ET

    spec = style.config(
        style.alt.Chart(style.pd.DataFrame(ROWS)).mark_bar().encode(x="share:Q", y="label:N")
    ).to_dict()
    raw = style.vl_convert.vegalite_to_svg(spec, format_locale="de-DE")
    light = style.light(raw)
    assert len(light) < len(raw)
    ns = "{http://www.w3.org/2000/svg}"
    before, after = ET.fromstring(raw), ET.fromstring(light)

    def visible(root: ET.Element, tag: str) -> list[str]:
        return [
            " ".join(f"{k}={v}" for k, v in sorted(e.attrib.items()) if k != "class")
            for e in root.iter(ns + tag)
            if e.get("display") != "none" and e.get("d", "x") not in ("", "M0,0h0v0h0Z")
        ]

    assert [t.text for t in before.iter(ns + "text")] == [t.text for t in after.iter(ns + "text")]
    for tag in ("line", "rect"):
        assert len(visible(before, tag)) == len(visible(after, tag))
    assert len(visible(before, "path")) == len(visible(after, "path"))
    assert not re.search(r"\d\.\d{3,}", light)
    assert 'class="' not in light and "pointer-events" not in light
