"""System checks: misconfiguration reported in plain words (``umfrage check-deploy``, startup)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from umfrage.envconf import INVALID


@register(Tags.database)
def check_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    config = settings.DATABASES["default"]
    if "UMFRAGE_ERROR" in config:
        return [
            Error(
                f"Die Datenbank-Adresse ist nicht lesbar: {config['UMFRAGE_ERROR']}",
                hint="Setzen Sie DATABASE_URL z. B. auf postgres://benutzer:passwort@host:5432/umfrage "
                "oder entfernen Sie die Variable für SQLite.",
                id="umfrage.E002",
            )
        ]
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        folder = settings.DATA_DIR
        if folder.exists() and not folder.is_dir():
            return [
                Error(
                    f"UMFRAGE_DATA_DIR ({folder}) ist eine Datei, kein Ordner.",
                    hint="Setzen Sie UMFRAGE_DATA_DIR auf einen Ordner.",
                    id="umfrage.E004",
                )
            ]
    elif not engine.endswith("postgresql"):
        return [
            Error(
                f"Die Datenbank „{engine}“ wird nicht unterstützt.",
                hint="Umfrage läuft mit SQLite (ohne DATABASE_URL) oder PostgreSQL (postgres://…).",
                id="umfrage.E005",
            )
        ]
    return []


def reader_limits() -> dict[str, int]:
    """The input limits the pure readers take from the environment when they read a file.

    Read here as well, so that a value that is no number (``umfrage.E003``) or below 1
    (``umfrage.E006``) stops every command and the server at start, not only the first upload.
    """
    from umfrage.questionnaire.problems import problems_shown
    from umfrage.questionnaire.safeyaml import max_bytes
    from umfrage.surveyfolder.xlsxread import XlsxLimits

    xlsx = XlsxLimits.from_env()
    return {
        "UMFRAGE_YAML_MAX_BYTES": max_bytes(),
        "UMFRAGE_IMPORT_PROBLEMS_SHOWN": problems_shown(),
        "UMFRAGE_XLSX_MAX_ROWS": xlsx.rows,
        "UMFRAGE_XLSX_MAX_COLUMNS": xlsx.columns,
        "UMFRAGE_XLSX_MAX_CELLS": xlsx.cells,
        "UMFRAGE_XLSX_MAX_MB": xlsx.megabytes,
        "UMFRAGE_XLSX_MAX_SECONDS": xlsx.seconds,
        "UMFRAGE_TABLE_MAX_CELL_CHARS": xlsx.cell_chars,
    }


@register()
def check_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    reader_limits()  # records unreadable values in INVALID
    return [
        Error(
            f"{name}: {message}",
            hint=f"Korrigieren Sie die Umgebungsvariable {name}.",
            id="umfrage.E003",
        )
        for name, message in sorted(INVALID.items())
    ]


# Settings that must be a positive whole number: (environment variable, setting, what it is).
POSITIVE = (
    ("UMFRAGE_TOKEN_ATTEMPTS", "COLLECT_TOKEN_ATTEMPTS", "falsche Links bis zur Sperre"),
    ("UMFRAGE_TOKEN_WINDOW_SECONDS", "COLLECT_TOKEN_WINDOW", "Sekunden, die falsche Links zählen"),
    ("UMFRAGE_IMPORT_MAX_BYTES", "UMFRAGE_IMPORT_MAX_BYTES", "Bytes je hochgeladener Datei"),
)


@register()
def check_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = [
        Error(
            f"{variable} ist {getattr(settings, name)}; erwartet wird eine Zahl ab 1 ({what}).",
            hint=f"Setzen Sie {variable} auf eine ganze Zahl ab 1 oder entfernen Sie die Variable.",
            id="umfrage.E006",
        )
        for variable, name, what in POSITIVE
        if getattr(settings, name) < 1
    ]
    messages.extend(
        Error(
            f"{variable} ist {value}; erwartet wird eine Zahl ab 1 (Grenze beim Lesen von Dateien).",
            hint=f"Setzen Sie {variable} auf eine ganze Zahl ab 1 oder entfernen Sie die Variable.",
            id="umfrage.E006",
        )
        for variable, value in reader_limits().items()
        if value < 1
    )
    return messages


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from umfrage.secretkey import is_public

    if is_public(settings.SECRET_KEY):
        return [
            Error(
                "UMFRAGE_SECRET_KEY ist nicht gesetzt; im Betrieb wäre jede Sitzung fälschbar.",
                hint="Setzen Sie UMFRAGE_SECRET_KEY auf einen langen Zufallswert, z. B. aus "
                '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.',
                id="umfrage.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_debug(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [
            Warning(
                "UMFRAGE_DEBUG ist eingeschaltet; Fehlerseiten zeigen dann interne Daten.",
                hint="Setzen Sie im Betrieb UMFRAGE_DEBUG=0.",
                id="umfrage.W001",
            )
        ]
    return []


@register(deploy=True)
def check_accessibility_statement(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    missing = [
        (name, text)
        for name, text in (
            ("UMFRAGE_ACCESSIBILITY_CONTACT", "an wen man Barrieren meldet (E-Mail-Adresse)"),
            ("UMFRAGE_ACCESSIBILITY_DATE", "wann sie erstellt wurde (JJJJ-MM-TT)"),
        )
        if not getattr(settings, name)
    ]
    return [
        Warning(
            f"Die Erklärung zur Barrierefreiheit (/barrierefreiheit/) nennt nicht, {text}.",
            hint=f"Setzen Sie {name}; die BITV 2.0 (§ 7) verlangt diese Angabe.",
            id="umfrage.W005",
        )
        for name, text in missing
    ]
