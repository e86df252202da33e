"""Personal links: unguessable tokens, stored only as SHA-256, valid while their wave is open.

Each message carries its own token (the clear token exists only in the message), so a reminder
does not invalidate the link of the invitation before it. ``new_link`` withdraws all of an
invitation's links at once; the next run sends a fresh one.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Wave

TOKEN_BYTES = 32  # 256 bits from the operating system's CSPRNG; the issue asks for at least 128


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def wave_accepts_links(wave: Wave, now: datetime) -> bool:
    """A wave's links work while it is open and its closing day has not passed (local time)."""
    if wave.status != Wave.Status.OPEN:
        return False
    return wave.closes is None or timezone.localdate(now) <= wave.closes


def invitation_id(token: str) -> int | None:
    """The id of the invitation a link belongs to, whether or not its wave is still open: the
    invitation's own token, or that of one of its messages not withdrawn.

    One statement of two indexed look-ups (not one OR across a join, which PostgreSQL cannot
    index), written out because every respondent's first request runs it.
    """
    if not token or len(token) > 200:
        return None
    digest = Invitation.hash_token(token)
    quote = connection.ops.quote_name

    def column(model: type[Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)  # type: ignore[union-attr, arg-type]

    sql = (
        f"SELECT {column(Invitation, 'id')} FROM {quote(Invitation._meta.db_table)} "
        f"WHERE {column(Invitation, 'token_hash')} = %s "
        f"UNION ALL SELECT {column(Message, 'invitation')} FROM {quote(Message._meta.db_table)} "
        f"WHERE {column(Message, 'token_hash')} = %s AND {column(Message, 'token_revoked')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest, digest, False])
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None


def lookup(token: str) -> Invitation | None:
    """The invitation a link belongs to, whether or not its wave is still open."""
    pk = invitation_id(token)
    if pk is None:
        return None
    invitation = Invitation.objects.select_related("wave__survey", "organisation").get(pk=pk)
    # An erased organisation's links are blanked; should one still match, it leads nowhere.
    return None if invitation.organisation.erased_at is not None else invitation


def find_invitation(token: str, *, now: datetime | None = None) -> Invitation | None:
    """The invitation a link belongs to, or None if the link is unknown, withdrawn or expired."""
    invitation = lookup(token)
    if invitation is None or not wave_accepts_links(invitation.wave, now or timezone.now()):
        return None
    return invitation


def open_invitation(token: str, *, now: datetime | None = None) -> Invitation | None:
    """Like find_invitation, and records the first opening (for the response rate)."""
    moment = now or timezone.now()
    invitation = find_invitation(token, now=moment)
    if invitation is not None and invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=moment)
        invitation.opened_at = moment
    return invitation


def opt_out(invitation: Invitation) -> bool:
    """No further messages for this invitation; False if it had already answered in full.

    Only mail stops: the links keep working, and the respondent can still answer.
    """
    if invitation.state == Invitation.State.RESPONDED:
        return False
    Invitation.objects.filter(pk=invitation.pk).exclude(state=Invitation.State.RESPONDED).update(
        state=Invitation.State.OPTED_OUT, opted_out_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation.state == Invitation.State.OPTED_OUT


def issue_link(invitation: Invitation, *, now: datetime | None = None) -> str:
    """A new personal link for staff to pass on themselves (a phone call, a letter): returned
    once, stored only as its hash, all earlier links of the invitation withdrawn.

    It is recorded as a message of kind ``handed`` (no recipient, nothing to deliver), so the
    invitation counts as sent: the invitation run skips it, reminders follow after the usual
    gap, the response rate counts it. An organisation that opted out stays so.
    """
    moment = now or timezone.now()
    token = new_token()
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        Message.objects.filter(invitation=locked).update(token_revoked=True)
        number = Message.objects.filter(invitation=locked, kind=Message.Kind.HANDED).count() + 1
        Message.objects.create(
            invitation=locked,
            kind=Message.Kind.HANDED,
            number=number,
            message_id=f"<handed.{locked.pk}.{number}.{secrets.token_hex(8)}@umfrage>",
            token_hash=Invitation.hash_token(token),
            recipient="",
            state=Message.State.SENT,
            prepared_at=moment,
            sent_at=moment,
        )
        fields: dict[str, object] = {
            "token_hash": None,
            "link_generation": F("link_generation") + 1,
            "last_error": "",
        }
        if locked.state in (Invitation.State.PENDING, Invitation.State.FAILED):
            fields["state"] = Invitation.State.SENT
        if locked.sent_at is None:
            fields["sent_at"] = moment
        Invitation.objects.filter(pk=locked.pk).update(**fields)
    invitation.refresh_from_db()
    return token


def new_link(invitation: Invitation) -> None:
    """Withdraw every link of the invitation, and end every session opened with one (the link
    generation counts up); the next ``umfrage invite`` sends a new one to the invitation's own
    organisation.

    An organisation that opted out of reminders gets the new link as well (staff asked for it);
    it stays opted out (``opted_out_at``), so no reminder follows. An erased organisation's
    invitation keeps its state: it has no address to send to.
    """
    sendable = (Invitation.State.SENT, Invitation.State.FAILED, Invitation.State.OPTED_OUT)
    with transaction.atomic():
        Message.objects.filter(invitation=invitation).update(token_revoked=True)
        fields: dict[str, object] = {
            "token_hash": None,
            "link_generation": F("link_generation") + 1,
        }
        if invitation.state in sendable and invitation.organisation.erased_at is None:
            fields["state"] = Invitation.State.PENDING
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
    invitation.refresh_from_db()
