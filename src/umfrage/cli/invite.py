"""``umfrage invite``, ``umfrage register import`` and ``umfrage status``: the invitations side."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from umfrage import formatting as fmt
from umfrage.cli import ensure_database, main, reports_problems, setup_django
from umfrage.questionnaire.problems import Problem, ProblemsError

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from umfrage.invitations.register import RegisterChanges
    from umfrage.invitations.sending import SendReport
    from umfrage.invitations.tracking import Counts, WaveProgress
    from umfrage.store.models import Survey, Wave


def find_survey(slug: str | None) -> Survey:
    from umfrage.store.models import Survey

    surveys = list(Survey.objects.all())
    if slug is None and len(surveys) == 1:
        return surveys[0]
    known = ", ".join(s.slug for s in surveys) or "keine"
    for survey in surveys:
        if survey.slug == slug:
            return survey
    if slug is None:
        message = "Es gibt mehrere Umfragen in der Datenbank."
        fix = f"Geben Sie --survey an (vorhanden: {known})."
        raise ProblemsError(
            [Problem(file="--survey", line=None, question=None, message=message, fix=fix)]
        )
    from umfrage.store.lookup import survey_missing

    raise survey_missing(slug, slug, "Laden Sie eine mit „umfrage import ORDNER“.")


def find_wave(key: str, survey_slug: str | None) -> Wave:
    survey = find_survey(survey_slug)
    wave = survey.waves.filter(key=key).first()
    if wave is None:
        from umfrage.store.lookup import wave_missing

        raise wave_missing(survey, key, f"--wave {key}")
    return wave


survey_option = click.option(
    "--survey", "survey", default=None, help="Kennung der Umfrage (nötig, wenn es mehrere gibt)."
)


@main.command()
@click.option("--wave", "wave_key", required=True, help="Die Welle, z. B. 2024.")
@survey_option
@click.option("--reminder", is_flag=True, help="Erinnerungen statt Einladungen senden.")
@click.option("--dry-run", is_flag=True, help="Nur anzeigen, was versandt würde.")
@click.option(
    "--show-all",
    is_flag=True,
    help="Im Probelauf alle Kennungen nennen (sonst die ersten zehn je Zeile).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Höchstens so viele Nachrichten.")
@click.option(
    "--new-link",
    "new_links",
    multiple=True,
    metavar="ID",
    help="Die Links dieser Organisation sperren und ihr einen neuen senden (mehrfach möglich).",
)
@reports_problems
def invite(
    wave_key: str,
    survey: str | None,
    reminder: bool,
    dry_run: bool,
    show_all: bool,
    limit: int | None,
    new_links: tuple[str, ...],
) -> None:
    """Versendet die persönlichen Einladungen (oder Erinnerungen) einer Welle per E-Mail.

    Ein abgebrochener Lauf kann einfach neu gestartet werden: Bereits Versandtes wird nicht
    erneut gesendet; Nachrichten, deren Versand beim Abbruch lief, gehen mit derselben
    Message-ID noch einmal hinaus. Erinnerungen erhalten nur Organisationen, die noch nicht
    vollständig geantwortet und sich nicht abgemeldet haben.
    """
    ensure_database()
    from umfrage.invitations.sending import SendingStopped, send_wave

    wave = find_wave(wave_key, survey)
    if new_links and not dry_run:
        _withdraw_links(wave, new_links)
    bar = _Bar("Erinnerungen" if reminder else "Einladungen")
    try:
        if dry_run:
            report = send_wave(wave, reminder=reminder, limit=limit, dry_run=True, progress=bar)
        else:
            report = _recorded_run(wave, reminder, limit, bar)
    except SendingStopped as exc:
        bar.close()
        if exc.report is not None:
            _print_report(exc.report)
        raise
    bar.close()
    _print_report(report, show_all)
    if report.deferred:
        raise ProblemsError(
            [
                Problem(
                    file=f"Welle {report.wave}",
                    line=None,
                    question=None,
                    message=f"{len(report.deferred)} Nachricht(en) konnten noch nicht übergeben werden.",
                    fix="Starten Sie den Versand später erneut; sie gehen dann mit derselben "
                    "Message-ID hinaus.",
                )
            ]
        )


def _operator() -> str:
    """Who typed the command, as far as the system knows (for the run's record and the log)."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unbekannt"
    return f"{user}@{socket.gethostname()}"[:150]


def _recorded_run(wave: Wave, reminder: bool, limit: int | None, bar: _Bar) -> SendReport:
    """Send synchronously, as always, with the run recorded where the admin page shows it
    (``SendJob``) and in the audit log."""
    from umfrage.governance.audit import record
    from umfrage.invitations.jobs import execute
    from umfrage.invitations.models import Message, SendJob

    operator = _operator()
    kind = Message.Kind.REMINDER if reminder else Message.Kind.INVITATION
    job = SendJob.objects.create(
        wave=wave, kind=kind, origin=SendJob.Origin.CLI, started_by=operator
    )
    noun = "Erinnerungen" if reminder else "Einladungen"
    record(
        None,
        "invitations.started",
        f"Versand der {noun} für Welle {wave.key} gestartet (Befehlszeile).",
        survey=wave.survey.slug,
        wave=wave.key,
        actor_name=f"{operator} (Befehlszeile)",
        kind=kind,
        command="invite",
        job=job.pk,
        limit=limit,
    )
    return execute(job, limit=limit, progress=bar)


class _Bar:
    """click's progress bar on stderr, created once the number of messages is known."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: ProgressBar[int] | None = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _withdraw_links(wave: Wave, keys: tuple[str, ...]) -> None:
    from umfrage.invitations.sending import ensure_invitations
    from umfrage.invitations.tokens import new_link
    from umfrage.store.models import Invitation

    # An organisation of the register not yet invited gets its invitation row first; its
    # invitation then simply goes out in this run.
    ensure_invitations(wave)

    found = {
        i.organisation.key: i
        for i in Invitation.objects.filter(wave=wave, organisation__key__in=keys).select_related(
            "organisation"
        )
    }
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise ProblemsError(
            [
                Problem(
                    file=f"--new-link {k}",
                    line=None,
                    question=None,
                    message=f"Die Organisation „{k}“ ist nicht im Register der Welle {wave.key}.",
                    fix="Prüfen Sie die Kennung (umfrage register import nimmt neue auf).",
                )
                for k in unknown
            ]
        )
    from umfrage.governance.audit import record

    operator = _operator()
    for key in keys:
        new_link(found[key])
        record(
            None,
            "invitations.new_link",
            f"Neuer Link für {key} in Welle {wave.key}: alte Links gesperrt (Befehlszeile).",
            survey=wave.survey.slug,
            wave=wave.key,
            organisation=key,
            actor_name=f"{operator} (Befehlszeile)",
        )
        click.echo(f"Alte Links von {key} gesperrt; ein neuer Link wird versandt.")


FIRST_KEYS = 10
"""A dry run names this many organisations per line; ``--show-all`` names every one."""


def _first(keys: Sequence[str], show_all: bool) -> str:
    if show_all or len(keys) <= FIRST_KEYS:
        return ", ".join(keys)
    return ", ".join(keys[:FIRST_KEYS]) + f" … und {len(keys) - FIRST_KEYS} weitere (--show-all)"


def _print_report(report: SendReport, show_all: bool = False) -> None:
    noun = "Erinnerung" if report.kind == "reminder" else "Einladung"
    if report.dry_run:
        click.echo(
            f"Probelauf für Welle {report.wave}: {len(report.planned)} {noun}(en) würden versandt"
            + (f": {_first(report.planned, show_all)}" if report.planned else ".")
        )
        if report.skipped:
            click.echo("Keine Nachricht erhielten:")
            for group in report.skipped:
                click.echo(f"  {len(group.keys)} {group.reason}: {_first(group.keys, show_all)}")
        if report.next_due is not None and not report.planned:
            click.echo(
                "Die nächste Erinnerung ist frühestens am "
                f"{fmt.numeric_date(report.next_due)} fällig (Abstand zur letzten Nachricht)."
            )
        if report.preview is not None:
            click.echo(f"\nVorschau (Betreff: {report.preview.subject}):\n")
            click.echo(report.preview.text)
    else:
        click.echo(f"Welle {report.wave}: {len(report.sent)} {noun}(en) versandt.")
        if report.resent:
            click.echo(
                f"{len(report.resent)} angefangene Nachricht(en) aus einem früheren Lauf erneut "
                "übergeben (gleiche Message-ID, falls sie doch schon angekommen waren)."
            )
    if report.without_email and not report.dry_run:
        click.echo(
            f"{len(report.without_email)} Organisation(en) ohne E-Mail-Adresse: "
            + ", ".join(report.without_email)
        )
    if report.failed:
        click.echo(f"{len(report.failed)} fehlgeschlagen (Adresse prüfen):", err=True)
        for key, reason in report.failed:
            click.echo(f"  {key}: {reason}", err=True)
    for key, reason in report.deferred:
        click.echo(f"  zurückgestellt {key}: {reason}", err=True)


@main.group()
def register() -> None:
    """Das Register der Organisationen (organisations.csv oder Excel)."""


@register.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@survey_option
@click.option("--dry-run", is_flag=True, help="Nur anzeigen, was sich ändern würde.")
@reports_problems
def register_import(file: Path, survey: str | None, dry_run: bool) -> None:
    """Liest das Register aus CSV oder Excel (.xlsx) und gleicht es über die Kennung (id) ab.

    Alles oder nichts: Bei einem Fehler wird nichts gespeichert. Organisationen, die in der
    Datei fehlen, aber schon eingeladen wurden oder geantwortet haben, bleiben erhalten und
    werden nicht mehr eingeladen.
    """
    setup_django()
    from umfrage.invitations.register import import_register, read_register_file

    read = read_register_file(file)
    ensure_database()
    changes = import_register(find_survey(survey), read, dry_run=dry_run)
    _print_changes(changes, dry_run)


def _print_changes(changes: RegisterChanges, dry_run: bool) -> None:
    for warning in changes.warnings:
        click.echo(f"Hinweis: {warning}", err=True)
    prefix = "Probelauf, nichts gespeichert. " if dry_run else ""
    click.echo(
        f"{prefix}Register „{changes.survey}“: {len(changes.created)} neu, "
        f"{len(changes.updated)} geändert, {changes.unchanged} unverändert, "
        f"{len(changes.deactivated)} ausgeschieden (bleiben wegen Einladungen/Antworten "
        f"erhalten), {len(changes.deleted)} gelöscht, {len(changes.reactivated)} wieder "
        "aufgenommen."
    )
    for key in changes.created:
        click.echo(f"  neu: {key}")
    for key, diff in changes.updated.items():
        details = "; ".join(f"{f}: „{old}“ → „{new}“" for f, (old, new) in diff.items())
        click.echo(f"  geändert: {key}: {details}")
    for key in changes.deactivated:
        click.echo(f"  ausgeschieden: {key}")
    for key in changes.deleted:
        click.echo(f"  gelöscht: {key}")
    for key in changes.reactivated:
        click.echo(f"  wieder aufgenommen: {key}")


def _percent(value: float | None) -> str:
    return fmt.percent(value, 1)


def _row(label: str, counts: Counts) -> str:
    return (
        f"{label[:24]:<24} {counts.register:>8} {counts.invited:>10} {counts.opened:>9} "
        f"{counts.partial:>13} {counts.complete:>11} {_percent(counts.response_rate):>9}"
    )


@main.command()
@click.option("--wave", "wave_key", required=True, help="Die Welle, z. B. 2024.")
@survey_option
@reports_problems
def status(wave_key: str, survey: str | None) -> None:
    """Zeigt den Rücklauf einer Welle: eingeladen, geöffnet, begonnen, vollständig."""
    ensure_database()
    from umfrage.invitations.tracking import wave_progress

    progress = wave_progress(find_wave(wave_key, survey))
    _print_progress(progress)


def _print_progress(progress: WaveProgress) -> None:
    from umfrage.store.models import Wave

    closes = f", Feldende {fmt.numeric_date(progress.closes)}" if progress.closes else ""
    status = Wave.Status(progress.status).label
    click.echo(f"Umfrage {progress.survey}, Welle {progress.wave} (Status: {status}{closes})")
    click.echo(
        f"{'':<24} {'Register':>8} {'eingeladen':>10} {'geöffnet':>9} {'unvollständig':>13} "
        f"{'vollständig':>11} {'Rücklauf':>9}"
    )
    click.echo(_row("Gesamt", progress.total))
    for land, counts in progress.by_land.items():
        click.echo(_row(land, counts))
    total = progress.total
    click.echo(
        f"Versand: {total.failed} fehlgeschlagen, {total.opted_out} abgemeldet; "
        f"{progress.anonymous_complete} vollständige anonyme Antworten."
    )
    if progress.over_time:
        click.echo("Verlauf (Summen am Ende des Tages):")
        for day in progress.over_time:
            click.echo(
                f"  {fmt.numeric_date(day.day)}  eingeladen {day.invited:>5}  geöffnet {day.opened:>5}  "
                f"vollständig {day.complete:>5}"
            )
