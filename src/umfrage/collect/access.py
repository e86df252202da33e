"""Who may open the questionnaire: the personal token, the wave's field period, a rate limit.

Wrong tokens are counted per client address in Django's cache. With several server processes
and the default per-process cache each process counts on its own, so the effective limit is the
limit times the number of processes; a shared cache (CACHES) makes it exact. Behind a reverse
proxy every client has the proxy's address, so set the limit with that in mind.
"""

from __future__ import annotations

import enum
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from umfrage.collect import rows
from umfrage.invitations import tokens
from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Wave

ATTEMPTS = 20
"""Wrong tokens per client and window before every token lookup is refused for a while."""
WINDOW_SECONDS = 15 * 60


class WaveState(enum.Enum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def wave_state(wave: Wave, today: date) -> WaveState:
    """Status and field period together: an open wave outside its dates is not open."""
    if wave.status == Wave.Status.DRAFT:
        return WaveState.NOT_YET_OPEN
    if wave.status in (Wave.Status.CLOSED, Wave.Status.PUBLISHED):
        return WaveState.CLOSED
    if wave.opens is not None and today < wave.opens:
        return WaveState.NOT_YET_OPEN
    if wave.closes is not None and today > wave.closes:
        return WaveState.CLOSED
    return WaveState.OPEN


def find_invitation(token: str) -> rows.Loaded | None:
    """The invitation a token belongs to, loaded as for every page (``rows.load``); None for
    unknown, withdrawn and opted-out tokens.

    A token is either the invitation's own (issued by hand or by the demo) or that of one of
    the e-mails sent for it (umfrage.invitations gives every message its own link).
    """
    pk = tokens.invitation_id(token)
    loaded = rows.load(pk) if pk is not None else None
    if loaded is None or loaded.invitation.state == Invitation.State.OPTED_OUT:
        return None
    return loaded


def has_live_link(invitation: Invitation) -> bool:
    """Whether any link of the invitation still works (none after "new link" or opt-out)."""
    if invitation.state == Invitation.State.OPTED_OUT:
        return False
    if invitation.token_hash is not None:
        return True
    return Message.objects.filter(invitation=invitation, token_revoked=False).exists()


def invitation_by_id(pk: object) -> rows.Loaded | None:
    """The invitation with its wave, survey, organisation, web progress and response, in one
    statement (plain SQL, see ``rows``: this runs on every page); None without a live link."""
    if not isinstance(pk, int):
        return None
    loaded = rows.load(pk)
    if loaded is None or not loaded.live:
        return None
    return loaded


COOKIE = "umfrage_einladung"
COOKIE_SALT = "umfrage.collect.invitation"


def remember(response: HttpResponse, invitation: Invitation) -> None:
    """Keep which invitation this browser answers in a signed cookie.

    No server-side session: the cookie carries only the invitation's id, signed with the secret
    key, so no database row is read or written for it on every page. It grants no more than the
    token did, and a revoked invitation is refused however old the cookie.
    """
    response.set_signed_cookie(
        COOKIE,
        str(invitation.pk),
        salt=COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered(request: HttpRequest) -> rows.Loaded | None:
    raw = request.get_signed_cookie(
        COOKIE, default=None, salt=COOKIE_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    if raw is None or not raw.isdigit():
        return None
    return invitation_by_id(int(raw))


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unbekannt"))


def _key(request: HttpRequest) -> str:
    return f"collect:wrong-token:{client_address(request)}"


def _limit() -> int:
    return int(getattr(settings, "COLLECT_TOKEN_ATTEMPTS", ATTEMPTS))


def too_many_attempts(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= _limit()


def count_wrong_token(request: HttpRequest) -> None:
    key = _key(request)
    window = int(getattr(settings, "COLLECT_TOKEN_WINDOW", WINDOW_SECONDS))
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
