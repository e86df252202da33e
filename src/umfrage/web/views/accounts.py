"""The staff accounts at a glance, and lifting login locks."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from umfrage.web.access import staff_view
from umfrage.web.audit import record
from umfrage.web.roles import ADMINISTER, role_of
from umfrage.web.views.auth import ROLE_NAMES


def failures_by_name() -> dict[str, int]:
    rows = AccessAttempt.objects.values("username").annotate(total=Sum("failures_since_start"))
    return {str(row["username"]): int(row["total"] or 0) for row in rows}


@staff_view(ADMINISTER)
def accounts(request: HttpRequest) -> HttpResponse:
    failures = failures_by_name()
    limit = int(settings.AXES_FAILURE_LIMIT)
    rows = [
        {
            "user": user,
            "role": ROLE_NAMES.get(role_of(user) or "", "keine (kein Zugang)"),
            "otp": user_has_device(user, confirmed=True),
            "failures": failures.get(user.get_username(), 0),
            "locked": failures.get(user.get_username(), 0) >= limit,
        }
        for user in get_user_model().objects.order_by("username")
    ]
    return render(
        request,
        "web/accounts.html",
        {"rows": rows, "locks": AccessAttempt.objects.count(), "limit": limit},
    )


@require_POST
@staff_view(ADMINISTER)
def unlock(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "").strip()
    if username:
        count = reset(username=username)
        summary = f"Anmeldesperre für {username} aufgehoben."
    else:
        count = reset()
        summary = "Alle Anmeldesperren aufgehoben."
    record(request.user, "login.unlocked", summary, attempts=count)
    messages.success(request, _("Die Sperre ist aufgehoben."))
    return redirect("web:accounts")
