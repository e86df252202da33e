"""The HTML report in headless Chromium: renders without errors, fetches nothing, passes axe-core.

The browser is the shared ``browser`` fixture (tests/conftest.py): Debian's chromium and axe-core
from npm (``make install``); skipped locally without them, a failure under CI=true.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.axecheck import AXE
from umfrage.reporting.html import render_html
from umfrage.reporting.report import build_report

AXE_RUN = (
    "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
    " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
    " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def opened_report(
    browser: Any, example_input: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    path = tmp_path_factory.mktemp("browser") / "bericht.html"
    path.write_text(render_html(build_report(example_input)), encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
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
    finally:
        context.close()
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


def test_the_axe_check_does_find_violations_where_there_are_some(
    browser: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "kaputt.html"
    page_file.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><table><tr><td>1</td></tr>"
        '</table><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    ids = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
    context.close()
    assert "html-has-lang" in ids
    assert "label" in ids
