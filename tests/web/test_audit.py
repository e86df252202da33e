"""The audit log: written by admin actions, append-only, readable and downloadable by admins."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from umfrage.governance.audit import record
from umfrage.governance.models import AuditEntry, AuditIsAppendOnly
from umfrage.store.models import Survey


def test_entries_cannot_be_changed_or_deleted(admin_user: User) -> None:
    entry = record(admin_user, "wave.status", "Test.", survey="mini")
    entry.summary = "geändert"
    with pytest.raises(AuditIsAppendOnly):
        entry.save()
    with pytest.raises(AuditIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "Test."


def test_an_unknown_action_is_a_programming_error(admin_user: User) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        record(admin_user, "irgendwas", "x")


def test_entries_outlive_the_account(admin_user: User) -> None:
    record(admin_user, "wave.status", "Test.")
    admin_user.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_name == "admin"


def test_the_log_page_shows_who_did_what_newest_first(
    admin_client: Client, publishable: Survey
) -> None:
    admin_client.post(
        reverse("web:wave_status", args=("mini", "2024")), {"target": "published", "confirm": "1"}
    )
    admin_client.post(
        reverse("web:privacy_notice", args=("mini", "2024")), {"privacy_notice": "Neu."}
    )
    page = admin_client.get(reverse("web:audit")).content.decode()
    status = page.index("Welle 2024: geschlossen → veröffentlicht.")
    privacy = page.index("Datenschutzhinweis der Welle 2024 geändert.")
    assert privacy < status
    assert "Status einer Welle geändert" in page
    assert '<th scope="col">Zeitpunkt</th>' in page


def test_the_log_can_be_filtered(admin_client: Client, mini: Survey, admin_user: User) -> None:
    record(
        admin_user,
        "organisation.exported",
        "Auskunft über B-1 erstellt.",
        survey="mini",
        organisation="B-1",
    )
    record(
        admin_user,
        "organisation.exported",
        "Auskunft über H-1 erstellt.",
        survey="mini",
        organisation="H-1",
    )
    page = admin_client.get(reverse("web:audit") + "?organisation=B-1").content.decode()
    assert "Auskunft über B-1 erstellt." in page
    assert "Auskunft über H-1 erstellt." not in page


def test_log_text_from_users_renders_inert(admin_client: Client, admin_user: User) -> None:
    record(
        None, "login.failed", "Anmeldung mit falschen Angaben.", actor_name="<script>x()</script>"
    )
    page = admin_client.get(reverse("web:audit")).content.decode()
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_the_log_download_is_formula_safe(admin_client: Client) -> None:
    record(None, "login.failed", "Anmeldung mit falschen Angaben.", actor_name="=cmd|' /C calc'!A0")
    response = admin_client.get(reverse("web:audit_download"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["zeitpunkt", "person", "aktion"]
    names = [row[1] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert not any(name.startswith("=") for name in names)


def test_the_log_pages_through_many_entries(admin_client: Client, admin_user: User) -> None:
    for index in range(130):
        record(admin_user, "wave.status", f"Eintrag {index}.")
    first = admin_client.get(reverse("web:audit")).content.decode()
    assert "Eintrag 129." in first and "Eintrag 0." not in first
    assert "Ältere Einträge" in first
    second = admin_client.get(reverse("web:audit") + "?seite=2").content.decode()
    assert "Eintrag 0." in second
