"""Sending invitations and reminders so that none is lost and none is doubled.

The protocol, per message:

1. Under the wave's send lock, the finished message (new token, pre-generated Message-ID) is
   stored with state ``sending`` and committed *before* the SMTP server sees it.
2. It is handed to the server through Django's mail backend.
3. The server's answer is recorded: ``sent`` (the stored copy and its clear link are erased),
   ``failed`` with the server's reason for a permanent refusal (5xx), or, for a transient one
   (4xx, dropped connection, timeout), retried with growing pauses.

A run killed between 1 and 3 leaves the message ``sending``; the next run hands the very same
bytes (same Message-ID) to the server before anything else. That is the one duplicate no SMTP
client can rule out (the server accepted, the process died before recording it), and it is
recognisably the same message. A message recorded as ``sent`` is never handed over again.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from umfrage import formatting as fmt
from umfrage.invitations.messages import (
    PLACEHOLDER_TOKEN,
    Letter,
    StoredEmail,
    letter_for,
    prepare,
)
from umfrage.invitations.models import Message, SendLock, SendPace
from umfrage.invitations.tokens import new_token, wave_accepts_links
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import Invitation, Organisation, Response, Wave

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]
Progress = Callable[[int, int], None]

LEASE = timedelta(minutes=5)  # a holder silent for longer than this is presumed dead
HEARTBEAT = timedelta(seconds=15)
MAX_BACKOFF = 300.0
# Several messages in a row that could not be handed over mean the server is away, not one
# mailbox: stop instead of working through the whole list with pauses.
DEFERRED_IN_A_ROW = 3


@dataclass(frozen=True)
class SendSettings:
    rate_per_minute: int
    attempts: int
    backoff_seconds: float
    reminder_gap: timedelta

    @classmethod
    def from_settings(cls) -> SendSettings:
        return cls(
            rate_per_minute=settings.UMFRAGE_SMTP_RATE,
            attempts=max(1, settings.UMFRAGE_SMTP_ATTEMPTS),
            backoff_seconds=float(settings.UMFRAGE_SMTP_BACKOFF),
            reminder_gap=timedelta(days=settings.UMFRAGE_REMINDER_GAP_DAYS),
        )


@dataclass
class SendReport:
    """What a run did (or, as a dry run, would do), by organisation id."""

    wave: str
    kind: str
    dry_run: bool = False
    sent: list[str] = field(default_factory=list)
    resent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    preview: Letter | None = None
    skipped: list[Skipped] = field(default_factory=list)
    """Dry runs: who gets nothing, grouped by why (only reasons that apply, in a fixed order)."""
    next_due: datetime | None = None
    """Reminder dry runs: when the first organisation held back by the gap becomes due."""


@dataclass(frozen=True)
class Skipped:
    """Organisations of the wave that a run would not write to, and the reason in plain words."""

    reason: str
    keys: tuple[str, ...]


class SendingStopped(ProblemsError):
    """The run had to stop (lock held, server refuses the sender, server away); ``report`` says
    what was done up to then. Nothing is lost: the next run continues."""

    def __init__(self, problems: list[Problem], report: SendReport | None = None) -> None:
        super().__init__(problems)
        self.report = report


def _stop(wave: Wave, message: str, fix: str, report: SendReport | None = None) -> SendingStopped:
    return SendingStopped(
        [Problem(file=f"Welle {wave.key}", line=None, question=None, message=message, fix=fix)],
        report,
    )


# --- the lock -----------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True


def _abandoned(lock: SendLock, now: datetime) -> bool:
    if not lock.holder:
        return True
    if lock.heartbeat_at is None or now - lock.heartbeat_at > LEASE:
        return True
    return lock.host == socket.gethostname() and lock.pid is not None and not _alive(lock.pid)


@dataclass
class Lease:
    wave: Wave
    holder: str
    clock: Clock
    beaten: datetime

    def beat(self) -> None:
        now = self.clock()
        if now - self.beaten < HEARTBEAT:
            return
        kept = SendLock.objects.filter(wave=self.wave, holder=self.holder).update(heartbeat_at=now)
        if not kept:
            raise _stop(
                self.wave,
                "Ein anderer Versandlauf hat die Sperre übernommen, weil dieser zu lange still war.",
                "Prüfen Sie mit „umfrage status“, was versandt wurde, und starten Sie erneut.",
            )
        self.beaten = now


@contextlib.contextmanager
def send_lock(wave: Wave, *, clock: Clock) -> Iterator[Lease]:
    """Hold the wave's send lock for the duration; refuse if a live run holds it."""
    holder = uuid.uuid4().hex
    now = clock()
    with transaction.atomic():
        lock, _ = SendLock.objects.select_for_update().get_or_create(wave=wave)
        if not _abandoned(lock, now):
            seconds = int((now - lock.heartbeat_at).total_seconds()) if lock.heartbeat_at else 0
            raise _stop(
                wave,
                f"Für diese Welle läuft bereits ein Versand (Rechner {lock.host}, "
                f"Prozess {lock.pid}, zuletzt aktiv vor {seconds} s).",
                "Warten Sie, bis er fertig ist; ein abgebrochener Lauf gibt die Sperre "
                f"spätestens nach {int(LEASE.total_seconds() // 60)} Minuten frei.",
            )
        lock.holder, lock.host, lock.pid = holder, socket.gethostname(), os.getpid()
        lock.acquired_at = lock.heartbeat_at = now
        lock.save()
    try:
        yield Lease(wave, holder, clock, now)
    finally:
        SendLock.objects.filter(wave=wave, holder=holder).update(
            holder="", host="", pid=None, heartbeat_at=None
        )


