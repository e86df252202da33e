"""Login, lock-out, second factor, logout and the session clock, through the real URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.conftest import PASSWORD
from umfrage.governance.models import AuditEntry
from umfrage.web.middleware import LAST_SEEN, LOGIN_AT, session_expired

LOGIN = "/verwaltung/anmelden/"


def login(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_german_and_labelled(anonymous_client: Client, db: None) -> None:
    page = anonymous_client.get(LOGIN).content.decode()
    assert '<html lang="de">' in page
    assert '<label for="id_username">Benutzername</label>' in page
    assert '<label for="id_password">Passwort</label>' in page
    assert 'href="#inhalt"' in page


def test_a_correct_login_leads_to_the_surveys_and_is_logged(
    anonymous_client: Client, admin_user: User
) -> None:
    response = login(anonymous_client, "admin")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == "/verwaltung/"  # type: ignore[index]
    assert anonymous_client.get("/verwaltung/umfragen/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor=admin_user).count() == 1


def test_a_wrong_password_says_so_in_german_and_is_logged(
    anonymous_client: Client, admin_user: User
) -> None:
    response = login(anonymous_client, "admin", "falsch")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Benutzername oder Passwort stimmen nicht." in response.content.decode()  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action="login.failed")
    assert entry.actor_name == "admin"
    assert entry.actor is None


def test_the_login_is_locked_after_repeated_failures_even_for_the_right_password(
    anonymous_client: Client, admin_user: User, settings: object
) -> None:
    for _ in range(5):
        login(anonymous_client, "admin", "falsch")
    response = login(anonymous_client, "admin")
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()  # type: ignore[attr-defined]
    assert anonymous_client.get("/verwaltung/umfragen/").status_code == 302
    # Another name from the same address is locked too: one machine cannot try many names.
    assert login(Client(), "analyst").status_code == 429  # type: ignore[attr-defined]


def test_failures_below_the_limit_are_forgotten_after_a_successful_login(
    anonymous_client: Client, admin_user: User
) -> None:
    for _ in range(4):
        login(anonymous_client, "admin", "falsch")
    assert login(anonymous_client, "admin").status_code == 302  # type: ignore[attr-defined]
    anonymous_client.post("/verwaltung/abmelden/")
    for _ in range(4):
        login(anonymous_client, "admin", "falsch")
    assert login(anonymous_client, "admin").status_code == 302  # type: ignore[attr-defined]


def test_logout_needs_a_post_and_ends_the_session(admin_client: Client) -> None:
    assert admin_client.get("/verwaltung/abmelden/").status_code == 405
    response = admin_client.post("/verwaltung/abmelden/", follow=True)
    assert "Sie sind abgemeldet." in response.content.decode()
    assert admin_client.get("/verwaltung/umfragen/").status_code == 302
    assert AuditEntry.objects.filter(action="logout").count() == 1


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "expired"),
    [
        (timedelta(hours=1), timedelta(minutes=5), False),
        (timedelta(hours=9), timedelta(minutes=5), True),
        (timedelta(hours=1), timedelta(minutes=61), True),
        (timedelta(hours=8), timedelta(minutes=60), False),
    ],
)
def test_a_session_expires_after_its_age_or_idle_time(
    login_ago: timedelta, seen_ago: timedelta, expired: bool
) -> None:
    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    assert (
        session_expired(
            now - login_ago,
            now - seen_ago,
            now,
            max_age=timedelta(hours=8),
            idle=timedelta(hours=1),
        )
        is expired
    )


def _set_session(client: Client, **values: str) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_an_idle_session_is_logged_out_with_a_message(
    anonymous_client: Client, admin_user: User
) -> None:
    login(anonymous_client, "admin")
    anonymous_client.get("/verwaltung/umfragen/")
    _set_session(anonymous_client, **{LAST_SEEN: (timezone.now() - timedelta(hours=2)).isoformat()})
    response = anonymous_client.get("/verwaltung/umfragen/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    page = anonymous_client.get(response["Location"]).content.decode()
    assert "Ihre Sitzung ist abgelaufen." in page


def test_a_session_ends_eight_hours_after_login_even_when_active(
    anonymous_client: Client, admin_user: User
) -> None:
    login(anonymous_client, "admin")
    _set_session(anonymous_client, **{LOGIN_AT: (timezone.now() - timedelta(hours=9)).isoformat()})
    assert anonymous_client.get("/verwaltung/umfragen/").status_code == 302


def _device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_with_a_second_factor_the_login_asks_for_a_code(
    anonymous_client: Client, admin_user: User
) -> None:
    device = _device(admin_user)
    response = login(anonymous_client, "admin")
    assert response["Location"].startswith("/verwaltung/anmelden/code/")  # type: ignore[index]
    blocked = anonymous_client.get("/verwaltung/umfragen/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/verwaltung/anmelden/code/")
    wrong = anonymous_client.post("/verwaltung/anmelden/code/", {"code": "000000"})
    if _code(device) != "000000":
        assert "Der Code stimmt nicht" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = anonymous_client.post(
        "/verwaltung/anmelden/code/", {"code": _code(device), "next": "/verwaltung/umfragen/"}
    )
    assert right["Location"] == "/verwaltung/umfragen/"
    assert anonymous_client.get("/verwaltung/umfragen/").status_code == 200


def test_the_code_page_does_not_redirect_to_other_hosts(
    anonymous_client: Client, admin_user: User
) -> None:
    device = _device(admin_user)
    login(anonymous_client, "admin")
    response = anonymous_client.post(
        "/verwaltung/anmelden/code/", {"code": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/verwaltung/"


def test_a_person_sets_up_the_second_factor_by_confirming_a_code(
    admin_client: Client, admin_user: User
) -> None:
    page = admin_client.get("/verwaltung/konto/zwei-faktor/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=admin_user)
    assert not device.confirmed
    response = admin_client.post("/verwaltung/konto/zwei-faktor/", {"code": _code(device)})
    assert response["Location"] == "/verwaltung/konto/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="otp.enabled").exists()
    # The session that set it up counts as verified.
    assert admin_client.get("/verwaltung/umfragen/").status_code == 200


def test_a_wrong_setup_code_does_not_enable_the_second_factor(
    admin_client: Client, admin_user: User
) -> None:
    admin_client.get("/verwaltung/konto/zwei-faktor/")
    device = TOTPDevice.objects.get(user=admin_user)
    bad = "111111" if _code(device) != "111111" else "222222"
    response = admin_client.post("/verwaltung/konto/zwei-faktor/", {"code": bad})
    assert "Der Code stimmt nicht" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_password_can_be_changed_and_the_change_is_logged(admin_client: Client) -> None:
    response = admin_client.post(
        "/verwaltung/konto/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": "Noch-ein-langes-Passwort-7",
            "new_password2": "Noch-ein-langes-Passwort-7",
        },
    )
    assert response["Location"] == "/verwaltung/konto/"
    assert AuditEntry.objects.filter(action="password.changed").exists()
    assert admin_client.get("/verwaltung/umfragen/").status_code == 200


def test_wrong_codes_slow_down_further_tries(anonymous_client: Client, admin_user: User) -> None:
    device = _device(admin_user)
    login(anonymous_client, "admin")
    bad = "000000" if _code(device) != "000000" else "111111"
    anonymous_client.post("/verwaltung/anmelden/code/", {"code": bad})
    # Right after a failure even the right code is refused (django-otp's throttling).
    response = anonymous_client.post("/verwaltung/anmelden/code/", {"code": _code(device)})
    assert response.status_code == 200
    assert anonymous_client.get("/verwaltung/umfragen/").status_code == 302
    assert AuditEntry.objects.filter(action="login.otp_failed").count() == 2


def test_an_admin_sees_the_lock_and_lifts_it(
    anonymous_client: Client, admin_client: Client, analyst_user: User
) -> None:
    for _ in range(5):
        login(anonymous_client, "analyst", "falsch")
    assert login(Client(REMOTE_ADDR="10.0.0.9"), "analyst").status_code == 429  # type: ignore[attr-defined]
    page = admin_client.get("/verwaltung/konten/").content.decode()
    assert "Sperre aufheben" in page
    assert "Auswertung" in page
    admin_client.post("/verwaltung/konten/entsperren/", {"username": "analyst"})
    assert login(Client(REMOTE_ADDR="10.0.0.9"), "analyst").status_code == 302  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="login.unlocked").exists()


def test_the_unlock_command_lifts_every_lock(anonymous_client: Client, admin_user: User) -> None:
    from click.testing import CliRunner

    from umfrage.cli import main

    for _ in range(5):
        login(anonymous_client, "admin", "falsch")
    result = CliRunner().invoke(main, ["unlock"])
    assert result.exit_code == 0, result.output
    assert "Alle Anmeldesperren aufgehoben." in result.output
    assert login(anonymous_client, "admin").status_code == 302  # type: ignore[attr-defined]


def test_the_admin_stays_german_for_a_browser_that_asks_for_english(db: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    response = client.post(LOGIN, {"username": "", "password": ""})
    page = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "This field is required." not in page
    assert response["Content-Language"] == "de"


def test_logins_without_a_request_still_work(admin_user: User) -> None:
    # The test client's login() authenticates without a request, as scripts and shells do.
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    assert client.get("/verwaltung/umfragen/").status_code == 200


def test_behind_a_proxy_failures_count_against_the_forwarded_address(settings: object) -> None:
    from django.test import RequestFactory

    from umfrage.web.backends import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "10.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_behind_a_proxy_one_clients_failures_do_not_lock_another(
    admin_user: User, analyst_user: User, settings: object
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    for name in ("a", "b", "c", "d", "e"):
        login(attacker, name, "falsch")
    assert login(attacker, "admin").status_code == 429  # type: ignore[attr-defined]
    colleague = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert login(colleague, "analyst").status_code == 302  # type: ignore[attr-defined]
