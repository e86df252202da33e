"""``umfrage analyze`` on the example survey, pinned byte for byte (JSON and terminal table).

The results' structure (analysis/results.py) may be refactored; its output may not change
unnoticed: key order, omitted keys, numbers and the terminal layout are all part of the
contract's JSON or of what readers see. The hashes were recorded before the per-type result
classes replaced the one class of 28 fields.

When a change of output is intended, review it first: run the command of the failing case on
``main`` and on the branch and diff the two outputs (the failure message names the command and
writes the new output next to the test's temporary files); then put the new hash here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from umfrage.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage"

CASES = {
    "plain-json": (
        ["--wave", "2024", "--format", "json"],
        "84de725fffe411a142f42744593cb6ce1d60a5fdc2fefe75f96a020459f3272c",
    ),
    "compare-by-weighted-json": (
        [
            "--wave",
            "2024",
            "--compare",
            "2023",
            "--by",
            "gemeindegroesse",
            "--weighted",
            "--format",
            "json",
        ],
        "3cfd8a5ab0c22edbbac08ecfb324325f6cef9427aafb5fc2fa17d32671a4fef5",
    ),
    "compare-by-publish-json": (
        [
            "--wave",
            "2024",
            "--compare",
            "2023",
            "--by",
            "gemeindegroesse",
            "--publish",
            "--format",
            "json",
        ],
        "29a4cbdb9f36f0776f33db1060b8981ac5f1d174a2b990ac4db6ff4e41d2194f",
    ),
    "earlier-wave-json": (
        ["--wave", "2023", "--compare", "2024", "--by", "bundesland", "--format", "json"],
        "4123b98992b301d401eb6c5fc1c31c00edde5c5ddfc5a1f8b24d6253c8caf7bb",
    ),
    "weighted-publish-table": (
        [
            "--wave",
            "2024",
            "--compare",
            "2023",
            "--by",
            "gemeindegroesse",
            "--weighted",
            "--publish",
            "--format",
            "table",
        ],
        "54824d16096b74f31911b0234693fddf5d65b770de5a910f0804c8226863cb6b",
    ),
    "compare-by-table": (
        ["--wave", "2024", "--compare", "2023", "--by", "gemeindegroesse", "--format", "table"],
        "2cc12e81ee7048d5da2f0e19c51f1efe1fb1f51a14dc9a29255c0ab30d3f3c70",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_output_of_the_example_survey_is_unchanged(case: str, tmp_path: Path) -> None:
    args, expected = CASES[case]
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLE), *args])
    assert result.exit_code == 0, result.output
    found = hashlib.sha256(result.stdout.encode("utf-8")).hexdigest()
    written = tmp_path / f"{case}.out"
    written.write_text(result.stdout, encoding="utf-8")
    assert found == expected, (
        f"umfrage analyze {EXAMPLE} {' '.join(args)} changed its output; new output in {written}"
    )
