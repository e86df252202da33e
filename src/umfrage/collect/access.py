"""Who may open the questionnaire: the personal token, the wave's field period, a rate limit.

Wrong tokens (at ``/t/<token>`` and at the opt-out link ``/abmelden/<token>`` alike) are
counted per client address in the cache ``limits`` (``settings.CACHES``): a table in the
database, so every server process, and every server on the same database, counts together.
The client address is the one the login lock-out uses (``umfrage.clientip``): behind the
reverse proxy that UMFRAGE_PROXY_SSL_HEADER declares, the address the proxy reports in
X-Forwarded-For, so one client's wrong links lock out that client only. See
docs/web-questionnaire.md, "Guessing links".
"""

from __future__ import annotations

import enum
from datetime import date

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse

from umfrage import clientip
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
    unknown and withdrawn tokens and for an organisation whose data were erased. Opting out of
    reminders stops mail, nothing else: the link keeps working.

    A token is either the invitation's own (issued by hand or by the demo) or that of one of
    the e-mails sent for it (umfrage.invitations gives every message its own link).
    """
    pk = tokens.invitation_id(token)
    loaded = rows.load(pk) if pk is not None else None
    if loaded is None or loaded.invitation.organisation.erased_at is not None:
        return None
    return loaded


def has_live_link(invitation: Invitation) -> bool:
    """Whether any link of the invitation still works (none after "new link"; opting out of
    reminders leaves them working)."""
    if invitation.token_hash is not None:
        return True
    return Message.objects.filter(invitation=invitation, token_revoked=False).exists()


def invitation_by_id(pk: object, generation: int | None = None) -> rows.Loaded | None:
    """The invitation with its wave, survey, organisation, web progress and response, in one
    statement (plain SQL, see ``rows``: this runs on every page); None without a live link, or
    (``generation`` given) if its links were withdrawn since that generation."""
    if not isinstance(pk, int):
        return None
    loaded = rows.load(pk)
    if loaded is None or not loaded.live:
        return None
    if generation is not None and loaded.invitation.link_generation != generation:
        return None
    return loaded


COOKIE = "umfrage_einladung"
COOKIE_SALT = "umfrage.collect.invitation"


def remember(response: HttpResponse, invitation: Invitation, locator: str | None = None) -> None:
    """Keep which invitation this browser answers in a signed cookie.

    No server-side session: the cookie carries the invitation's id and its link generation
    (``Invitation.link_generation``), signed with the secret key, so no database row is written
    for it and the one row every page reads anyway tells whether it still holds. It grants no
    more than the token did: withdrawing the invitation's links counts the generation up, which
    ends every session opened with them, also once a new link has been sent.

    In an anonymous wave the cookie also carries the ``locator`` of the unfinished answers
    (``store.anonymity.locator``): the database holds nothing that leads from the invitation
    to them, so the browser keeps the way there (signed, so it cannot be changed).
    """
    value = f"{invitation.pk}:{invitation.link_generation}"
    if locator:
        value += f":{locator}"
    response.set_signed_cookie(
        COOKIE,
        value,
        salt=COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _cookie(request: HttpRequest) -> tuple[int, int, str | None] | None:
    """Invitation id, link generation and locator (if any) from the signed cookie."""
    raw = request.get_signed_cookie(
        COOKIE, default=None, salt=COOKIE_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    if raw is None:
        return None
    pk, _, rest = raw.partition(":")
    generation, _, locator = rest.partition(":")
    if not pk.isdigit() or not generation.isdigit():
        return None
    return int(pk), int(generation), locator or None


def remembered(request: HttpRequest) -> rows.Loaded | None:
    """The invitation the browser's cookie names (see ``remember``)."""
    found = _cookie(request)
    return None if found is None else invitation_by_id(found[0], found[1])


def remembered_locator(request: HttpRequest, invitation: Invitation) -> str | None:
    """The locator of an anonymous wave's unfinished answers that the browser's cookie keeps,
    if the cookie is that of ``invitation`` (see ``remember``)."""
    found = _cookie(request)
    if found is None or found[0] != invitation.pk:
        return None
    return found[2]


LIMITS_CACHE = "limits"
"""The cache alias (``settings.CACHES``) the counters are kept in."""


def client_address(request: HttpRequest) -> str:
    return clientip.client_ip(request) or "unbekannt"


def _store() -> BaseCache:
    return caches[LIMITS_CACHE]


def _key(request: HttpRequest) -> str:
    return f"collect:wrong-token:{client_address(request)}"


def _limit() -> int:
    return int(getattr(settings, "COLLECT_TOKEN_ATTEMPTS", ATTEMPTS))


def too_many_attempts(request: HttpRequest) -> bool:
    return int(_store().get(_key(request), 0)) >= _limit()


def count_wrong_token(request: HttpRequest) -> None:
    """One more wrong token for this client. The database cache adds and increments in separate
    statements, so two processes counting the same client at the same instant may count once:
    the limit holds to within the number of simultaneous requests."""
    store = _store()
    key = _key(request)
    window = int(getattr(settings, "COLLECT_TOKEN_WINDOW", WINDOW_SECONDS))
    if store.add(key, 1, window):
        return
    try:
        store.incr(key)
    except ValueError:  # expired between add and incr
        store.add(key, 1, window)
