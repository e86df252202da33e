"""Deployment checks of our own, run by ``umfrage check-deploy`` next to Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    policy = str(getattr(settings, "CONTENT_SECURITY_POLICY", "") or "")
    if not policy or "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        return [
            Warning(
                "Die Content-Security-Policy fehlt oder erlaubt eingebettete Skripte.",
                hint="Lassen Sie CONTENT_SECURITY_POLICY wie in settings.py ausgeliefert.",
                id="umfrage.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not str(settings.SITE_URL).startswith("https://"):
        return [
            Warning(
                f"UMFRAGE_SITE_URL ({settings.SITE_URL}) ist keine https-Adresse; die "
                "persönlichen Links in den Einladungen wären ungeschützt.",
                hint="Setzen Sie UMFRAGE_SITE_URL auf die öffentliche https://-Adresse.",
                id="umfrage.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_session_idle(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SESSION_IDLE_SECONDS > settings.SESSION_COOKIE_AGE:
        return [
            Warning(
                "UMFRAGE_SESSION_IDLE_SECONDS ist länger als UMFRAGE_SESSION_SECONDS und "
                "wirkt daher nie.",
                hint="Wählen Sie eine kürzere Leerlaufzeit als die Sitzungsdauer.",
                id="umfrage.W004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if any(str(host).strip() == "*" for host in settings.ALLOWED_HOSTS):
        return [
            Warning(
                "UMFRAGE_ALLOWED_HOSTS enthält „*“: Der Server antwortet dann unter jedem "
                "Rechnernamen, auch einem gefälschten (etwa in Links zum Zurücksetzen).",
                hint="Setzen Sie UMFRAGE_ALLOWED_HOSTS auf den öffentlichen Namen des Servers, "
                "z. B. umfrage.example.de.",
                id="umfrage.W006",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_production_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SQLite is the zero-setup database of the demo and of trying things out (debug mode)."""
    engine = str(settings.DATABASES["default"].get("ENGINE", ""))
    if settings.DEBUG or not engine.endswith("sqlite3"):
        return []
    return [
        Warning(
            f"Die Datenbank ist SQLite ({settings.DATABASES['default'].get('NAME')}). Für den "
            "Betrieb ist PostgreSQL vorgesehen: mehrere Server-Prozesse schreiben dann "
            "gleichzeitig, und Sicherungen laufen im laufenden Betrieb.",
            hint="Setzen Sie DATABASE_URL auf eine PostgreSQL-Datenbank, z. B. "
            "postgres://benutzer:passwort@host:5432/umfrage.",
            id="umfrage.W007",
        )
    ]
