"""docs/importing.md cannot go stale: every LimeSurvey type and mapping key is documented."""

from __future__ import annotations

import re
from pathlib import Path

from umfrage.importers.limesurvey import TYPE_NAMES
from umfrage.importers.mapping import Mapping

DOC = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")


def test_every_limesurvey_type_has_a_row_in_the_mapping_table() -> None:
    documented = set(re.findall(r"^\| `(\\\||[^`]+)` ", DOC, flags=re.MULTILINE))
    documented |= set(re.findall(r", `(.)` [A-Z]", DOC))
    missing = [
        code for code in TYPE_NAMES if code not in documented and f"\\{code}" not in documented
    ]
    assert missing == []


def test_every_mapping_file_key_is_documented() -> None:
    for key in Mapping.model_fields:
        assert f"\n{key}:" in DOC or f"`{key}`" in DOC, key
