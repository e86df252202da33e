"""``umfrage createadmin``, ``umfrage check-deploy`` and ``umfrage retention``."""

from __future__ import annotations

import sys

import click

from umfrage.cli import ensure_database, main, reports_problems, setup_django


@main.command()
@click.argument("username")
@click.option("--email", default="", help="E-Mail-Adresse der Person.")
@click.option(
    "--role",
    type=click.Choice(["admin", "analyst"]),
    default="admin",
    show_default=True,
    help="admin: alles verwalten; analyst: Ergebnisse und Exporte ansehen.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Passwort aus der Standardeingabe lesen (für Skripte) statt nachzufragen.",
)
@reports_problems
def createadmin(username: str, email: str, role: str, password_stdin: bool) -> None:
    """Legt ein Konto für die Verwaltung an (oder setzt Passwort und Rolle eines bestehenden)."""
    ensure_database()
    from django.core.exceptions import ValidationError

    from umfrage.governance.audit import record
    from umfrage.governance.roles import create_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Passwort", hide_input=True, confirmation_prompt="Wiederholen")
    try:
        _user, created = create_account(username, password, role, email=email)
    except ValidationError as exc:
        raise click.ClickException(
            "Das Passwort ist nicht sicher genug:\n" + "\n".join(f"  - {m}" for m in exc.messages)
        ) from None
    record(
        None,
        "user.created",
        f"Konto {username} {'angelegt' if created else 'aktualisiert'} (Rolle {role}).",
        role=role,
    )
    click.echo(
        f"Konto „{username}“ {'angelegt' if created else 'aktualisiert'}, Rolle: "
        f"{'Administration' if role == 'admin' else 'Auswertung'}. Anmeldung unter /verwaltung/."
    )


@main.command()
@click.argument("username", required=False)
@reports_problems
def unlock(username: str | None) -> None:
    """Hebt die Anmeldesperre nach zu vielen Fehlversuchen auf (ohne NAME: alle Sperren)."""
    ensure_database()
    from axes.utils import reset

    from umfrage.governance.audit import record

    count = reset(username=username) if username else reset()
    summary = (
        f"Anmeldesperre für {username} aufgehoben."
        if username
        else "Alle Anmeldesperren aufgehoben."
    )
    record(None, "login.unlocked", summary, attempts=count)
    click.echo(f"{summary} ({count} Einträge entfernt)")


@main.command(name="check-deploy")
def check_deploy() -> None:
    """Prüft die Einstellungen für den Betrieb (Djangos „check --deploy“ und eigene Prüfungen).

    Exit 0 nur ohne Befund; jede Warnung nennt die Umgebungsvariable, die zu setzen ist.
    """
    setup_django()
    from umfrage.governance.deploy import deploy_messages

    found = deploy_messages()
    for message in found:
        click.echo(f"{message.id}: {message.msg}", err=True)
        if message.hint:
            click.echo(f"  → {message.hint}", err=True)
    if found:
        click.echo(f"{len(found)} Befund(e): noch nicht bereit für den Betrieb.", err=True)
        sys.exit(1)
    click.echo("Keine Befunde: die Einstellungen sind bereit für den Betrieb.")


@main.command()
@click.option("--dry-run", is_flag=True, help="Nur zählen, nichts löschen.")
@reports_problems
def retention(dry_run: bool) -> None:
    """Löscht Kontaktdaten, deren Aufbewahrungsfrist abgelaufen ist (täglich per cron).

    Je Umfrage gilt die Frist aus ihren Datenschutz-Einstellungen, gezählt ab dem Ende einer
    Welle: dann verlieren deren Einladungen die persönlichen Links; sind alle Wellen vorbei,
    auch das Register seine Kontaktdaten.
    """
    ensure_database()
    from django.utils import timezone

    from umfrage.governance.audit import record
    from umfrage.governance.dataprotection import apply_retention

    result = apply_retention(timezone.now(), dry_run=dry_run)
    verb = "würden gelöscht" if dry_run else "gelöscht"
    click.echo(
        f"Wellen mit abgelaufener Frist: {', '.join(result.waves) or 'keine'}\n"
        f"Einladungen ohne persönlichen Link: {result.invitations} {verb}\n"
        f"Versandte Nachrichten ohne Adresse und Link: {result.messages} {verb}\n"
        f"Organisationen ohne Kontaktdaten: {result.organisations} {verb}\n"
        f"Abgeschlossene Barriere-Meldungen ohne Text und Adresse: {result.feedback} {verb}"
    )
    if not dry_run and (result.waves or result.organisations or result.feedback):
        record(
            None,
            "retention.applied",
            f"Aufbewahrungsfrist: {result.invitations} Einladungen, {result.messages} "
            f"Nachrichten, {result.organisations} Organisationen, {result.feedback} "
            "Barriere-Meldungen bereinigt.",
            waves=result.waves,
        )