# --- who gets a message -------------------------------------------------------------------------


def ensure_invitations(wave: Wave) -> int:
    """One invitation per organisation in the register and wave; returns how many were added."""
    missing = Organisation.objects.filter(survey=wave.survey, active=True).exclude(
        Exists(Invitation.objects.filter(wave=wave, organisation=OuterRef("pk")))
    )
    created = Invitation.objects.bulk_create(
        [Invitation(wave=wave, organisation=o) for o in missing.only("pk")],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(created)


def _complete(wave: Wave) -> Exists:
    return Exists(
        Response.objects.filter(
            wave=wave, organisation=OuterRef("organisation"), status=Response.Status.COMPLETE
        )
    )


def candidates(wave: Wave, kind: str, now: datetime, gap: timedelta) -> QuerySet[Invitation]:
    """Invitations due a message of this kind (invitation: pending; reminder: see below)."""
    base = Invitation.objects.filter(wave=wave, organisation__active=True).exclude(
        organisation__email=""
    )
    if kind == Message.Kind.INVITATION:
        return base.filter(state=Invitation.State.PENDING)
    # Reminders: invited, not opted out, not complete, and nothing sent to them for ``gap``; the
    # gap is also what keeps a resumed reminder run from reminding anyone twice.
    recent = Message.objects.filter(invitation=OuterRef("pk")).filter(
        Q(state=Message.State.SENDING) | Q(sent_at__gt=now - gap)
    )
    return (
        base.filter(state=Invitation.State.SENT, opted_out_at__isnull=True)
        .exclude(_complete(wave))
        .exclude(Exists(recent))
    )


def _without_email(wave: Wave) -> list[str]:
    return list(
        Invitation.objects.filter(
            wave=wave,
            organisation__active=True,
            organisation__email="",
            state=Invitation.State.PENDING,
        )
        .order_by("organisation__position")
        .values_list("organisation__key", flat=True)
    )


# --- talking to the server ----------------------------------------------------------------------


class Permanent(Exception):
    pass


class Transient(Exception):
    pass


class Fatal(Exception):
    pass


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()


def classify(exc: BaseException) -> Exception:
    """Map an SMTP failure onto what to do: give up on this address, retry, or stop the run."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        reason = _reply(code, text)
        return Permanent(reason) if code >= 500 else Transient(reason)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Fatal(
            f"Anmeldung am Mailserver fehlgeschlagen: {_reply(exc.smtp_code, exc.smtp_error)}"
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        reason = _reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code >= 500:
            return Fatal(f"Der Mailserver lehnt den Absender {exc.sender} ab: {reason}")
        return Transient(reason)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Fatal(f"Der Mailserver unterstützt das nicht: {exc}")
    if isinstance(exc, smtplib.SMTPResponseException):
        reason = _reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code >= 500:
            if isinstance(exc, smtplib.SMTPDataError):
                return Permanent(reason)
            return Fatal(f"Der Mailserver verweigert die Verbindung: {reason}")
        return Transient(reason)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Fatal(f"Das Zertifikat des Mailservers ist nicht gültig: {exc.verify_message}")
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return Transient(f"Verbindung zum Mailserver unterbrochen: {exc or type(exc).__name__}")
    if isinstance(exc, smtplib.SMTPException):
        return Transient(str(exc))
    if isinstance(exc, ValueError):
        # The mail library refuses the address itself (a line break, an unparseable address):
        # no retry can change that, so it fails alone and the run goes on.
        return Permanent(f"Die Adresse lässt sich nicht verwenden: {' '.join(str(exc).split())}")
    raise exc


class Connection:
    """One SMTP connection through Django's mail backend, reopened after a failure."""

    def __init__(self, backend: BaseEmailBackend | None = None) -> None:
        self.backend = backend or get_connection(fail_silently=False)
        self.opened = False

    def send(self, recipient: str, payload: bytes) -> None:
        try:
            if not self.opened:
                self.backend.open()
                self.opened = True
            self.backend.send_messages([StoredEmail(recipient, payload)])
        except Exception as exc:
            self.close()
            raise classify(exc) from exc

    def close(self) -> None:
        if self.opened:
            with contextlib.suppress(Exception):  # the connection may already be gone
                self.backend.close()
        self.opened = False


class Throttle:
    """At most ``per_minute`` messages a minute, counted across every run, worker and app
    server: the next free moment is one database row (``SendPace``) that each message moves on
    by one interval in a single UPDATE, so two runs at once share the rate instead of each
    using all of it."""

    def __init__(self, per_minute: int, clock: Clock, sleep: Sleep) -> None:
        self.interval = timedelta(seconds=60 / per_minute) if per_minute > 0 else timedelta(0)
        self.clock, self.sleep = clock, sleep

    def wait(self) -> None:
        if not self.interval:
            return
        slot = self._take_slot(self.clock())
        now = self.clock()
        if slot > now:
            self.sleep((slot - now).total_seconds())

    def _take_slot(self, now: datetime) -> datetime:
        """Reserve the next moment at or after ``now`` and return it (the row keeps the one
        after). The UPDATE comes first, so the row is write-locked (PostgreSQL: the row;
        SQLite: the database) until the value is read back and the transaction ends."""
        later = Case(
            When(next_at__gt=now, then=F("next_at") + self.interval),
            default=Value(now + self.interval),
            output_field=DateTimeField(),
        )
        with transaction.atomic():
            if not SendPace.objects.filter(pk=1).update(next_at=later):
                SendPace.objects.get_or_create(pk=1)
                SendPace.objects.filter(pk=1).update(next_at=later)
            upcoming = SendPace.objects.values_list("next_at", flat=True).get(pk=1)
        return (upcoming or now + self.interval) - self.interval


# --- the run ------------------------------------------------------------------------------------


@dataclass
class _Run:
    wave: Wave
    report: SendReport
    config: SendSettings
    connection: Connection
    throttle: Throttle
    lease: Lease
    clock: Clock
    sleep: Sleep
    deferred_in_a_row: int = 0

    @classmethod
    def start(
        cls,
        wave: Wave,
        report: SendReport,
        config: SendSettings,
        backend: BaseEmailBackend | None,
        lease: Lease,
        clock: Clock,
        sleep: Sleep,
    ) -> _Run:
        """A run under ``lease``: one connection to the mail server, throttled to the config's rate."""
        throttle = Throttle(config.rate_per_minute, clock, sleep)
        return cls(wave, report, config, Connection(backend), throttle, lease, clock, sleep)

    def deliver(self, message: Message, key: str, *, resumed: bool) -> None:
        """Hand one stored message to the server until it is accepted, refused, or deferred."""
        for attempt in range(1, self.config.attempts + 1):
            if resumed or attempt > 1:
                # Counted before the hand-over: the count bounds the copies the server can hold.
                Message.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
            self.throttle.wait()
            try:
                self.connection.send(message.recipient, bytes(message.payload))
            except Permanent as exc:
                self._record_failed(message, str(exc))
                self.report.failed.append((key, str(exc)))
                self.deferred_in_a_row = 0
                return
            except Transient as exc:
                if attempt == self.config.attempts:
                    self._record_deferred(message, str(exc), key)
                    return
                self.sleep(min(MAX_BACKOFF, self.config.backoff_seconds * 2 ** (attempt - 1)))
                continue
            except Fatal as exc:
                raise _stop(
                    self.wave,
                    str(exc),
                    "Prüfen Sie die Einstellungen UMFRAGE_SMTP_* und UMFRAGE_FROM_EMAIL; "
                    "der Versand kann danach fortgesetzt werden, nichts geht verloren.",
                    self.report,
                ) from exc
            self._record_sent(message)
            (self.report.resent if resumed else self.report.sent).append(key)
            self.deferred_in_a_row = 0
            return

    def _record_sent(self, message: Message) -> None:
        now = self.clock()
        with transaction.atomic():
            Message.objects.filter(pk=message.pk).update(
                state=Message.State.SENT, sent_at=now, payload=b"", last_error=""
            )
            invitation = Invitation.objects.filter(pk=message.invitation_id)
            if message.kind == Message.Kind.INVITATION:
                # Someone may have opted out while the message was on its way: keep that state,
                # but the invitation was sent all the same. A new link sent to an organisation
                # that had opted out (``tokens.new_link``) leaves it opted out.
                invitation.update(sent_at=now, last_error="")
                sending = invitation.filter(state=Invitation.State.SENDING)
                sending.filter(opted_out_at__isnull=True).update(state=Invitation.State.SENT)
                sending.filter(opted_out_at__isnull=False).update(state=Invitation.State.OPTED_OUT)
            else:
                invitation.update(reminders_sent=F("reminders_sent") + 1, last_error="")

    def _record_failed(self, message: Message, reason: str) -> None:
        with transaction.atomic():
            Message.objects.filter(pk=message.pk).update(
                state=Message.State.FAILED, payload=b"", last_error=reason, token_revoked=True
            )
            invitation = Invitation.objects.filter(pk=message.invitation_id)
            if message.kind == Message.Kind.INVITATION:
                invitation.filter(state=Invitation.State.SENDING).update(
                    state=Invitation.State.FAILED, last_error=reason, token_hash=None
                )
            else:
                invitation.update(last_error=reason)

    def _record_unbuildable(
        self,
        invitation: Invitation,
        kind: str,
        number: int,
        digest: str,
        eligible: QuerySet[Invitation],
        error: str,
    ) -> None:
        """A message that cannot even be built (a line break in the contact name or address of
        a row stored by an older version): record it as failed, like a refused address, and go
        on with the next organisation. Nothing was handed to a server, so nothing is lost."""
        organisation = invitation.organisation
        reason = (
            "Die Nachricht lässt sich nicht erstellen: Name, Ansprechperson oder E-Mail-Adresse "
            f"von {organisation.key} enthält ein unzulässiges Zeichen ({' '.join(error.split())})."
            " Korrigieren Sie den Eintrag im Register."
        )
        with transaction.atomic():
            locked = (
                eligible.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=invitation.pk)
                .first()
            )
            if locked is None:
                return
            Message.objects.create(
                invitation=invitation,
                kind=kind,
                number=number,
                message_id=f"<unbuilt.{kind}.{invitation.pk}.{number}.{digest[:16]}@umfrage>",
                token_hash=digest,
                token_revoked=True,
                recipient=" ".join(organisation.email.split())[:254],
                state=Message.State.FAILED,
                attempts=0,
                prepared_at=self.clock(),
                last_error=reason,
            )
            if kind == Message.Kind.INVITATION:
                Invitation.objects.filter(pk=invitation.pk).update(
                    state=Invitation.State.FAILED, last_error=reason, token_hash=None
                )
            else:
                Invitation.objects.filter(pk=invitation.pk).update(last_error=reason)
        self.report.failed.append((organisation.key, reason))
        self.deferred_in_a_row = 0

    def _record_deferred(self, message: Message, reason: str, key: str) -> None:
        Message.objects.filter(pk=message.pk).update(last_error=reason)
        Invitation.objects.filter(pk=message.invitation_id).update(last_error=reason)
        self.report.deferred.append((key, reason))
        self.deferred_in_a_row += 1
        if self.deferred_in_a_row >= DEFERRED_IN_A_ROW:
            raise _stop(
                self.wave,
                f"Der Mailserver nimmt seit {DEFERRED_IN_A_ROW} Nachrichten nichts an: {reason}",
                "Starten Sie den Versand später erneut; angefangene Nachrichten werden dann "
                "mit derselben Message-ID zugestellt, nichts geht verloren.",
                self.report,
            )

    def claim(
        self, invitation: Invitation, kind: str, eligible: QuerySet[Invitation]
    ) -> Message | None:
        """Prepare the message and record it as ``sending``; None if someone else has it."""
        number = Message.objects.filter(invitation=invitation, kind=kind).count()
        if kind == Message.Kind.REMINDER:
            number += 1
        token = new_token()
        digest = Invitation.hash_token(token)
        try:
            prepared = prepare(invitation, kind, number, token, now=self.clock())
        except ValueError as exc:  # BadHeaderError, an address the mail library cannot parse
            self._record_unbuildable(invitation, kind, number, digest, eligible, str(exc))
            return None
        with transaction.atomic():
            locked = (
                eligible.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=invitation.pk)
                .first()
            )
            if locked is None:
                return None
            message = Message.objects.create(
                invitation=invitation,
                kind=kind,
                number=number,
                message_id=prepared.message_id,
                token_hash=digest,
                recipient=prepared.recipient,
                state=Message.State.SENDING,
                payload=prepared.payload,
                attempts=1,
                prepared_at=self.clock(),
            )
            if kind == Message.Kind.INVITATION:
                Invitation.objects.filter(pk=invitation.pk).update(
                    state=Invitation.State.SENDING,
                    token_hash=digest,
                    message_id=prepared.message_id,
                )
        return message


