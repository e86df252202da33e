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
        "2057e0ad7f969b96037dec897185ef239d904adc8a77600216ee9ff146af7434",
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
        "1b567345594249249bfd992bcde6d652d7707f4b1e27e1a5bb94494841ddcf5f",
    ),
    "earlier-wave-json": (
        ["--wave", "2023", "--compare", "2024", "--by", "bundesland", "--format", "json"],
        "bc2c147b983cd1ddbff868a1644fd8dc07b0b1165d14437fa3bf61ad6b9a1671",
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
        "1cd663b76fb5845d0f85aba83c732ae7b469c83c3284fc9ffb9e03baa14f0601",
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
