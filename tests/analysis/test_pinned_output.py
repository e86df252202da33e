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
        "12113dabcf985551a1569c74ec390ecb728680ee58c54e7ec4c0d4940178d020",
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
        "fea92ab7ca34ae6c537109bc4dc052d73851ec8ab21af3414ec55ada0cb5529c",
    ),
    "earlier-wave-json": (
        ["--wave", "2023", "--compare", "2024", "--by", "bundesland", "--format", "json"],
        "d1ec340b00d9363222043696d5402fd0ca4897782c01b436066f36083df4baf1",
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
        "057ab9b0e81a92dd22801f1c0e6fe6192986335ed8af0da09137e4c014220c8b",
    ),
    "compare-by-table": (
        ["--wave", "2024", "--compare", "2023", "--by", "gemeindegroesse", "--format", "table"],
        "e134415542e78847c4d88ebd10373a2f92cddd90445a4c6bb9873cbe3dbadff8",
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