def _require_open(wave: Wave, now: datetime) -> None:
    if not wave_accepts_links(wave, now):
        status = Wave.Status(wave.status).label
        closes = f", Feldende {fmt.numeric_date(wave.closes)}" if wave.closes else ""
        raise _stop(
            wave,
            f"Die Welle ist nicht zum Antworten geöffnet (Status: {status}{closes}); "
            "die Links in den Nachrichten würden nicht funktionieren.",
            "Öffnen Sie die Welle (Status „offen“, Feldende in der Zukunft) oder verwenden Sie "
            "--dry-run für eine Vorschau.",
        )


def send_wave(
    wave: Wave,
    *,
    reminder: bool = False,
    limit: int | None = None,
    dry_run: bool = False,
    clock: Clock = timezone.now,
    sleep: Sleep = time.sleep,
    backend: BaseEmailBackend | None = None,
    progress: Progress | None = None,
    config: SendSettings | None = None,
    report: SendReport | None = None,
) -> SendReport:
    """Send the wave's invitations (or reminders): first what a killed run left, then the rest.

    ``limit`` caps the messages handed over in this run. ``progress(done, total)`` is called
    once at the start and after each message. A ``report`` passed in is filled as the run goes
    on (a caller's progress callback may read it: ``umfrage.invitations.jobs``).
    """
    config = config or SendSettings.from_settings()
    kind = Message.Kind.REMINDER if reminder else Message.Kind.INVITATION
    report = report or SendReport(wave.key, kind, dry_run=dry_run)
    if dry_run:
        return _plan(wave, kind, limit, clock(), config, report)
    _require_open(wave, clock())
    with send_lock(wave, clock=clock) as lease:
        ensure_invitations(wave)
        report.without_email = _without_email(wave) if kind == Message.Kind.INVITATION else []
        run = _Run.start(wave, report, config, backend, lease, clock, sleep)
        try:
            _send_all(run, kind, limit, progress)
        finally:
            run.connection.close()
    return report


