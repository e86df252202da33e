"""The feedback form "Barriere melden" (§ 12b BGG, BITV 2.0 § 7) and its list for the staff.

Public, no JavaScript, CSRF-protected, rate-limited, hostile input handled; staff see every
report with its answer deadline (received + one month, overdue marked), mark it answered or
closed or erase it, each step in the audit log; the address and text are personal data that
erasure and retention remove.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from umfrage.collect.access import LIMITS_CACHE
from umfrage.feedback import views as feedback_views
from umfrage.feedback.models import Feedback, add_months
from umfrage.governance.dataprotection import apply_retention, erase_organisation
from umfrage.governance.models import AuditEntry
from umfrage.store.models import Organisation, Survey

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    caches[LIMITS_CACHE].clear()


def _csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("feedback"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    return client, token.group(1)


def test_the_form_is_labelled_and_posts_with_a_csrf_token() -> None:
    page = Client().get(reverse("feedback") + "?seite=/fragebogen/seite/B/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    for name in ("message", "page", "email"):
        assert f'<label class="question__title" for="id_{name}">' in html
        assert f'aria-describedby="id_{name}_hint"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="/fragebogen/seite/B/"' in html  # the page it was opened from
    assert "<script" not in html.split("</head>")[1]  # nothing needs JavaScript
    assert page["Cache-Control"] == "no-store"


def test_a_report_is_stored_and_thanked_for() -> None:
    client, token = _csrf_client()
    response = client.post(
        reverse("feedback"),
        {
            "csrfmiddlewaretoken": token,
            "message": "Die Tabelle auf Seite B liest mein Screenreader nicht vor.",
            "page": "/fragebogen/seite/B/",
            "email": "leserin@example.org",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback_sent")
    report = Feedback.objects.get()
    assert report.email == "leserin@example.org"
    assert report.page == "/fragebogen/seite/B/"
    assert report.state == Feedback.State.OPEN
    assert report.language == "de"
    thanks = client.get(response["Location"]).content.decode()
    assert "Vielen Dank für Ihre Meldung" in thanks


def test_a_post_without_csrf_token_is_refused() -> None:
    response = Client(enforce_csrf_checks=True).post(reverse("feedback"), {"message": "x"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_missing_and_wrong_input_gets_german_messages_at_the_fields() -> None:
    response = Client().post(reverse("feedback"), {"message": "  ", "email": "kein-at"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fehler: Barriere melden</title>" in html
    assert 'href="#id_message"' in html and 'href="#id_email"' in html
    assert "Bitte beschreiben Sie die Barriere." in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in html
    assert 'aria-invalid="true"' in html
    assert not Feedback.objects.exists()


def test_hostile_input_is_cleaned_limited_and_shown_inert(admin_client: Client) -> None:
    client = Client()
    too_long = client.post(reverse("feedback"), {"message": "x" * 5001})
    assert too_long.status_code == 400
    assert "höchstens 5000 Zeichen" in too_long.content.decode()
    nul = client.post(reverse("feedback"), {"message": "a\x00b"})
    assert nul.status_code == 400  # PostgreSQL cannot store NUL; Django refuses it
    script = '<script>alert(1)</script>\x07\r\nZweite "Zeile" & mehr'
    assert (
        client.post(reverse("feedback"), {"message": script, "page": "<b>x</b>"}).status_code == 302
    )
    report = Feedback.objects.get()
    assert "\x07" not in report.message
    listing = admin_client.get(reverse("web:feedback")).content.decode()
    assert "<script>alert(1)</script>" not in listing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
    assert "&lt;b&gt;x&lt;/b&gt;" in listing


def test_too_many_reports_from_one_address_are_refused() -> None:
    client = Client()
    for number in range(feedback_views.LIMIT):
        response = client.post(reverse("feedback"), {"message": f"Meldung {number}"})
        assert response.status_code == 302
    refused = client.post(reverse("feedback"), {"message": "noch eine"})
    assert refused.status_code == 429
    assert "Zu viele Meldungen" in refused.content.decode()
    assert Feedback.objects.count() == feedback_views.LIMIT
    assert Client(REMOTE_ADDR="192.0.2.9").get(reverse("feedback")).status_code == 200


def test_the_deadline_is_one_month_after_receipt() -> None:
    assert add_months(date(2031, 1, 31), 1) == date(2031, 2, 28)
    assert add_months(date(2032, 1, 31), 1) == date(2032, 2, 29)
    assert add_months(date(2031, 12, 15), 1) == date(2032, 1, 15)
    report = Feedback(received_at=datetime(2031, 3, 10, 23, 30, tzinfo=BERLIN))
    assert report.due == date(2031, 4, 10)
    assert not report.overdue(date(2031, 4, 10))
    assert report.overdue(date(2031, 4, 11))
    report.state = Feedback.State.ANSWERED
    assert not report.overdue(date(2031, 4, 11))


def test_staff_see_the_deadline_and_what_is_overdue(admin_client: Client) -> None:
    now = timezone.now()
    Feedback.objects.create(message="alt", received_at=now - timedelta(days=40))
    Feedback.objects.create(message="neu", received_at=now - timedelta(days=2), email="a@b.de")
    page = admin_client.get(reverse("web:feedback"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Offen: 2, davon überfällig: 1." in html
    assert html.count("(überfällig)") == 1
    due = add_months(timezone.localdate(now - timedelta(days=2)), 1).strftime("%d.%m.%Y")
    assert due in html
    assert 'href="mailto:a@b.de"' in html
    assert "Barriere-Meldungen" in admin_client.get(reverse("web:surveys")).content.decode()


def test_only_administrators_see_the_reports(
    analyst_client: Client, anonymous_client: Client
) -> None:
    report = Feedback.objects.create(message="x")
    assert analyst_client.get(reverse("web:feedback")).status_code == 403
    change = reverse("web:feedback_change", args=(report.pk,))
    assert analyst_client.post(change, {"aktion": "abschliessen"}).status_code == 403
    assert anonymous_client.get(reverse("web:feedback")).status_code == 302
    assert Feedback.objects.get().state == Feedback.State.OPEN


def test_answering_closing_reopening_and_erasing_are_logged(admin_client: Client) -> None:
    report = Feedback.objects.create(message="Kontrast zu schwach", email="x@example.org")
    change = reverse("web:feedback_change", args=(report.pk,))
    assert admin_client.get(change).status_code == 405
    admin_client.post(change, {"aktion": "beantwortet", "notiz": "Mail am 3.12."})
    report.refresh_from_db()
    assert report.state == Feedback.State.ANSWERED and report.answered_at is not None
    assert report.note == "Mail am 3.12."
    admin_client.post(change, {"aktion": "abschliessen"})
    admin_client.post(change, {"aktion": "oeffnen"})
    report.refresh_from_db()
    assert report.state == Feedback.State.OPEN and report.closed_at is None
    admin_client.post(change, {"aktion": "loeschen"})
    report.refresh_from_db()
    assert (report.message, report.email, report.note) == ("[gelöscht]", "", "")
    assert report.erased_at is not None and report.state == Feedback.State.CLOSED
    logged = AuditEntry.objects.filter(action__startswith="feedback.").order_by("at")
    actions = list(logged.values_list("action", flat=True))
    assert actions == [
        "feedback.answered",
        "feedback.closed",
        "feedback.reopened",
        "feedback.erased",
    ]
    assert all(e.actor_name == "admin" for e in logged)
    # A change that does not fit the state changes nothing and is not logged.
    response = admin_client.post(change, {"aktion": "beantwortet"}, follow=True)
    assert "nichts geändert" in response.content.decode()
    assert logged.count() == 4


def test_retention_erases_reports_closed_a_year_ago() -> None:
    now = timezone.now()
    old = Feedback.objects.create(
        message="alt",
        email="alt@example.org",
        state=Feedback.State.CLOSED,
        closed_at=now - timedelta(days=400),
    )
    recent = Feedback.objects.create(
        message="neu",
        email="neu@example.org",
        state=Feedback.State.CLOSED,
        closed_at=now - timedelta(days=30),
    )
    still_open = Feedback.objects.create(
        message="offen", email="o@example.org", received_at=now - timedelta(days=800)
    )
    assert apply_retention(now, dry_run=True).feedback == 1
    assert Feedback.objects.get(pk=old.pk).email == "alt@example.org"
    assert apply_retention(now).feedback == 1
    assert Feedback.objects.get(pk=old.pk).email == ""
    assert Feedback.objects.get(pk=recent.pk).email == "neu@example.org"
    assert Feedback.objects.get(pk=still_open.pk).email == "o@example.org"


def test_erasing_an_organisation_erases_reports_that_name_it(mini: Survey) -> None:
    naming = Feedback.objects.create(message="Anna Beispiel hier", email="mitte@example.org")
    other = Feedback.objects.create(message="Kontrast", email="jemand@example.org")
    organisation = Organisation.objects.get(survey=mini, key="B-1")
    from umfrage.governance.dataprotection import organisation_export

    exported = organisation_export(organisation)["barriere_meldungen"]
    assert [r["email"] for r in exported] == ["mitte@example.org"]
    result = erase_organisation(organisation, timezone.now())
    assert result.feedback == 1
    assert "1 Barriere-Meldungen" in result.summary()
    assert Feedback.objects.get(pk=naming.pk).email == ""
    assert Feedback.objects.get(pk=other.pk).email == "jemand@example.org"
