"""Sending runs as database-backed tasks, with their progress in the database.

The admin page queues a task (django-tasks with its database backend, ``django_tasks_db``);
any worker (``umfrage worker``, or the one ``umfrage serve`` starts) picks it up and runs the
idempotent sender (``umfrage.invitations.sending``). What staff see — state, counts, start and
end, who started it, the last error and the log lines — is written to the run's ``SendJob`` row
as it goes, so every app server shows the same progress. ``umfrage invite`` records its
synchronous run in the same table.

A worker that dies mid-run leaves its job ``running`` with a heartbeat that stops. Each worker
looks for such jobs before it asks for work (:func:`recover_abandoned`) and queues them again;
the sender then continues where the dead run stopped, without sending anything twice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from umfrage import formatting as fmt
from umfrage.invitations.models import Message, SendJob
from umfrage.invitations.sending import (
    LEASE,
    SendingStopped,
    SendReport,
    _alive,
    send_wave,
)
from umfrage.store.models import Wave

logger = logging.getLogger(__name__)

# A job is written at most this often while messages go out (and always at the end).
SAVE_EVERY_SECONDS = 1.0
LOG_LINES_KEPT = 500


def _stamp(moment: datetime | None = None) -> str:
    return fmt.numeric_date_time(timezone.localtime(moment or timezone.now()), seconds=True)


def _kind(reminder: bool) -> str:
    return Message.Kind.REMINDER if reminder else Message.Kind.INVITATION


def _noun(kind: str) -> str:
    return "Erinnerungen" if kind == Message.Kind.REMINDER else "Einladungen"


def add_line(job: SendJob, line: str) -> None:
    """Append a line to the job's log (in memory; saved with the job)."""
    lines = [*job.log.splitlines(), f"{_stamp()} {line}"]
    job.log = "\n".join(lines[-LOG_LINES_KEPT:])


