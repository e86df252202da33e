"""The opt-out page behind the link in every message (also the target of one-click
``List-Unsubscribe-Post`` requests from mail providers, hence no CSRF token: the personal token
in the address is the credential)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from umfrage.invitations import tokens
from umfrage.store.models import Invitation


@csrf_exempt
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    invitation = tokens.lookup(token)
    if invitation is None:
        return render(request, "invitations/abmelden.html", {"state": "unknown"}, status=404)
    context = {"survey": invitation.wave.survey.title, "organisation": invitation.organisation.name}
    if invitation.state == Invitation.State.OPTED_OUT:
        return render(request, "invitations/abmelden.html", {**context, "state": "done"})
    if request.method == "GET":
        # Only a POST opts out: link scanners in mail filters open every link with GET.
        return render(request, "invitations/abmelden.html", {**context, "state": "ask"})
    state = "done" if tokens.opt_out(invitation) else "answered"
    return render(request, "invitations/abmelden.html", {**context, "state": state})
