"""Fixtures shared by every test: the example survey, a database loaded with it, and the one
browser (Debian's Chromium through Playwright) every browser test uses."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.axecheck import AXE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"

# Debian's chromium, driven by Playwright (never `playwright install`: no browser download).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _session_chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Charts (reporting/charts/cache.py) are keyed by their whole content, so the session
    shares one chart cache, outside the working folder; set before any session fixture
    builds a report."""
    patch = pytest.MonkeyPatch()
    patch.setenv("UMFRAGE_CHART_CACHE_DIR", str(tmp_path_factory.mktemp("charts")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _own_frame_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets an empty frame cache of its own (analysis/framecache.py), also for the
    commands it starts: a cached frame of one test's database (whose ids a rolled-back
    transaction hands out again) must never meet another test."""
    monkeypatch.setenv("UMFRAGE_FRAME_CACHE_DIR", str(tmp_path_factory.mktemp("frames")))


@pytest.fixture(autouse=True)
def _fresh_link_limits(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database starts with no wrong links counted: the counters live
    in a database table (cache ``limits``) that flushing the models' tables leaves alone."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    )
    from django.conf import settings

    if not uses_db or "limits" not in settings.CACHES:
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        from django.core.cache import caches

        caches["limits"].clear()


@pytest.fixture
def example_dir() -> Path:
    """The committed example survey folder (read-only: copy it before changing anything)."""
    return EXAMPLE


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example survey folder that a test may change."""
    target = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def loaded_example(db: None) -> object:
    """The example survey loaded into the test database; returns the Survey."""
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Survey

    load_survey_folder(EXAMPLE)
    return Survey.objects.get(slug="buendnisumfrage")


def in_ci() -> bool:
    """CI=true (or 1, yes): missing tools are a failure there, not a reason to skip."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_browser_tools() -> list[str]:
    """What a browser test needs and this machine lacks, each with how to get it."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Debians chromium ({CHROMIUM}; apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright für Python (make install)")
    if not AXE.exists():
        missing.append("axe-core in node_modules (make install)")
    return missing


def require_browser_tools() -> None:
    """Skip locally, fail under CI, when a browser test cannot run; the same for every test."""
    missing = missing_browser_tools()
    if not missing:
        return
    message = "Browsertest nicht möglich, es fehlt: " + "; ".join(missing)
    if in_ci():
        pytest.fail(message + " (CI verlangt die Browsertests)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one test module; each test opens its own context (cookies apart)."""
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls
        # stay synchronous and safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a browser test puts its screenshots: $UMFRAGE_SCREENSHOT_DIR, else tmp_path."""
    folder = Path(os.environ.get("UMFRAGE_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
