"""The analysis documentation cannot silently miss a question type or a CLI option."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from umfrage.analysis.types import MODULES
from umfrage.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_every_question_type_has_its_base_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in MODULES:
        assert f"\n| {name} |" in text, name


def test_every_analyze_option_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    help_text = CliRunner().invoke(main, ["analyze", "--help"]).output
    for option in (
        "--wave",
        "--compare",
        "--by",
        "--weighted",
        "--publish",
        "--min-cell",
        "--format",
    ):
        assert option in help_text
        assert option in text, option
