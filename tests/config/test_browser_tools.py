"""Every browser test gets its browser from one fixture (tests/conftest.py), which behaves the
same for all of them: a missing tool skips the test on a developer's machine, with what is
missing and how to get it, and fails it under CI, where the browser tests are required."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_browser_fails_under_ci(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"chromium.*apt-get install chromium.*CI"):
        conftest.require_browser_tools()


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_a_missing_browser_skips_elsewhere_and_says_what_is_missing(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="es fehlt: Debians chromium"):
        conftest.require_browser_tools()


def test_missing_axe_core_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "AXE", tmp_path / "axe.min.js")
    assert [m for m in conftest.missing_browser_tools() if "axe-core" in m] == [
        "axe-core in node_modules (make install)"
    ]


def test_no_browser_test_launches_a_browser_of_its_own() -> None:
    """Only tests/conftest.py starts Chromium; the tests open contexts in the shared one."""
    launching = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        if re.search(r"\.launch\(|sync_playwright\(", path.read_text(encoding="utf-8"))
    )
    assert launching == ["tests/conftest.py"]
