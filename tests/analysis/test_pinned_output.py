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
        "8d381a059660383123e722a3194b953ddc6523d35647b46bc2e1e2a3f5bc9ab8",
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
        "5ca739dd977a00747102d9a81b711432f327974a318469aa2ebf9b3bfb2c7fc9",
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
        "bd23047f11f32528983bc2dbe07b4d58f005f4e70a39123135f52a3613867b1a",
    ),
    "earlier-wave-json": (
        ["--wave", "2023", "--compare", "2024", "--by", "bundesland", "--format", "json"],
        "d2b787a9957831dafd86a27b19ec3c4aee26b51bb93ded147ab484d40b3e4c97",
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
        "7e8d40709504b7d73081969143b6eefad3fb8954158416654df1e3646892ce15",
    ),
    "compare-by-table": (
        ["--wave", "2024", "--compare", "2023", "--by", "gemeindegroesse", "--format", "table"],
        "c4cf14d64b34cbd95ad1e432b47d6f4c00125759173cb8ad6774829f9ee6fd58",
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
