"""The staff accounts: the list, lifting login locks, creating accounts, role, deactivation,
password reset (the rules that keep an admin able to log in live in ``umfrage.web.accounts``)."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER, assign_role
from umfrage.web.access import staff_view
from umfrage.web.accounts import AccountRuleError, change_role, role_of_any, set_active
from umfrage.web.forms import AccountForm, PasswordResetForm, RoleForm
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
            "role": _role_name(user),
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


def _account_or_404(pk: int) -> Any:
    return get_object_or_404(get_user_model(), pk=pk)


def _role_name(user: Any) -> str:
    return ROLE_NAMES.get(role_of_any(user) or "", _("keine (kein Zugang)"))


def _account_page(
    request: HttpRequest,
    user: Any,
    *,
    password_form: PasswordResetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    role = role_of_any(user)
    return render(
        request,
        "web/account_edit.html",
        {
            "account": user,
            "role": _role_name(user),
            "role_form": RoleForm(initial={"role": role}, auto_id="rolle_%s"),
            "password_form": password_form or PasswordResetForm(user, auto_id="pw_%s"),
            "is_self": user.pk == request.user.pk,
            "otp": user_has_device(user, confirmed=True),
        },
        status=status,
    )


@staff_view(ADMINISTER)
def account_new(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                data["username"],
                data["email"],
                data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            assign_role(user, data["role"])
            record(
                request.user,
                "user.created",
                f"Konto {user.get_username()} angelegt (Rolle {ROLE_NAMES[data['role']]}).",
                account=user.get_username(),
                role=data["role"],
            )
        messages.success(
            request,
            _(
                "Das Konto „%(name)s“ ist angelegt. Teilen Sie der Person das Passwort auf "
                "sicherem Weg mit (nicht in derselben E-Mail wie den Benutzernamen)."
            )
            % {"name": user.get_username()},
        )
        return redirect("web:account_edit", user.pk)
    return render(request, "web/account_new.html", {"form": form})


@staff_view(ADMINISTER)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_page(request, _account_or_404(pk))


@require_POST
@staff_view(ADMINISTER)
def account_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account_or_404(pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Rolle."))
        return redirect("web:account_edit", pk)
    role = form.cleaned_data["role"]
    try:
        with transaction.atomic():
            before = change_role(request.user, user, role)
            if before != role:
                record(
                    request.user,
                    "user.role",
                    f"Rolle von {user.get_username()}: "
                    f"{ROLE_NAMES.get(before or '', 'keine')} → {ROLE_NAMES[role]}.",
                    account=user.get_username(),
                    before=before or "",
                    role=role,
                )
    except AccountRuleError as exc:
        messages.error(request, str(exc))
        return redirect("web:account_edit", pk)
    if before == role:
        messages.info(request, _("Die Rolle war schon so eingestellt; nichts geändert."))
    else:
        messages.success(
            request,
            _("%(name)s hat jetzt die Rolle %(role)s.")
            % {"name": user.get_username(), "role": ROLE_NAMES[role]},
        )
    return redirect("web:account_edit", pk)


@require_POST
@staff_view(ADMINISTER)
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account_or_404(pk)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        messages.error(request, _("Bitte wählen Sie, ob das Konto aktiv sein soll."))
        return redirect("web:account_edit", pk)
    active = wanted == "1"
    if user.is_active == active:
        messages.info(request, _("Das Konto war schon so eingestellt; nichts geändert."))
        return redirect("web:account_edit", pk)
    try:
        with transaction.atomic():
            set_active(request.user, user, active)
            record(
                request.user,
                "user.reactivated" if active else "user.deactivated",
                f"Konto {user.get_username()} {'reaktiviert' if active else 'deaktiviert'}.",
                account=user.get_username(),
            )
    except AccountRuleError as exc:
        messages.error(request, str(exc))
        return redirect("web:account_edit", pk)
    if active:
        text = _("Das Konto „%(name)s“ ist wieder aktiv; die Person kann sich anmelden.")
    else:
        text = _(
            "Das Konto „%(name)s“ ist deaktiviert: Anmelden ist nicht mehr möglich, und eine "
            "laufende Sitzung endet mit dem nächsten Seitenaufruf."
        )
    messages.success(request, text % {"name": user.get_username()})
    return redirect("web:account_edit", pk)


@require_POST
@staff_view(ADMINISTER)
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account_or_404(pk)
    form = PasswordResetForm(user, request.POST, auto_id="pw_%s")
    if not form.is_valid():
        return _account_page(request, user, password_form=form, status=400)
    with transaction.atomic():
        user.set_password(form.cleaned_data["password1"])
        user.save(update_fields=["password"])
        record(
            request.user,
            "user.password_reset",
            f"Passwort von {user.get_username()} neu gesetzt.",
            account=user.get_username(),
        )
    if user.pk == request.user.pk:
        update_session_auth_hash(request, user)
    messages.success(
        request,
        _(
            "Das Passwort von „%(name)s“ ist neu gesetzt; bestehende Anmeldungen dieses Kontos "
            "sind beendet. Teilen Sie es der Person auf sicherem Weg mit."
        )
        % {"name": user.get_username()},
    )
    return redirect("web:account_edit", pk)
