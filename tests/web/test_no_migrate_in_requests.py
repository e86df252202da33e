"""No web request runs Django's system checks or ``migrate`` (issue 17 §2).

Building a report in a request used to go through the CLI's ``report_input``, which on a cache
miss called the CLI's ``ensure_database()``: system checks and ``migrate`` inside a web request
(pending migrations applied by a web worker). Here both are made to raise, and the request paths
that build a report (results page, report download, publishing, the first public page) must still
answer normally.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from umfrage.publication.models import PublishedReport
from umfrage.store.models import Survey, Wave


@pytest.fixture
def no_migrate_no_checks(monkeypatch: pytest.MonkeyPatch, empty_cache: None) -> list[str]:
    """``migrate`` (and any management command) and the system checks raise; the list records
    every attempt, so the test also sees an attempt that something else swallowed."""
    import django.core.checks
    import django.core.management

    attempts: list[str] = []

    def no_command(name: str, *args: Any, **kwargs: Any) -> None:
        attempts.append(f"call_command({name})")
        raise AssertionError(f"a web request ran the management command {name!r}")

    def no_checks(*args: Any, **kwargs: Any) -> None:
        attempts.append("run_checks")
        raise AssertionError("a web request ran Django's system checks")

    monkeypatch.setattr(django.core.management, "call_command", no_command)
    monkeypatch.setattr(django.core.checks, "run_checks", no_checks)
    return attempts


def test_the_results_page_and_report_download_never_migrate(
    analyst_client: Client, marked: Survey, no_migrate_no_checks: list[str]
) -> None:
    page = analyst_client.get(reverse("web:results", args=("mini", "2024")))
    assert page.status_code == 200
    assert 'id="frage-social_media"' in page.content.decode()
    download = analyst_client.get(
        reverse("web:results_download", args=("mini", "2024", "bericht-oeffentlich.html"))
    )
    assert download.status_code == 200
    assert "Ergebnisbericht" in download.content.decode()
    assert no_migrate_no_checks == []


def test_publishing_and_the_first_public_page_never_migrate(
    admin_client: Client,
    anonymous_client: Client,
    marked: Survey,
    no_migrate_no_checks: list[str],
) -> None:
    published = admin_client.post(
        reverse("web:wave_status", args=("mini", "2024")), {"target": "published", "confirm": "1"}
    )
    assert published.status_code == 302
    assert Wave.objects.get(survey=marked, key="2024").status == Wave.Status.PUBLISHED
    # A wave published without a snapshot gets it on the first public request.
    PublishedReport.objects.filter(wave__survey=marked, wave__key="2024").delete()
    public = anonymous_client.get("/ergebnisse/mini/2024/")
    assert public.status_code == 200
    assert "Ergebnisbericht (öffentliche Fassung)" in public.content.decode()
    assert PublishedReport.objects.filter(wave__survey=marked, wave__key="2024").exists()
    assert no_migrate_no_checks == []
