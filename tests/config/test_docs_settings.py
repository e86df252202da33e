"""Docs that cannot lie: what README.md and docs/*.md tell a reader to set, run or open exists.

The other direction (every setting the code reads is documented) is tests/config/test_docs.py.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# What looks like an environment variable in prose: our prefixes and the few plain names.
MENTIONED = re.compile(
    r"\b(?:(?:UMFRAGE|COLLECT|BENCH)_[A-Z0-9_]*[A-Z0-9]|DATABASE_URL|PG_URL|FORWARDED_ALLOW_IPS)\b"
    r"|\bCI(?==)"
)
# Reading a variable in Python: our envconf helpers or os.environ / os.getenv.
READ_IN_PYTHON = re.compile(
    r"""(?:env_(?:str|bool|int|list|date|cache_dir)\(\s*|os\.environ\.get\(\s*|os\.environ\[\s*|"""
    r"""os\.getenv\(\s*)["']([A-Z][A-Z0-9_]*)["']"""
)
# Reading a variable in make or the shell: $NAME, ${NAME…}, $$NAME, $(NAME).
READ_IN_SHELL = re.compile(r"\$\$?\{?\(?([A-Z][A-Z0-9_]*)")

# Variables for the tests, benchmarks and CI rather than for the application: they must be
# read by the test suite, the benchmarks, the Makefile or the CI script instead of src/.
HARNESS = {"UMFRAGE_SCREENSHOT_DIR", "UMFRAGE_WRITE_PAGES", "CI", "PG_URL", "BENCH_DATABASE_URL"}


def _python(*folders: str) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    )


def mentioned_in_docs() -> dict[str, list[str]]:
    """Every environment-variable-like name in the docs, with the files that name it."""
    found: dict[str, list[str]] = {}
    for doc in DOCS:
        for name in set(MENTIONED.findall(doc.read_text(encoding="utf-8"))):
            found.setdefault(name, []).append(str(doc.relative_to(ROOT)))
    return found


def read_by_the_application() -> set[str]:
    return set(READ_IN_PYTHON.findall(_python("src")))


def read_by_the_harness() -> set[str]:
    shell = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in ("Makefile", ".ci/run"))
    return set(READ_IN_PYTHON.findall(_python("tests", "bench"))) | set(
        READ_IN_SHELL.findall(shell)
    )


def test_the_patterns_find_what_they_should() -> None:
    """The checks below can only fail if the patterns see something: make sure they do."""
    mentioned = mentioned_in_docs()
    assert {"UMFRAGE_SECRET_KEY", "DATABASE_URL", "UMFRAGE_ACCESSIBILITY_DATE"} <= set(mentioned)
    assert {"UMFRAGE_SECRET_KEY", "DATABASE_URL", "UMFRAGE_ACCESSIBILITY_DATE"} <= (
        read_by_the_application()
    )
    assert {"CI", "REQUIRE_POSTGRES", "DATABASE_URL"} <= read_by_the_harness()
    assert MENTIONED.findall("set `UMFRAGE_X_Y=1`, `COLLECT_Z` or CI=true") == [
        "UMFRAGE_X_Y",
        "COLLECT_Z",
        "CI",
    ]
    assert READ_IN_PYTHON.findall(
        'env_int("UMFRAGE_A", 1) os.environ.get("B") os.environ["C"]'
    ) == [
        "UMFRAGE_A",
        "B",
        "C",
    ]
    assert not READ_IN_PYTHON.findall('getattr(settings, "UMFRAGE_A", 1)')


def test_every_documented_setting_is_read_from_the_environment() -> None:
    application = read_by_the_application()
    harness = read_by_the_harness()
    lies = {
        name: where
        for name, where in mentioned_in_docs().items()
        if name not in (harness if name in HARNESS else application)
    }
    assert lies == {}, "documented, but nothing reads this environment variable"


def test_every_make_target_named_in_the_docs_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*)\s*:", makefile, re.M))
    assert {"demo", "test", "install"} <= targets
    named = {
        (target, str(doc.relative_to(ROOT)))
        for doc in DOCS
        for target in re.findall(
            r"(?:`|^)make ([a-z][a-z0-9-]*)", doc.read_text(encoding="utf-8"), re.M
        )
    }
    assert named, "found no make command in the docs: the pattern is wrong"
    assert {(target, doc) for target, doc in named if target not in targets} == set()


def test_every_repository_path_named_in_the_docs_exists() -> None:
    named = {
        (path.rstrip(".,:"), str(doc.relative_to(ROOT)))
        for doc in DOCS
        for path in re.findall(
            r"`((?:src|tests|bench|docs|examples|requirements|\.ci)/[^`\s]*)`",
            doc.read_text(encoding="utf-8"),
        )
        # Patterns and placeholders (`bench/<area>/`, `waves/*/`) name no single path.
        if not re.search(r"[*<>{}…]", path)
    }
    assert len(named) > 10, "found almost no paths in the docs: the pattern is wrong"
    assert {(path, doc) for path, doc in named if not _exists(path)} == set()


def _exists(path: str) -> bool:
    """A file or folder, or a pytest node id (``tests/x.py::test_y``) naming a test in that file."""
    file, _, node = path.partition("::")
    if not (ROOT / file).exists():
        return False
    if not node:
        return True
    name = node.split("::")[-1].split("[")[0]
    return re.search(rf"^\s*def {re.escape(name)}\(", (ROOT / file).read_text(), re.M) is not None


def test_a_test_named_in_the_docs_must_exist_in_its_file() -> None:
    assert _exists(
        "tests/config/test_docs_settings.py::test_a_test_named_in_the_docs_must_exist_in_its_file"
    )
    assert not _exists("tests/config/test_docs_settings.py::test_that_was_never_written")
    assert not _exists("tests/config/no_such_file.py")
