"""`make test` keeps both runs and spreads each over the cores (pytest-xdist)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> str:
    found = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, re.M)
    assert found, f"no recipe for {target}"
    return found.group(1)


def test_make_test_runs_lint_then_sqlite_then_postgresql() -> None:
    assert re.search(r"^test: lint test-sqlite test-postgres$", MAKEFILE, re.M)


def test_both_database_runs_use_the_parallel_pytest() -> None:
    assert re.search(r"^TEST_WORKERS \?= auto$", MAKEFILE, re.M)
    assert re.search(r"^PYTEST := \$\(BIN\)/python -m pytest -n \$\(TEST_WORKERS\)", MAKEFILE, re.M)
    sqlite, postgres = _recipe("test-sqlite"), _recipe("test-postgres")
    assert "env -u DATABASE_URL $(PYTEST)" in sqlite
    assert 'DATABASE_URL="$$url" $(PYTEST);' in postgres
    # Nothing runs pytest past the parallel command (which would give up the speed-up).
    assert "-m pytest" not in sqlite + postgres


def test_xdist_is_a_locked_dev_dependency() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    constraints = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    assert '"pytest-xdist>=' in pyproject
    assert re.search(r"^pytest-xdist==\d+\.\d+\.\d+$", constraints, re.M)
    assert re.search(r"^execnet==\d+\.\d+\.\d+$", constraints, re.M)
