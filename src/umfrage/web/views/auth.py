"""Login, second factor, logout, the own account and its TOTP device."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from umfrage.governance.audit import record
from umfrage.governance.roles import ANALYSE, role_of
from umfrage.web.access import needs_second_factor, staff_view
from umfrage.web.forms import CodeForm, LoginForm


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class Login(LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if user_has_device(self.request.user, confirmed=True):
            return f"{reverse('web:otp')}?{urlencode({'next': target})}"
        return target


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    target = _next(request, reverse("web:home"))
    if not needs_second_factor(request.user):
        return redirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(target)
        record(request.user, "login.otp_failed", "Falscher Bestätigungscode eingegeben.")
        form.add_error(
            "code",
            _(
                "Der Code stimmt nicht oder ist abgelaufen. Nach mehreren Fehlversuchen müssen "
                "Sie etwas warten."
            ),
        )
    return render(request, "web/otp.html", {"form": form, "next": target})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout(request)
        messages.info(request, _("Sie sind abgemeldet."))
    return redirect("web:login")


ROLE_NAMES = {"admin": "Administration", "analyst": "Auswertung"}


@staff_view(ANALYSE)
def account(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    return render(
        request,
        "web/account.html",
        {
            "role": ROLE_NAMES.get(role or "", "—"),
            "has_otp": user_has_device(request.user, confirmed=True),
        },
    )


@staff_view(ANALYSE)
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        record(user, "password.changed", "Eigenes Passwort geändert.")
        messages.success(request, _("Ihr Passwort wurde geändert."))
        return redirect("web:account")
    return render(request, "web/password.html", {"form": form})


def _qr(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url).svg_inline(scale=4, title=_("QR-Code für die App"))
    return str(svg).replace("<svg ", '<svg role="img" ', 1)


@staff_view(ANALYSE)
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user, confirmed=True):
        messages.info(request, _("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
        return redirect("web:account")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record(user, "otp.enabled", "Zwei-Faktor-Anmeldung eingerichtet.")
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return redirect("web:account")
        form.add_error("code", _("Der Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Geräts."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context: dict[str, Any] = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        # segno writes the SVG from the otpauth URL alone; nothing user-typed goes into it.
        "qr": mark_safe(_qr(device)),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "web/otp_setup.html", context)


@require_POST
@staff_view(ANALYSE)
def otp_remove(request: HttpRequest) -> HttpResponse:
    TOTPDevice.objects.filter(user=request.user).delete()
    record(request.user, "otp.disabled", "Zwei-Faktor-Anmeldung entfernt.")
    messages.success(request, _("Die Zwei-Faktor-Anmeldung wurde entfernt."))
    return redirect("web:account")
