"""The HTML report in headless Chromium: renders without errors, fetches nothing, passes axe-core.

Needs Debian's chromium (``/usr/bin/chromium``), Python Playwright (never ``playwright install``)
and axe-core from npm (``npm ci`` in the project folder puts it in node_modules/).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from umfrage.reporting.html import render_html
from umfrage.reporting.report import build_report

ROOT = Path(__file__).resolve().parents[2]
# One axe-core for every browser test: the project's package.json (``npm ci``), or the web
# questionnaire's vendored copy (``tests/collect/vendor``) where that is what is installed.
AXE_CANDIDATES = (ROOT / "node_modules" / "axe-core" / "axe.min.js",)
AXE = next((p for p in AXE_CANDIDATES if p.exists()), AXE_CANDIDATES[0])
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

AXE_RUN = (
    "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
    " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
    " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
)

pytestmark = pytest.mark.browser


def _require_tools() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("chromium (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core (npm ci im Projektordner)")
    if missing:
        message = "fehlt: " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def opened_report(example_input: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    _require_tools()
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("browser") / "bericht.html"
    path.write_text(render_html(build_report(example_input)), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        console: list[str] = []
        requests: list[str] = []
        page.on(
            "console",
            lambda m: (
                console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
            ),
        )
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        opened = {"console": list(console), "requests": list(requests), "title": page.title()}
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        opened["axe"] = page.evaluate(AXE_RUN)
        # On a phone wide tables scroll: the scrolling regions must be reachable by keyboard.
        page.set_viewport_size({"width": 390, "height": 800})
        opened["axe_narrow"] = page.evaluate(AXE_RUN)
        opened["headings"] = page.locator("h1").count()
        browser.close()
    return opened


def test_it_renders_without_console_errors(opened_report: dict[str, Any]) -> None:
    assert opened_report["console"] == []
    assert opened_report["title"].endswith("Ergebnisbericht")
    assert opened_report["headings"] == 1


def test_it_makes_no_network_request(opened_report: dict[str, Any]) -> None:
    # The only request is the file itself.
    assert [u for u in opened_report["requests"] if not u.startswith("file://")] == []
    assert len(opened_report["requests"]) == 1


def test_axe_finds_no_violation(opened_report: dict[str, Any]) -> None:
    assert opened_report["axe"] == []


def test_axe_finds_no_violation_on_a_phone_screen(opened_report: dict[str, Any]) -> None:
    assert opened_report["axe_narrow"] == []


def test_the_axe_check_does_find_violations_where_there_are_some(tmp_path: Path) -> None:
    _require_tools()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "kaputt.html"
    page_file.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><table><tr><td>1</td></tr>"
        '</table><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        ids = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
        browser.close()
    assert "html-has-lang" in ids
    assert "label" in ids
