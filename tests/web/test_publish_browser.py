"""The publish confirmation with the public page's key part inline, in a real browser at both
widths: axe-core must find no accessibility violation (issue 20)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import PASSWORD
from umfrage.store.models import Survey

pytestmark = pytest.mark.browser


def test_the_publish_confirmation_with_its_preview_is_accessible(
    admin_user: Any, publishable: Survey, page: Any, check: Callable[[str], None]
) -> None:
    base = page.base_url
    page.goto(f"{base}/verwaltung/umfragen/mini/wellen/2024/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Ergebnisse veröffentlichen").click()
    page.get_by_role("heading", name="So sieht die öffentliche Seite aus (Auszug)").wait_for()
    assert page.get_by_role("heading", name="Kurzfassung").count() == 1
    assert page.get_by_role("table").count() >= 1
    check("40-veroeffentlichen-vorschau-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check("41-veroeffentlichen-vorschau-375")
    assert page.get_by_role("button", name="Ja, Ergebnisse veröffentlichen").count() == 1