def send_link_now(
    invitation: Invitation,
    *,
    handed: int,
    clock: Clock = timezone.now,
    sleep: Sleep = time.sleep,
    backend: BaseEmailBackend | None = None,
    config: SendSettings | None = None,
) -> SendReport:
    """E-mail one organisation its personal link now, after staff handed one out (issue 20).

    ``handed`` is the id of the ``handed`` message whose page offered this. The e-mail is an
    ordinary invitation message with a token of its own (like a reminder's, the shown link keeps
    working), sent by the protocol of a run: under the wave's send lock, stored as ``sending``
    before the server sees it, the server's answer recorded. Refused (SendingStopped, with the
    reason in German) when the wave is closed, another run holds the lock, the organisation has
    no address, opted out, has answered in full or left the register, a newer link was handed out
    since, or this link was already sent by e-mail: a second click sends nothing twice.

    One hand-over only (a web request should not wait through retries): a transient refusal
    leaves the message ``sending``, and the next run hands the very same message over.
    """
    wave = invitation.wave
    base = config or SendSettings.from_settings()
    config = SendSettings(base.rate_per_minute, 1, base.backoff_seconds, base.reminder_gap)
    kind = Message.Kind.INVITATION
    report = SendReport(wave.key, kind)
    _require_open(wave, clock())
    with send_lock(wave, clock=clock) as lease:
        organisation = Organisation.objects.get(pk=invitation.organisation_id)
        invitation.refresh_from_db()
        refusal = _link_refusal(invitation, organisation, handed)
        if refusal is not None:
            raise _stop(wave, *refusal)
        eligible = (
            Invitation.objects.filter(
                pk=invitation.pk,
                state=Invitation.State.SENT,
                opted_out_at__isnull=True,
                organisation__active=True,
                organisation__erased_at__isnull=True,
            )
            .exclude(organisation__email="")
            .exclude(_complete(wave))
        )
        run = _Run.start(wave, report, config, backend, lease, clock, sleep)
        try:
            claimed = run.claim(invitation, kind, eligible)
            if claimed is not None:
                run.deliver(claimed, organisation.key, resumed=False)
        finally:
            run.connection.close()
    return report


