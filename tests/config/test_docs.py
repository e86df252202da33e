"""Docs that cannot go stale: every setting and every question type is documented."""

from __future__ import annotations

import re
from pathlib import Path

from umfrage.questionnaire.types import QUESTION_TYPES

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_documented() -> None:
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "umfrage").rglob("*.py")
    )
    used = set(re.findall(r"env_(?:str|bool|int|list|date)\(\s*\"([A-Z_]+)\"", sources))
    # Any variable read through os.environ or os.getenv (gunicorn's FORWARDED_ALLOW_IPS too).
    used |= set(re.findall(r"os\.(?:environ\.get\(|environ\[|getenv\()\s*\"([A-Z_]+)\"", sources))
    documented = set(
        re.findall(
            r"^\| `([A-Z_]+)` \|", (ROOT / "docs" / "settings.md").read_text(encoding="utf-8"), re.M
        )
    )
    assert used, "found no settings at all: the pattern is wrong"
    assert used - documented == set()


def test_every_question_type_is_documented() -> None:
    documented = set(
        re.findall(
            r"^\| `(\w+)` \|",
            (ROOT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert set(QUESTION_TYPES) <= documented