def queue_send(wave: Wave, *, reminder: bool, started_by: str) -> SendJob:
    """Record a run for ``wave`` and queue the task that performs it."""
    kind = _kind(reminder)
    job = SendJob.objects.create(
        wave=wave, kind=kind, origin=SendJob.Origin.WEB, started_by=started_by[:150]
    )
    add_line(job, f"{_noun(kind)} angefordert von {started_by or 'unbekannt'}.")
    result = send_job.enqueue(job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id", "log"])
    return job


def latest(wave: Wave) -> SendJob | None:
    return SendJob.objects.filter(wave=wave).order_by("-enqueued_at", "-pk").first()


def active(wave: Wave) -> SendJob | None:
    """The wave's queued or running job, if any."""
    return (
        SendJob.objects.filter(wave=wave, state__in=(SendJob.State.QUEUED, SendJob.State.RUNNING))
        .order_by("-enqueued_at", "-pk")
        .first()
    )


class _Watcher:
    """The sender's progress callback: counts from its report, written to the job."""

    def __init__(self, job: SendJob, report: SendReport, also: Callable[[int, int], None] | None):
        self.job, self.report, self.also = job, report, also
        self.logged_failed = self.logged_deferred = 0
        self.saved = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self.also is not None:
            self.also(done, total)
        job, report = self.job, self.report
        job.total = total
        job.sent = len(report.sent) + len(report.resent)
        job.failed = len(report.failed)
        job.deferred = len(report.deferred)
        for key, reason in report.failed[self.logged_failed :]:
            add_line(job, f"fehlgeschlagen {key}: {reason}")
            job.last_error = f"{key}: {reason}"
        for key, reason in report.deferred[self.logged_deferred :]:
            add_line(job, f"zurückgestellt {key}: {reason}")
            job.last_error = f"{key}: {reason}"
        self.logged_failed, self.logged_deferred = len(report.failed), len(report.deferred)
        job.heartbeat_at = timezone.now()
        now = job.heartbeat_at.timestamp()
        if done == 0 or done == total or now - self.saved >= SAVE_EVERY_SECONDS:
            self.save()

    def save(self) -> None:
        self.saved = timezone.now().timestamp()
        self.job.save()


def execute(
    job: SendJob,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: object,
) -> SendReport:
    """Run ``job`` in this process: the sender, with its progress written to the job.

    Raises what the sender raises (``SendingStopped``), after recording it on the job.
    """
    job.state = SendJob.State.RUNNING
    job.started_at = job.started_at or timezone.now()
    job.heartbeat_at = timezone.now()
    job.host, job.pid = socket.gethostname()[:255], os.getpid()
    job.runs += 1
    job.finished_at = None
    where = f"Rechner {job.host}, Prozess {job.pid}"
    add_line(
        job,
        f"Versand der {_noun(job.kind)} begonnen ({where})."
        if job.runs == 1
        else f"Versand der {_noun(job.kind)} fortgesetzt, Anlauf {job.runs} ({where}).",
    )
    job.save()
    report = SendReport(job.wave.key, job.kind)
    watcher = _Watcher(job, report, progress)
    try:
        send_wave(
            job.wave,
            reminder=job.kind == Message.Kind.REMINDER,
            limit=limit,
            progress=watcher,
            report=report,
            **options,  # type: ignore[arg-type]
        )
    except SendingStopped as exc:
        watcher(job.sent + job.failed + job.deferred, job.total)
        reason = " ".join(str(p.message) for p in exc.problems)
        fix = " ".join(str(p.fix) for p in exc.problems if p.fix)
        add_line(job, f"Abgebrochen: {reason} {fix}".strip())
        _finish(job, SendJob.State.STOPPED, reason)
        raise
    except (SystemExit, KeyboardInterrupt):
        if job.origin == SendJob.Origin.CLI:
            add_line(job, "Abgebrochen (Befehl beendet).")
            _finish(job, SendJob.State.STOPPED, "Der Befehl wurde beendet.")
            raise
        # The worker is being stopped (server restart): queue the rest for the next worker.
        add_line(
            job,
            "Der Hintergrunddienst wurde beendet; der Versand wird fortgesetzt, sobald wieder "
            "einer läuft.",
        )
        job.state = SendJob.State.QUEUED
        job.task_id = str(send_job.enqueue(job.pk).id)
        job.save()
        raise
    except BaseException as exc:
        add_line(job, f"Abgebrochen durch einen unerwarteten Fehler ({type(exc).__name__}).")
        _finish(job, SendJob.State.STOPPED, f"Unerwarteter Fehler: {type(exc).__name__}")
        raise
    watcher(job.sent + job.failed + job.deferred, job.total)
    add_line(
        job,
        f"Fertig: {job.sent} versandt, {job.failed} fehlgeschlagen, "
        f"{job.deferred} zurückgestellt."
        + (
            f" {len(report.without_email)} Organisation(en) ohne E-Mail-Adresse."
            if report.without_email
            else ""
        ),
    )
    _finish(job, SendJob.State.DONE, job.last_error if job.deferred else "")
    return report


def _finish(job: SendJob, state: str, error: str) -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.last_error = error
    job.save()


@task()
def send_job(job_id: int) -> None:
    """The queued task: run the job (or nothing, if it is gone or already over)."""
    job = SendJob.objects.select_related("wave__survey").filter(pk=job_id).first()
    if job is None or not job.active:
        return
    with contextlib.suppress(SendingStopped):  # recorded on the job; nothing to retry
        execute(job)


def _abandoned_jobs(now: datetime) -> Iterator[SendJob]:
    host = socket.gethostname()[:255]
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - LEASE)
    for job in SendJob.objects.filter(state=SendJob.State.RUNNING):
        dead_here = job.host == host and job.pid is not None and not _alive(job.pid)
        if dead_here or SendJob.objects.filter(pk=job.pk).filter(stale).exists():
            yield job


def recover_abandoned(now: datetime | None = None) -> list[SendJob]:
    """Queue again the jobs whose worker died mid-run (same machine: its process is gone;
    any machine: silent for longer than the send lock's lease). The sender continues where it
    stopped and sends nothing twice. A run of ``umfrage invite`` that died is only marked as
    stopped: whoever typed the command starts it again."""
    now = now or timezone.now()
    recovered = []
    for job in _abandoned_jobs(now):
        if job.origin == SendJob.Origin.CLI:
            add_line(job, "Der Befehl „umfrage invite“ wurde unterbrochen.")
            stopped = SendJob.objects.filter(pk=job.pk, state=SendJob.State.RUNNING).update(
                state=SendJob.State.STOPPED,
                finished_at=now,
                log=job.log,
                last_error="Der Befehl wurde unterbrochen; starten Sie ihn erneut.",
            )
            if stopped:
                recovered.append(job)
            continue
        # Only if still running: two workers recovering at once queue it once.
        taken = SendJob.objects.filter(pk=job.pk, state=SendJob.State.RUNNING).update(
            state=SendJob.State.QUEUED
        )
        if not taken:
            continue
        job.refresh_from_db()
        # The dead worker's task never finishes by itself: marked failed, a new one continues.
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now
            )
        add_line(
            job,
            f"Der Versandprozess (Rechner {job.host}, Prozess {job.pid}) wurde unterbrochen; "
            "der Versand wird fortgesetzt.",
        )
        job.task_id = str(send_job.enqueue(job.pk).id)
        job.save(update_fields=["log", "task_id"])
        logger.warning("Versandlauf %s wird nach einem Abbruch fortgesetzt.", job.pk)
        recovered.append(job)
    return recovered
