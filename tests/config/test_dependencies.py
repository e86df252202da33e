"""The dependency declarations stay honest: the lock file covers them, linters are pinned, and
what only the tests or benchmarks need is not installed with the application."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"

# CI fails on their output: a new release must be a deliberate change, not a surprise.
LINTERS = {"ruff", "mypy", "django-stubs", "pandas-stubs", "types-openpyxl"}
# Imported by the tests (and benchmarks) only; the application must run without them.
NOT_AT_RUNTIME = {"statsmodels", "pytest", "hypothesis", "playwright", "aiohttp", "aiosmtpd"}


def _requirements(group: str | None = None) -> list[Requirement]:
    listed = PROJECT["dependencies"] if group is None else PROJECT["optional-dependencies"][group]
    return [Requirement(line) for line in listed]


def _locked() -> dict[str, str]:
    locked = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, version = line.split("==")
        locked[canonicalize_name(name)] = version
    return locked


def test_the_lock_file_pins_every_declared_dependency_within_its_range() -> None:
    locked = _locked()
    assert len(locked) > 50, "the lock file should hold the whole environment"
    declared = [
        *_requirements(),
        *(r for group in PROJECT["optional-dependencies"] for r in _requirements(group)),
    ]
    outside = [
        f"{r}: {locked.get(canonicalize_name(r.name), 'nicht gesperrt')}"
        for r in declared
        if canonicalize_name(r.name) not in locked
        or not r.specifier.contains(locked[canonicalize_name(r.name)], prereleases=True)
    ]
    assert outside == []


def test_the_linters_and_stubs_are_pinned_exactly() -> None:
    pinned = {
        canonicalize_name(r.name): [s.operator for s in r.specifier] for r in _requirements("dev")
    }
    assert {name: pinned.get(name) for name in LINTERS} == {name: ["=="] for name in LINTERS}


def test_test_only_packages_are_not_runtime_dependencies() -> None:
    runtime = {canonicalize_name(r.name) for r in _requirements()}
    assert runtime & NOT_AT_RUNTIME == set()
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    imported = set(re.findall(r"^\s*(?:from|import) (\w+)", source, re.M))
    assert imported & {name.replace("-", "_") for name in NOT_AT_RUNTIME} == set()


def test_the_benchmarks_find_what_they_import_in_the_bench_extra() -> None:
    bench = {canonicalize_name(r.name) for r in _requirements("bench")}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bench").rglob("*.py"))
    imported = set(re.findall(r"^\s*(?:from|import) (aiohttp|aiosmtpd)\b", source, re.M))
    assert imported, "the benchmarks import neither: the pattern is wrong"
    assert imported <= bench


def test_make_install_uses_the_lock_file_and_reinstalls_when_it_changes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "CONSTRAINTS := requirements/constraints.txt" in makefile
    assert re.search(r"^\$\(STAMP\): pyproject\.toml \$\(CONSTRAINTS\)$", makefile, re.M)
    # The bench extra too: tests/bench runs every benchmark command on tiny sizes.
    assert re.search(r"pip install --quiet -c \$\(CONSTRAINTS\) -e '\.\[dev,bench\]'", makefile)
