"""Every state-changing admin action leaves an entry in the audit log, naming its actor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from umfrage.governance.models import AuditEntry
from umfrage.store.models import Survey


def _actions(mini: Survey) -> list[tuple[str, tuple[str, ...], dict[str, object], str]]:
    previous = mini.waves.get(key="2024")
    register = "id,name\nB-1,A\nB-2,B\nH-1,C\nH-2,D\n"
    return [
        (
            "web:wave_status",
            ("mini", "2024"),
            {"target": "published", "confirm": "1"},
            "wave.status",
        ),
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
        (
            "web:open_data",
            ("mini",),
            {
                "enabled": "on",
                "publisher": "Servicebüro",
                "contact_email": "daten@example.org",
                "licence": "dl-by-de/2.0",
            },
            "survey.open_data",
        ),
    ]


@pytest.mark.parametrize("index", range(9))
def test_each_admin_action_writes_one_entry(
    admin_client: Client, publishable: Survey, index: int
) -> None:
    # publishable: the mini survey whose 2024 wave leaves a figure on the public page
    name, args, data, action = _actions(publishable)[index]
    response = admin_client.post(reverse(name, args=args), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = AuditEntry.objects.filter(action=action)
    assert entries.count() == 1
    assert entries.get().actor_name == "admin"


def _open_with_invitation(mini: Survey) -> None:
    from datetime import date

    from django.utils import timezone

    from umfrage.store.models import Invitation, Organisation, Wave

    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    Invitation.objects.create(
        wave=Wave.objects.get(survey=mini, key="2024"),
        organisation=Organisation.objects.get(survey=mini, key="B-1"),
        state=Invitation.State.SENT,
        sent_at=timezone.now(),
    )


# (url name, args, data, action, expected status): sending answers the dry run with a page.
INVITATION_ACTIONS = [
    (
        "web:invitations_send",
        ("mini", "2024"),
        {"kind": "invitation"},
        "invitations.previewed",
        200,
    ),
    (
        "web:invitations_send",
        ("mini", "2024"),
        {"kind": "reminder", "confirm": "1"},
        "invitations.started",
        302,
    ),
    ("web:invitation_new_link", ("mini", "2024", "B-1"), {}, "invitations.new_link", 302),
    ("web:invitation_link", ("mini", "2024", "B-1"), {}, "invitations.link_shown", 200),
    # No link was handed out: refused, and the refusal is logged too.
    (
        "web:invitation_link_send",
        ("mini", "2024", "B-1"),
        {"handed": "1"},
        "invitations.link_mailed",
        302,
    ),
    (
        "web:reminders_plan",
        ("mini", "2024"),
        {"day1": "2099-05-20"},
        "invitations.reminders_planned",
        302,
    ),
]


@pytest.mark.parametrize(("name", "args", "data", "action", "status"), INVITATION_ACTIONS)
def test_each_invitation_action_writes_one_entry(
    admin_client: Client,
    mini: Survey,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    args: tuple[str, ...],
    data: dict[str, str],
    action: str,
    status: int,
) -> None:
    from umfrage.invitations.models import SendJob

    _open_with_invitation(mini)
    response = admin_client.post(reverse(name, args=args), data)
    assert response.status_code == status, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=action)
    assert (entry.actor_name, entry.survey, entry.wave) == ("admin", "mini", "2024")
    assert SendJob.objects.exists() == (action == "invitations.started")


def _account_actions(analyst_pk: int) -> list[tuple[str, tuple[int, ...], dict[str, str], str]]:
    password = "Sommerwiese-Fahrrad-73"
    return [
        (
            "web:account_new",
            (),
            {
                "username": "neu",
                "role": "analyst",
                "password1": password,
                "password2": password,
            },
            "user.created",
        ),
        ("web:account_role", (analyst_pk,), {"role": "admin"}, "user.role"),
        ("web:account_active", (analyst_pk,), {"active": "0"}, "user.deactivated"),
        (
            "web:account_password",
            (analyst_pk,),
            {"password1": password, "password2": password},
            "user.password_reset",
        ),
    ]


@pytest.mark.parametrize("index", range(4))
def test_each_account_action_writes_one_entry(
    admin_client: Client, analyst_user: User, index: int
) -> None:
    name, args, data, action = _account_actions(analyst_user.pk)[index]
    response = admin_client.post(reverse(name, args=args), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor_name == "admin"
    assert entry.details["account"] in ("neu", "analyst")


def test_reactivating_an_account_writes_one_entry(admin_client: Client, analyst_user: User) -> None:
    User.objects.filter(pk=analyst_user.pk).update(is_active=False)
    response = admin_client.post(
        reverse("web:account_active", args=(analyst_user.pk,)), {"active": "1"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="user.reactivated").summary == "Konto analyst reaktiviert."


def test_removing_the_second_factor_and_downloading_the_log_write_one_entry_each(
    admin_client: Client,
) -> None:
    assert admin_client.post(reverse("web:otp_remove")).status_code == 302
    assert admin_client.get(reverse("web:audit_download")).status_code == 200
    for action in ("otp.disabled", "audit.downloaded"):
        assert AuditEntry.objects.get(action=action).actor_name == "admin"


def test_every_action_code_has_a_test_here_or_a_signal() -> None:
    """A new action code must be tested here, or be one of those tested with their feature
    (signals, commands, downloads, the import)."""
    from umfrage.governance.audit import ACTIONS

    elsewhere = {
        "login",
        "login.failed",
        "login.otp_failed",
        "logout",
        "otp.enabled",
        "password.changed",
        "register.downloaded",
        "organisation.exported",
        "retention.applied",
        "import.applied",
        "results.downloaded",  # tests/web/test_results.py
        # tests/web/test_feedback.py, test_answering_closing_reopening_and_erasing_are_logged
        "feedback.answered",
        "feedback.closed",
        "feedback.reopened",
        "feedback.erased",
        "organisation.language",  # tests/web/test_register.py, the organisation's language form
        "texts.coded",  # tests/web/test_coding.py
        # tests/web/test_quotes.py, test_staff_choose_release_and_withdraw_quotes_with_audit
        "quote.chosen",
        "quote.released",
        "quote.unreleased",
        "quote.withdrawn",
        # tests/web/test_coding_categories.py (merge, split, move)
        "codebook.merged",
        "codebook.split",
        "codebook.moved",
    }
    covered = {
        "wave.status",
        "register.uploaded",
        "organisation.erased",
        "wave.privacy",
        "survey.settings",
        "survey.open_data",
        "wave.created",
        "wave.questionnaire",
        "login.unlocked",
        "user.reactivated",
        "otp.disabled",
        "audit.downloaded",
        *(a[3] for a in INVITATION_ACTIONS),
        *(a[3] for a in _account_actions(0)),
    }
    assert set(ACTIONS) - elsewhere - covered == set()