def link_mail_refusal(invitation: Invitation, handed: int) -> str | None:
    """Why the page that shows a handed-out link must not offer to e-mail it (None: it may)."""
    refusal = _link_refusal(invitation, invitation.organisation, handed)
    return refusal[0] if refusal is not None else None


def _link_refusal(
    invitation: Invitation, organisation: Organisation, handed: int
) -> tuple[str, str] | None:
    """(message, fix) when the link of the handed message ``handed`` may not be e-mailed."""
    by_hand = "Geben Sie den angezeigten Link telefonisch oder per Brief weiter."
    if organisation.erased_at is not None or not organisation.active:
        return (f"{organisation.key} ist nicht mehr im Register.", by_hand)
    if not organisation.email:
        return (f"Für {organisation.key} ist keine E-Mail-Adresse eingetragen.", by_hand)
    if invitation.opted_out_at is not None or invitation.state == Invitation.State.OPTED_OUT:
        return (f"{organisation.key} hat sich von E-Mails zu dieser Umfrage abgemeldet.", by_hand)
    complete = Response.objects.filter(
        wave_id=invitation.wave_id, organisation=organisation, status=Response.Status.COMPLETE
    ).exists()
    if invitation.state == Invitation.State.RESPONDED or complete:
        return (f"{organisation.key} hat bereits vollständig geantwortet.", "Es ist nichts zu tun.")
    latest = (
        Message.objects.filter(invitation=invitation, kind=Message.Kind.HANDED)
        .order_by("-pk")
        .values_list("pk", "token_revoked")
        .first()
    )
    if latest is None or latest[0] != handed or latest[1]:
        return (
            "Dieser Link gilt nicht mehr: Seitdem wurde ein neuerer ausgegeben.",
            "Geben Sie den neuesten Link weiter oder stellen Sie einen neuen aus.",
        )
    mailed = (
        Message.objects.filter(invitation=invitation, pk__gt=handed)
        .exclude(kind=Message.Kind.HANDED)
        .values_list("state", flat=True)
        .first()
    )
    if mailed is not None:
        if mailed == Message.State.SENDING:
            return (
                f"Eine E-Mail an {organisation.key} ist schon unterwegs.",
                "Der nächste Versand stellt sie zu, falls der Mailserver sie noch nicht "
                "angenommen hat; es wird keine zweite geschickt.",
            )
        return (
            f"Der Link wurde {organisation.key} bereits per E-Mail geschickt.",
            "Eine zweite E-Mail wird nicht geschickt; stellen Sie bei Bedarf einen neuen Link aus.",
        )
    return None


