"""Writing the audit log. Every state-changing admin view calls :func:`record`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from umfrage.governance.models import AuditEntry

# What each action code means, for the log page.
ACTIONS: dict[str, Any] = {
    "texts.coded": _("Freitexte codiert"),
    "quote.chosen": _("Freitext als Zitat gewählt"),
    "quote.withdrawn": _("Zitat zurückgenommen"),
    "quote.released": _("Zitat für die Veröffentlichung freigegeben"),
    "quote.unreleased": _("Freigabe eines Zitats zurückgenommen"),
    "codebook.merged": _("Kategorien zusammengelegt"),
    "codebook.split": _("Kategorie aufgeteilt"),
    "codebook.moved": _("Texte in eine andere Kategorie verschoben"),
    "login": _("Anmeldung"),
    "login.failed": _("Anmeldung fehlgeschlagen"),
    "login.otp_failed": _("Falscher Bestätigungscode"),
    "logout": _("Abmeldung"),
    "login.unlocked": _("Anmeldesperre aufgehoben"),
    "otp.enabled": _("Zwei-Faktor-Anmeldung eingerichtet"),
    "otp.disabled": _("Zwei-Faktor-Anmeldung entfernt"),
    "password.changed": _("Passwort geändert"),
    "user.created": _("Konto angelegt"),
    "user.role": _("Rolle eines Kontos geändert"),
    "user.deactivated": _("Konto deaktiviert"),
    "user.reactivated": _("Konto wieder aktiviert"),
    "user.password_reset": _("Passwort eines Kontos neu gesetzt"),
    "survey.settings": _("Datenschutz-Einstellungen geändert"),
    "survey.open_data": _("Einstellungen für offene Daten geändert"),
    "wave.created": _("Welle angelegt"),
    "wave.status": _("Status einer Welle geändert"),
    "wave.questionnaire": _("Fragebogen geändert"),
    "wave.privacy": _("Datenschutzhinweis geändert"),
    "register.uploaded": _("Register hochgeladen"),
    "register.downloaded": _("Register heruntergeladen"),
    "organisation.exported": _("Auskunft erteilt (Export)"),
    "organisation.erased": _("Personenbezogene Daten gelöscht"),
    "organisation.language": _("Sprache der Organisation geändert"),
    "retention.applied": _("Aufbewahrungsfrist angewandt"),
    "feedback.answered": _("Meldung einer Barriere beantwortet"),
    "feedback.closed": _("Meldung einer Barriere abgeschlossen"),
    "feedback.reopened": _("Meldung einer Barriere wieder geöffnet"),
    "feedback.erased": _("Meldung einer Barriere gelöscht"),
    "audit.downloaded": _("Protokoll heruntergeladen"),
    "import.applied": _("Daten importiert"),
    "invitations.previewed": _("Versand geprüft (Probelauf)"),
    "invitations.started": _("Versand gestartet"),
    "invitations.new_link": _("Neuer Link ausgestellt"),
    "invitations.link_shown": _("Link von Hand ausgegeben"),
    "invitations.link_mailed": _("Ausgegebenen Link per E-Mail gesendet"),
    "invitations.reminders_planned": _("Erinnerungen geplant"),
    "results.downloaded": _("Ergebnisse heruntergeladen"),
}


def record(
    user: Any,
    action: str,
    summary: str,
    *,
    survey: str = "",
    wave: str = "",
    organisation: str = "",
    actor_name: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Append one entry; ``user`` None means the system (e.g. the retention command)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    known = user is not None and user.is_authenticated
    name = actor_name or (user.get_username() if known and user is not None else "System")
    return AuditEntry.objects.create(
        actor=user if known else None,
        actor_name=name[:150],
        action=action,
        survey=survey,
        wave=wave,
        organisation=organisation,
        summary=summary,
        details=details,
    )
