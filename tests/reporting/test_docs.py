"""The reporting docs cannot go stale: every export format and chart module is documented."""

from __future__ import annotations

import re
from pathlib import Path

from umfrage.reporting.charts import MODULES
from umfrage.reporting.exports import FORMATS

DOC = Path(__file__).resolve().parents[2] / "docs" / "reporting.md"


def _documented() -> set[str]:
    return set(re.findall(r"^\| `([\w-]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def test_every_export_format_is_documented() -> None:
    assert set(FORMATS) <= _documented()


def test_every_chart_module_is_documented() -> None:
    assert set(MODULES) <= _documented()


def test_the_export_command_offers_every_format() -> None:
    from umfrage.cli.export import export

    choice = next(p for p in export.params if p.name == "format_name")
    assert list(choice.type.choices) == list(FORMATS)  # type: ignore[attr-defined]