def _send_all(run: _Run, kind: str, limit: int | None, progress: Progress | None) -> None:
    wave, config = run.wave, run.config
    leftover = Message.objects.filter(invitation__wave=wave, state=Message.State.SENDING)
    eligible = candidates(wave, kind, run.clock(), config.reminder_gap)
    total = leftover.count() + eligible.count()
    total = min(total, limit) if limit is not None else total
    done = 0
    if progress:
        progress(0, total)

    def step() -> bool:
        nonlocal done
        done += 1
        run.lease.beat()
        if progress:
            progress(done, total)
        return limit is not None and done >= limit

    if limit is not None and limit <= 0:
        return
    # Materialised first: the loop changes the very rows the query selects (SQLite gives no
    # isolation between a cursor and writes on the same connection). They are few.
    for message in list(leftover.select_related("invitation__organisation").order_by("pk")):
        run.deliver(message, message.invitation.organisation.key, resumed=True)
        if step():
            return
    last = 0
    while True:
        eligible = candidates(wave, kind, run.clock(), config.reminder_gap)
        invitation = (
            eligible.filter(pk__gt=last)
            .select_related("organisation", "wave__survey")
            .order_by("pk")
            .first()
        )
        if invitation is None:
            return
        last = invitation.pk
        claimed = run.claim(invitation, kind, eligible)
        if claimed is None:
            continue
        run.deliver(claimed, invitation.organisation.key, resumed=False)
        if step():
            return


