"""Every admin URL against every persona, and ids that try to reach another survey's data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from umfrage.store.models import Organisation, Survey

ADMIN, ANALYST = "admin", "analyst"

# (url name, args, who may GET it)
PAGES = [
    ("web:surveys", (), ANALYST),
    ("web:survey", ("mini",), ANALYST),
    ("web:wave", ("mini", "2024"), ANALYST),
    ("web:questionnaire_preview", ("mini", "2024"), ANALYST),
    ("web:questionnaire_download", ("mini", "2024"), ANALYST),
    ("web:dashboard", ("mini", "2024"), ANALYST),
    ("web:dashboard_days_csv", ("mini", "2024"), ANALYST),
    ("web:dashboard_lands_csv", ("mini", "2024"), ANALYST),
    ("web:account", (), ANALYST),
    ("web:password", (), ANALYST),
    ("web:otp_setup", (), ANALYST),
    ("web:survey_settings", ("mini",), ADMIN),
    ("web:open_data", ("mini",), ADMIN),
    ("web:wave_new", ("mini",), ADMIN),
    ("web:questionnaire_edit", ("mini", "2024"), ADMIN),
    ("web:questionnaire_builder", ("mini", "2024"), ADMIN),
    ("web:builder_question", ("mini", "2024", "social_media"), ADMIN),
    ("web:builder_section", ("mini", "2024", "A"), ADMIN),
    ("web:builder_section_new", ("mini", "2024"), ADMIN),
    ("web:builder_translations", ("mini", "2024"), ADMIN),
    ("web:privacy_notice", ("mini", "2024"), ADMIN),
    ("web:register", ("mini",), ADMIN),
    ("web:register_download", ("mini",), ADMIN),
    ("web:organisation", ("mini", "B-1"), ADMIN),
    ("web:organisation_export", ("mini", "B-1"), ADMIN),
    ("web:organisation_erase", ("mini", "B-1"), ADMIN),
    ("web:audit", (), ADMIN),
    ("web:audit_download", (), ADMIN),
    ("web:accounts", (), ADMIN),
    ("web:account_new", (), ADMIN),
    ("web:import", ("mini",), ADMIN),
    ("web:wave_import", ("mini", "2024"), ADMIN),
    ("web:invitations", ("mini", "2024"), ADMIN),
    ("web:invitation_link", ("mini", "2024", "B-1"), ADMIN),
    ("web:results", ("mini", "2024"), ANALYST),
    ("web:results_download", ("mini", "2024", "antworten.csv"), ANALYST),
]

ACTIONS = [
    ("web:wave_status", ("mini", "2024"), {"target": "published", "confirm": "1"}),
    ("web:register_upload", ("mini",), {}),
    ("web:organisation_erase", ("mini", "B-1"), {"confirm": "B-1"}),
    ("web:questionnaire_edit", ("mini", "2024"), {"text": "wave: x"}),
    ("web:questionnaire_builder", ("mini", "2024"), {"aktion": "frage-loeschen:partner"}),
    ("web:builder_question", ("mini", "2024", "partner"), {"text": "x"}),
    ("web:builder_section", ("mini", "2024", "A"), {"title": "x"}),
    ("web:privacy_notice", ("mini", "2024"), {"privacy_notice": "neu"}),
    ("web:survey_settings", ("mini",), {"retention_months": "1", "erasure": "delete"}),
    ("web:open_data", ("mini",), {"enabled": "on", "licence": "dl-by-de/2.0"}),
    ("web:wave_new", ("mini",), {"key": "2025", "title": "x"}),
    ("web:import", ("mini",), {"wave": "2024"}),
    ("web:otp_remove", (), {}),
    ("web:unlock", (), {}),
    ("web:invitations_send", ("mini", "2024"), {"kind": "invitation", "confirm": "1"}),
    ("web:invitation_new_link", ("mini", "2024", "B-1"), {}),
    ("web:invitation_link", ("mini", "2024", "B-1"), {}),
    ("web:reminders_plan", ("mini", "2024"), {"day1": "2099-05-20"}),
]

ADMIN_ACTIONS = [a for a in ACTIONS if a[0] != "web:otp_remove"]


@pytest.mark.parametrize(("name", "args", "role"), PAGES)
def test_the_anonymous_visitor_is_sent_to_the_login(
    anonymous_client: Client, mini: Survey, name: str, args: tuple[str, ...], role: str
) -> None:
    response = anonymous_client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(("name", "args", "role"), PAGES)
def test_the_outsider_is_refused_everywhere(
    outsider_client: Client, mini: Survey, name: str, args: tuple[str, ...], role: str
) -> None:
    response = outsider_client.get(reverse(name, args=args))
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


@pytest.mark.parametrize(("name", "args", "role"), PAGES)
def test_the_analyst_sees_only_what_the_analyst_role_allows(
    analyst_client: Client, mini: Survey, name: str, args: tuple[str, ...], role: str
) -> None:
    response = analyst_client.get(reverse(name, args=args))
    assert response.status_code == (200 if role == ANALYST else 403)


@pytest.mark.parametrize(("name", "args", "role"), PAGES)
def test_the_admin_sees_every_page(
    admin_client: Client, mini: Survey, name: str, args: tuple[str, ...], role: str
) -> None:
    assert admin_client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args", "data"), ACTIONS)
def test_actions_refuse_the_outsider_and_change_nothing(
    outsider_client: Client,
    anonymous_client: Client,
    mini: Survey,
    name: str,
    args: tuple[str, ...],
    data: dict[str, str],
) -> None:
    url = reverse(name, args=args)
    assert outsider_client.post(url, data).status_code == 403
    assert anonymous_client.post(url, data).status_code == 302
    mini.refresh_from_db()
    assert mini.waves.get(key="2024").status == "closed"
    assert mini.waves.count() == 2
    assert mini.retention_months == 12
    assert Organisation.objects.get(survey=mini, key="B-1").email == "mitte@example.org"


@pytest.mark.parametrize(("name", "args", "data"), ADMIN_ACTIONS)
def test_admin_actions_refuse_the_analyst(
    analyst_client: Client, mini: Survey, name: str, args: tuple[str, ...], data: dict[str, str]
) -> None:
    assert analyst_client.post(reverse(name, args=args), data).status_code == 403
    assert mini.waves.get(key="2024").status == "closed"


def test_the_analyst_sees_no_admin_actions_on_the_wave_page(
    analyst_client: Client, mini: Survey
) -> None:
    page = analyst_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert "Ergebnisse veröffentlichen" not in page
    assert "Fragebogen bearbeiten" not in page
    assert "Protokoll" not in page


def test_an_organisation_id_reaches_only_the_survey_in_the_url(
    admin_client: Client, mini: Survey, other: Survey
) -> None:
    Organisation.objects.filter(survey=other, key="B-1").update(email="andere@example.org")
    page = admin_client.get(reverse("web:organisation", args=("mini", "B-1"))).content.decode()
    assert "mitte@example.org" in page
    assert "andere@example.org" not in page
    admin_client.post(reverse("web:organisation_erase", args=("andere", "B-1")), {"confirm": "B-1"})
    assert Organisation.objects.get(survey=mini, key="B-1").email == "mitte@example.org"
    assert Organisation.objects.get(survey=other, key="B-1").email == ""


def test_a_wave_of_one_survey_is_not_found_under_another(
    admin_client: Client, mini: Survey, other: Survey
) -> None:
    mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    assert admin_client.get(reverse("web:wave", args=("mini", "2025"))).status_code == 200
    for name in (
        "web:wave",
        "web:questionnaire_edit",
        "web:questionnaire_builder",
        "web:questionnaire_preview",
    ):
        assert admin_client.get(reverse(name, args=("andere", "2025"))).status_code == 404
    response = admin_client.post(
        reverse("web:wave_status", args=("andere", "2025")), {"target": "open", "confirm": "1"}
    )
    assert response.status_code == 404
    assert mini.waves.get(key="2025").status == "draft"


def test_unknown_ids_get_a_german_404_page(admin_client: Client, mini: Survey) -> None:
    response = admin_client.get(reverse("web:organisation", args=("mini", "X-9")))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
