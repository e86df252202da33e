"""`umfrage createadmin` and `umfrage check-deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client, override_settings

from umfrage.cli import main
from umfrage.governance.deploy import deploy_messages
from umfrage.governance.models import AuditEntry
from umfrage.governance.roles import role_of

pytestmark = pytest.mark.django_db


def test_createadmin_makes_an_account_that_can_log_in() -> None:
    result = CliRunner().invoke(
        main,
        ["createadmin", "servicebuero", "--email", "sb@example.org", "--password-stdin"],
        input="Ein-sehr-langes-Passwort-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Konto „servicebuero“ angelegt, Rolle: Administration." in result.output
    user = User.objects.get(username="servicebuero")
    assert role_of(user) == "admin"
    assert user.email == "sb@example.org"
    client = Client()
    response = client.post(
        "/verwaltung/anmelden/",
        {"username": "servicebuero", "password": "Ein-sehr-langes-Passwort-1"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="user.created").count() == 1


def test_createadmin_can_make_an_analyst_and_change_a_role() -> None:
    runner = CliRunner()
    runner.invoke(main, ["createadmin", "eva", "--password-stdin"], input="Langes-Passwort-99x\n")
    result = runner.invoke(
        main,
        ["createadmin", "eva", "--role", "analyst", "--password-stdin"],
        input="Langes-Passwort-99y\n",
    )
    assert result.exit_code == 0, result.output
    assert "aktualisiert, Rolle: Auswertung" in result.output
    assert role_of(User.objects.get(username="eva")) == "analyst"
    assert User.objects.count() == 1


def test_createadmin_refuses_a_weak_password_in_german() -> None:
    result = CliRunner().invoke(
        main, ["createadmin", "bob", "--password-stdin"], input="12345678\n"
    )
    assert result.exit_code == 1
    assert "Das Passwort ist nicht sicher genug:" in result.output
    assert "zu kurz" in result.output
    assert not User.objects.filter(username="bob").exists()


def test_createadmin_asks_for_the_password_twice() -> None:
    result = CliRunner().invoke(
        main, ["createadmin", "carla"], input="Ein-langes-Passwort-7\nEin-langes-Passwort-7\n"
    )
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="carla").check_password("Ein-langes-Passwort-7")


PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": "k" * 20 + "Zq8-x" * 8,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["umfrage.example.de"],
    "SITE_URL": "https://umfrage.example.de",
    "UMFRAGE_ACCESSIBILITY_CONTACT": "barrierefrei@example.de",
    "UMFRAGE_ACCESSIBILITY_DATE": date(2026, 11, 26),
}


def ids() -> list[str]:
    return sorted(str(m.id) for m in deploy_messages())


def test_production_settings_pass_every_deployment_check() -> None:
    # Production runs on PostgreSQL (umfrage.W007 flags SQLite outside debug mode), whichever
    # database this test run uses.
    postgres = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "umfrage"}}
    with override_settings(**PRODUCTION, DATABASES=postgres):
        assert ids() == []


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"SECURE_SSL_REDIRECT": False}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": 0}, "security.W004"),
        # W010 ("sessions app installed"), not W012: Django finds its session middleware by
        # its exact name, and ours is a subclass (umfrage.web.middleware).
        ({"SESSION_COOKIE_SECURE": False}, "security.W010"),
        ({"DEBUG": True}, "security.W018"),
        ({"SITE_URL": "http://umfrage.example.de"}, "umfrage.W003"),
        ({"CONTENT_SECURITY_POLICY": "default-src 'self' 'unsafe-inline'"}, "umfrage.W002"),
        ({"SESSION_IDLE_SECONDS": 99999}, "umfrage.W004"),
        ({"SECRET_KEY": "unsafe-development-key-set-UMFRAGE_SECRET_KEY"}, "umfrage.E001"),
        ({"UMFRAGE_ACCESSIBILITY_CONTACT": ""}, "umfrage.W005"),
        ({"UMFRAGE_ACCESSIBILITY_DATE": None}, "umfrage.W005"),
    ],
)
def test_each_weakness_is_reported(override: dict[str, object], expected: str) -> None:
    with override_settings(**{**PRODUCTION, **override}):
        assert expected in ids()


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("UMFRAGE_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "from umfrage.cli import main; main()", "check-deploy"],
        capture_output=True,
        text=True,
        env={**clean, "UMFRAGE_DATA_DIR": str(tmp_path), **env},
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment(tmp_path: Path) -> None:
    result = _check_deploy(
        tmp_path,
        UMFRAGE_SECRET_KEY="q3V9-tq8LrZ0wXb7Yc2Kd5Mf1Ng4Ph6Rj_sT0uW2xY4zA6bC8dE0fG2hJ4kL6mN8",
        UMFRAGE_DEBUG="0",
        UMFRAGE_ALLOWED_HOSTS="umfrage.example.de",
        UMFRAGE_SITE_URL="https://umfrage.example.de",
        UMFRAGE_SSL_REDIRECT="1",
        UMFRAGE_ACCESSIBILITY_CONTACT="barrierefrei@example.de",
        UMFRAGE_ACCESSIBILITY_DATE="2026-11-26",
        # Production's database is PostgreSQL (SQLite is umfrage.W007); check-deploy reads the
        # setting and does not connect.
        DATABASE_URL="postgres://umfrage@db.example.de:5432/umfrage",
    )
    assert result.returncode == 0, result.stderr
    assert "Keine Befunde" in result.stdout


def test_check_deploy_lists_what_is_missing_in_a_development_setup(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 1
    assert "umfrage.E001: UMFRAGE_SECRET_KEY ist nicht gesetzt" in result.stderr
    assert "security.W008" in result.stderr
    assert "Traceback" not in result.stderr