def _plan(
    wave: Wave,
    kind: str,
    limit: int | None,
    now: datetime,
    config: SendSettings,
    report: SendReport,
) -> SendReport:
    """What a run would send, computed inside a transaction that is rolled back."""
    with transaction.atomic():
        ensure_invitations(wave)
        leftover = list(
            Message.objects.filter(invitation__wave=wave, state=Message.State.SENDING)
            .order_by("pk")
            .values_list("invitation__organisation__key", flat=True)
        )
        due = candidates(wave, kind, now, config.reminder_gap).select_related(
            "organisation", "wave__survey"
        )
        keys = leftover + [i.organisation.key for i in due.order_by("pk")]
        report.planned = keys[:limit] if limit is not None else keys
        first = due.order_by("pk").first()
        if first is not None:
            report.preview = letter_for(first, kind, PLACEHOLDER_TOKEN)
        if kind == Message.Kind.INVITATION:
            report.without_email = _without_email(wave)
        report.skipped, report.next_due = _skipped(wave, kind, now, config.reminder_gap, keys)
        if len(keys) > len(report.planned):
            report.skipped.append(
                Skipped(
                    "über die Höchstzahl dieses Laufs hinaus", tuple(keys[len(report.planned) :])
                )
            )
        transaction.set_rollback(True)
    return report


