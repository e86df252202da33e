"""The login-lock backend, tolerant of logins that do not come through a web request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest

from umfrage import clientip


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


# The login lock-out's client address (AXES_CLIENT_IP_CALLABLE), shared with the questionnaire's
# limit on wrong links.
client_ip = clientip.client_ip
