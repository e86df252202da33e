"""The invitations page's view of sending: runs queued for a worker, their progress, the rows.

Sending takes minutes (throttle, retries), far longer than a web request may run. The page
therefore queues a task (``umfrage.invitations.jobs``) that a worker runs; its progress is in
the database (the ``SendJob`` row, the invitation and message states, the send lock), so any
app server shows it. The send lock keeps two runs from sending at once, however they were
started. The command line a run stands for is ``umfrage.invitations.process``'s, which the CLI
shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from umfrage.invitations import jobs
from umfrage.invitations.models import Message, SendJob, SendLock
from umfrage.invitations.sending import LEASE
from umfrage.store.models import Invitation, Organisation, Wave


def start_send(wave: Wave, *, reminder: bool, started_by: str) -> SendJob:
    """Queue the run; a worker picks it up (``umfrage worker``, or the one of ``umfrage serve``)."""
    return jobs.queue_send(wave, reminder=reminder, started_by=started_by)


@dataclass(frozen=True)
class Running:
    host: str
    pid: int | None
    since: datetime | None
    heartbeat: datetime | None


def running(wave: Wave, now: datetime | None = None) -> Running | None:
    """The run sending for the wave right now, if one is alive: a worker's job with a fresh
    heartbeat, or whoever holds the wave's send lock (same rule as the sender's)."""
    now = now or timezone.now()
    job = jobs.active(wave)
    if (
        job is not None
        and job.state == SendJob.State.RUNNING
        and job.heartbeat_at is not None
        and now - job.heartbeat_at <= LEASE
    ):
        return Running(job.host, job.pid, job.started_at, job.heartbeat_at)
    lock = SendLock.objects.filter(wave=wave).first()
    if lock is None or not lock.holder or lock.heartbeat_at is None:
        return None
    if now - lock.heartbeat_at > LEASE:
        return None
    return Running(lock.host, lock.pid, lock.acquired_at, lock.heartbeat_at)


def queued(wave: Wave) -> SendJob | None:
    """A run that was asked for and waits for a worker."""
    job = jobs.active(wave)
    return job if job is not None and job.state == SendJob.State.QUEUED else None


def message_counts(wave: Wave) -> dict[str, int]:
    counts = dict.fromkeys(Message.State.values, 0)
    for state, n in (
        Message.objects.filter(invitation__wave=wave)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[state] = n
    return counts


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    email: str
    state: str
    sent_at: datetime | None
    opened_at: datetime | None
    reminders: int
    last_error: str
    can_renew: bool
    state_code: str  # Invitation.State value, or NOT_INVITED


NOT_INVITED = "none"


def invitation_rows(wave: Wave) -> list[Row]:
    """One row per organisation of the register (active, or with an invitation in this wave)."""
    invitations = {
        i.organisation_id: i
        for i in Invitation.objects.filter(wave=wave).annotate(
            reminders=Count(
                "messages",
                filter=Q(messages__kind=Message.Kind.REMINDER, messages__state=Message.State.SENT),
            )
        )
    }
    labels = dict(Invitation.State.choices)
    rows = []
    for org in Organisation.objects.filter(survey=wave.survey).order_by("position", "key"):
        invitation: Any = invitations.get(org.pk)
        if invitation is None and not org.active:
            continue
        rows.append(
            Row(
                org.key,
                org.name,
                org.email,
                str(labels[invitation.state]) if invitation else "noch nicht eingeladen",
                invitation.sent_at if invitation else None,
                invitation.opened_at if invitation else None,
                invitation.reminders if invitation else 0,
                invitation.last_error if invitation else "",
                # A new link for an organisation that opted out of reminders, too (it gets
                # the link, still no reminders); not once answered or erased.
                invitation is not None
                and invitation.state != Invitation.State.RESPONDED
                and org.erased_at is None,
                invitation.state if invitation else NOT_INVITED,
            )
        )
    return rows


def log_tail(wave: Wave, lines: int = 30) -> str:
    """The last lines of the wave's latest run, as stored in the database."""
    job = jobs.latest(wave)
    if job is None:
        return ""
    return "\n".join(line for line in job.log.splitlines()[-lines:] if line.strip())
