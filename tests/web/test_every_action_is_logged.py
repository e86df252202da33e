"""Every state-changing admin action leaves an entry in the audit log, naming its actor."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from umfrage.store.models import Survey
from umfrage.web.models import AuditEntry


def _actions(mini: Survey) -> list[tuple[str, tuple[str, ...], dict[str, object], str]]:
    previous = mini.waves.get(key="2024")
    register = "id,name\nB-1,A\nB-2,B\nH-1,C\nH-2,D\n"
    return [
        ("web:wave_status", ("mini", "2024"), {"target": "published"}, "wave.status"),
        (
            "web:register_upload",
            ("mini",),
            {"file": SimpleUploadedFile("o.csv", register.encode())},
            "register.uploaded",
        ),
        ("web:organisation_erase", ("mini", "B-1"), {"confirm": "B-1"}, "organisation.erased"),
        ("web:privacy_notice", ("mini", "2024"), {"privacy_notice": "Neu."}, "wave.privacy"),
        (
            "web:survey_settings",
            ("mini",),
            {"retention_months": "3", "erasure": "delete"},
            "survey.settings",
        ),
        (
            "web:wave_new",
            ("mini",),
            {"previous": previous.pk, "key": "2025", "title": "Mini 2025"},
            "wave.created",
        ),
        (
            "web:questionnaire_edit",
            ("mini", "2024"),
            {"text": previous.questionnaire_text.replace("Teil A", "Allgemeines")},
            "wave.questionnaire",
        ),
        ("web:unlock", (), {}, "login.unlocked"),
    ]


@pytest.mark.parametrize("index", range(8))
def test_each_admin_action_writes_one_entry(admin_client: Client, mini: Survey, index: int) -> None:
    name, args, data, action = _actions(mini)[index]
    response = admin_client.post(reverse(name, args=args), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = AuditEntry.objects.filter(action=action)
    assert entries.count() == 1
    assert entries.get().actor_name == "admin"
