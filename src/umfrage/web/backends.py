"""The login-lock backend, tolerant of logins that do not come through a web request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginLockBackend(AxesStandaloneBackend):
    """django-axes' check, skipped when there is no request (shell, commands, the test client's
    ``login()``): without a request there is no remote party to lock out, and axes would raise."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address login failures are counted against.

    Behind the one reverse proxy that UMFRAGE_PROXY_SSL_HEADER declares, every request comes
    from the proxy's address; the client is then the last entry the proxy added to
    X-Forwarded-For (entries further left are whatever the client claimed).
    """
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
