"""Logins, logouts and failed logins go to the audit log; login time starts the session clock."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from umfrage.governance.audit import record
from umfrage.invitations.schedule import scheduled_run_started
from umfrage.web.middleware import LOGIN_AT, stamp


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now()
        request.session[LOGIN_AT] = stamp(now)
    record(user, "login", "Angemeldet.")


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "logout", "Abgemeldet.")


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = str(credentials.get("username") or "")[:150] or "?"
    record(None, "login.failed", "Anmeldung mit falschen Angaben.", actor_name=name)


@receiver(scheduled_run_started)
def on_scheduled_run(sender: Any, reminder: Any, job: Any, **kwargs: Any) -> None:
    wave = reminder.wave
    record(
        None,
        "invitations.started",
        f"Versand der geplanten Erinnerungen für Welle {wave.key} gestartet (Zeitplan).",
        survey=wave.survey.slug,
        wave=wave.key,
        actor_name=job.started_by,
        kind=job.kind,
        job=job.pk,
        planned=reminder.pk,
    )
