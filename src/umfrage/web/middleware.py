"""Site-wide security headers and the staff session clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

LOGIN_AT = "umfrage_login_at"
LAST_SEEN = "umfrage_last_seen"


class ContentSecurityPolicyMiddleware:
    """One strict Content-Security-Policy for every response (admin and respondent pages).

    A view that needs something else sets its own header, which is then left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def session_expired(
    login_at: datetime | None,
    last_seen: datetime | None,
    now: datetime,
    *,
    max_age: timedelta,
    idle: timedelta,
) -> bool:
    """Whether a staff session is over: too long since login, or idle for too long."""
    if login_at is not None and now - login_at > max_age:
        return True
    return last_seen is not None and now - last_seen > idle


def _read(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class SessionTimeoutMiddleware:
    """Logs staff out after ``SESSION_COOKIE_AGE`` since login or ``SESSION_IDLE_SECONDS`` idle.

    Django's own expiry slides with every saved request; this one is counted from the login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            session = request.session
            if session_expired(
                _read(session.get(LOGIN_AT)),
                _read(session.get(LAST_SEEN)),
                now,
                max_age=timedelta(seconds=settings.SESSION_COOKIE_AGE),
                idle=timedelta(seconds=settings.SESSION_IDLE_SECONDS),
            ):
                logout(request)
                messages.info(
                    request, _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.")
                )
                return redirect_to_login(request.get_full_path())
            last = _read(session.get(LAST_SEEN))
            # Write at most once a minute: every write is a database round trip.
            if last is None or now - last > timedelta(seconds=60):
                session[LAST_SEEN] = stamp(now)
        return self.get_response(request)


class GermanAdminMiddleware:
    """The admin pages are German only: a browser asking for English would otherwise get
    Django's own messages in English among our German texts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/verwaltung/"):
            translation.activate("de")
            request.LANGUAGE_CODE = "de"
        return self.get_response(request)
