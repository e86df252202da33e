"""Site-wide security headers, the staff session clock, and staff-only middleware.

The respondent's pages (the personal link and the questionnaire, ``RESPONDENT_PATHS``) use no
login, no server-side session and no flash messages: the invitation travels in a signed cookie
(umfrage.collect.access). So the middleware that serves the staff's login is skipped there; each
class below is Django's own, or django-otp's, subclassed only for that, and is listed in
``settings.MIDDLEWARE`` in place of the original (Django's system checks still find them).
Security headers, CSRF, WhiteNoise and the Content-Security-Policy apply to every page; every
page is German unless its view chooses another language (see ``SiteLocaleMiddleware``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from umfrage.collect import locale

LOGIN_AT = "umfrage_login_at"
LAST_SEEN = "umfrage_last_seen"

RESPONDENT_PATHS = ("/t/", "/fragebogen/")
"""Where the respondent's pages live (umfrage.collect.urls; a test keeps the two in step)."""


def for_respondent(request: HttpRequest) -> bool:
    return request.path_info.startswith(RESPONDENT_PATHS)


class _StaffOnly:
    """Pass the respondent's pages straight through; everything else as the base class does."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if for_respondent(request):
            return self.get_response(request)  # type: ignore[attr-defined]
        return super().__call__(request)  # type: ignore[misc]


class StaffSessionMiddleware(_StaffOnly, SessionMiddleware):
    """Django's sessions, for the staff only."""


class StaffAuthenticationMiddleware(_StaffOnly, AuthenticationMiddleware):
    """Django's ``request.user``, for the staff only."""


class StaffOTPMiddleware(_StaffOnly, OTPMiddleware):
    """django-otp's second factor on ``request.user``, for the staff only."""


class StaffMessageMiddleware(_StaffOnly, MessageMiddleware):
    """Django's flash messages, for the staff only."""


class SiteLocaleMiddleware(LocaleMiddleware):
    """One language per request, German unless a view chooses another (umfrage.collect.locale).

    The browser's Accept-Language decides nothing: staff pages, the public results and reports
    are German; the respondent's pages are in the language the respondent or the register chose
    (``locale.activate`` in the view). So a browser asking for English no longer gets German
    texts with English dates. The response says in ``Content-Language`` which language it is in;
    no ``Vary: Accept-Language`` is sent, since no page varies by it. Django's LocaleMiddleware
    stays the base class so its system checks and ``request.LANGUAGE_CODE`` keep working.
    """

    def __call__(self, request: HttpRequest) -> Any:
        locale.activate_default(request)
        try:
            response: HttpResponse = self.get_response(request)  # type: ignore[assignment]
            response.headers.setdefault("Content-Language", locale.content_language())
            return response
        finally:
            translation.activate(settings.LANGUAGE_CODE)


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
