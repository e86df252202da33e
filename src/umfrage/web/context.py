"""Template context for every page: the main navigation for the logged-in person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from umfrage.governance.roles import role_of
from umfrage.web.navigation import MAIN, links


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or role_of(user) is None:
        return {"main_nav": []}
    return {"main_nav": links(MAIN, user, request.path)}
