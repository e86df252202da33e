"""Misconfiguration is reported by system checks in plain words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from umfrage import checks, envconf


def ids(messages: list[object]) -> list[str]:
    return [m.id for m in messages]  # type: ignore[attr-defined]


def test_an_unreadable_database_url_is_reported() -> None:
    with override_settings(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.dummy",
                "UMFRAGE_ERROR": "DATABASE_URL: kaputt",
            }
        }
    ):
        assert ids(checks.check_database()) == ["umfrage.E002"]


def test_an_unsupported_database_is_reported() -> None:
    with override_settings(DATABASES={"default": {"ENGINE": "django.db.backends.mysql"}}):
        messages = checks.check_database()
    assert ids(messages) == ["umfrage.E005"]
    assert "wird nicht unterstützt" in messages[0].msg


def test_a_data_dir_that_is_a_file_is_reported(tmp_path: Path) -> None:
    file = tmp_path / "daten"
    file.write_text("x")
    with override_settings(
        DATA_DIR=file, DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3"}}
    ):
        assert ids(checks.check_database()) == ["umfrage.E004"]


def test_a_bad_boolean_is_reported_with_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(envconf, "INVALID", {})
    monkeypatch.setattr(checks, "INVALID", envconf.INVALID)
    monkeypatch.setenv("UMFRAGE_DEBUG", "vielleicht")
    assert envconf.env_bool("UMFRAGE_DEBUG", False) is False
    messages = checks.check_environment()
    assert ids(messages) == ["umfrage.E003"]
    assert (
        messages[0].msg
        == "UMFRAGE_DEBUG: „vielleicht“ ist kein Wahrheitswert; erlaubt sind 1/0, true/false, yes/no."
    )


def test_the_development_secret_key_fails_the_deployment_check() -> None:
    with override_settings(SECRET_KEY="unsafe-development-key-set-UMFRAGE_SECRET_KEY"):
        assert ids(checks.check_secret_key()) == ["umfrage.E001"]
    with override_settings(SECRET_KEY="x" * 50):
        assert checks.check_secret_key() == []


def test_a_command_with_a_broken_database_url_says_so_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "mysql//kaputt", "UMFRAGE_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from umfrage.cli import main; main()",
            "dump",
            "x",
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Die Datenbank-Adresse ist nicht lesbar" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_flags_a_wildcard_in_allowed_hosts() -> None:
    from umfrage.governance.deploy import deploy_messages

    with override_settings(ALLOWED_HOSTS=["umfrage.example.de", "*"]):
        messages = [m for m in deploy_messages() if m.id == "umfrage.W006"]
    assert len(messages) == 1
    assert "UMFRAGE_ALLOWED_HOSTS enthält „*“" in messages[0].msg
    with override_settings(ALLOWED_HOSTS=["umfrage.example.de"]):
        assert "umfrage.W006" not in ids(deploy_messages())


def test_check_deploy_flags_sqlite_outside_debug_mode(tmp_path: Path) -> None:
    from umfrage.governance.deploy import deploy_messages

    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "u.sqlite3")}
    with override_settings(DEBUG=False, DATABASES={"default": sqlite}):
        messages = [m for m in deploy_messages() if m.id == "umfrage.W007"]
    assert len(messages) == 1
    assert "Die Datenbank ist SQLite" in messages[0].msg and "PostgreSQL" in messages[0].hint
    with override_settings(DEBUG=True, DATABASES={"default": sqlite}):
        assert "umfrage.W007" not in ids(deploy_messages())
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "umfrage"}
    with override_settings(DEBUG=False, DATABASES={"default": postgres}):
        assert "umfrage.W007" not in ids(deploy_messages())


@pytest.mark.parametrize(
    ("variable", "setting"),
    [
        ("UMFRAGE_TOKEN_ATTEMPTS", "COLLECT_TOKEN_ATTEMPTS"),
        ("UMFRAGE_TOKEN_WINDOW_SECONDS", "COLLECT_TOKEN_WINDOW"),
        ("UMFRAGE_IMPORT_MAX_BYTES", "UMFRAGE_IMPORT_MAX_BYTES"),
    ],
)
def test_limits_below_one_are_reported_with_their_variable(variable: str, setting: str) -> None:
    assert checks.check_limits() == []
    with override_settings(**{setting: 0}):
        messages = checks.check_limits()
    assert ids(messages) == ["umfrage.E006"]
    assert messages[0].msg.startswith(f"{variable} ist 0; erwartet wird eine Zahl ab 1")


def test_the_limits_are_read_from_the_environment() -> None:
    """A fresh process with the variables set has the settings (docs/settings.md names them)."""
    given = {
        "UMFRAGE_TOKEN_ATTEMPTS": ("COLLECT_TOKEN_ATTEMPTS", "7"),
        "UMFRAGE_TOKEN_WINDOW_SECONDS": ("COLLECT_TOKEN_WINDOW", "60"),
        "UMFRAGE_IMPORT_MAX_BYTES": ("UMFRAGE_IMPORT_MAX_BYTES", "1048576"),
    }
    names = [setting for setting, _value in given.values()]
    code = f"from django.conf import settings; print(*[getattr(settings, n) for n in {names!r}])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "umfrage.settings",
            **{variable: value for variable, (_setting, value) in given.items()},
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == [value for _setting, value in given.values()]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("UMFRAGE_XLSX_MAX_ROWS", "viele", "UMFRAGE_XLSX_MAX_ROWS: „viele“ ist keine ganze Zahl."),
        ("UMFRAGE_YAML_MAX_BYTES", "1 MB", "UMFRAGE_YAML_MAX_BYTES: „1 MB“ ist keine ganze Zahl."),
        (
            "UMFRAGE_XLSX_MAX_SECONDS",
            "0",
            "UMFRAGE_XLSX_MAX_SECONDS ist 0; erwartet wird eine Zahl ab 1",
        ),
    ],
)
def test_a_bad_reader_limit_stops_a_command_at_start(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    """The file readers' limits are read when a file is read; the start-up checks read them too,
    so a wrong value is reported at once instead of silently becoming the default later."""
    env = {**os.environ, variable: value, "UMFRAGE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "from umfrage.cli import main; main()", "unlock"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
