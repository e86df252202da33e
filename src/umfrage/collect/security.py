"""Response headers for every page of the web questionnaire."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

# Browsers send "Origin: null" with every form post from a page under "no-referrer" (Fetch
# standard), and Django's CSRF check rightly refuses such posts; on HTTPS it also insists on a
# Referer. So the questionnaire pages use "same-origin": nothing leaves for other sites, and the
# token is never part of a page address anyway (only /t/<token>, a bare redirect that keeps
# "no-referrer", see ENTRY_REFERRER_POLICY).
REFERRER_POLICY = "same-origin"
ENTRY_REFERRER_POLICY = "no-referrer"

# The Content-Security-Policy comes from the site-wide middleware (umfrage.web.middleware).
HEADERS = {
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Answers are personal: no shared cache and no back-button copy of a filled-in page.
    "Cache-Control": "no-store",
}

View = Callable[..., HttpResponse]


def secure_page(view: View) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        for header, value in HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    return wrapped