# Why an organisation gets nothing, in the order a dry run lists the reasons.
_LEFT = "nicht mehr im Register"
_NO_EMAIL = "ohne E-Mail-Adresse"
_INVITED = "bereits eingeladen"
_FAILED = "Einladung fehlgeschlagen (Adresse prüfen)"
_NOT_INVITED = "noch nicht eingeladen"
_IN_FLIGHT = "Nachricht wird gerade versandt"
_OPTED_OUT = "hat sich abgemeldet"
_COMPLETE = "hat vollständig geantwortet"


def _skipped(
    wave: Wave, kind: str, now: datetime, gap: timedelta, planned: list[str]
) -> tuple[list[Skipped], datetime | None]:
    """Every invitation of the wave that is not planned, with the first reason that applies."""
    recent = (
        f"in den letzten {gap.days} Tagen angeschrieben" if gap.days else "kürzlich angeschrieben"
    )
    order = [
        _LEFT,
        _NO_EMAIL,
        _INVITED,
        _FAILED,
        _NOT_INVITED,
        _IN_FLIGHT,
        _OPTED_OUT,
        _COMPLETE,
        recent,
    ]
    groups: dict[str, list[str]] = {reason: [] for reason in order}
    due_at: list[datetime] = []
    planned_keys = set(planned)
    rows = (
        Invitation.objects.filter(wave=wave)
        .annotate(complete=_complete(wave))
        .select_related("organisation")
        .order_by("organisation__position", "organisation__key")
    )
    last_sent = {
        invitation: sent
        for invitation, sent in Message.objects.filter(invitation__wave=wave)
        .exclude(sent_at=None)
        .values_list("invitation", "sent_at")
        .order_by("sent_at")
    }
    for invitation in rows:
        key = invitation.organisation.key
        if key in planned_keys:
            continue
        state = invitation.state
        if not invitation.organisation.active:
            reason = _LEFT
        elif not invitation.organisation.email:
            reason = _NO_EMAIL
        elif state == Invitation.State.SENDING:
            reason = _IN_FLIGHT
        elif state == Invitation.State.FAILED:
            reason = _FAILED
        elif kind == Message.Kind.INVITATION:
            reason = _INVITED
        elif state == Invitation.State.PENDING:
            reason = _NOT_INVITED
        elif state == Invitation.State.OPTED_OUT or invitation.opted_out_at is not None:
            reason = _OPTED_OUT
        elif state == Invitation.State.RESPONDED or invitation.complete:
            reason = _COMPLETE
        else:
            reason = recent
            sent = last_sent.get(invitation.pk)
            if sent is not None:
                due_at.append(sent + gap)
        groups[reason].append(key)
    skipped = [Skipped(reason, tuple(keys)) for reason, keys in groups.items() if keys]
    return skipped, (min(due_at) if due_at else None)
