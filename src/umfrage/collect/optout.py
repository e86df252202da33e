"""The opt-out page behind the link in every message (also the target of one-click
``List-Unsubscribe-Post`` requests from mail providers, hence no CSRF token: the personal token
in the address is the credential).

The address carries a personal token just as ``/t/<token>`` does, so it is guarded the same way
(docs/invitations.md, "The opt-out link"): the same limit on wrong tokens per client, counted
together with the questionnaire link's, and for a link that does not work the very same neutral
page as ``/t/`` (status and text), which names no organisation. Only a working link shows whose
invitation it is, and only a POST (the button, or a mail provider's one-click request) opts out:
link scanners in mail filters open every link with GET. Opting out stops reminders and nothing
else; the questionnaire link keeps working.

It lives in ``collect`` beside ``/t/`` (not in ``invitations``) because it shares that page's
guard and neutral page: collect uses invitations (tokens), never the other way round.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from umfrage.collect import access, locale
from umfrage.collect import views as collect_views
from umfrage.collect.security import ENTRY_REFERRER_POLICY, secure_page
from umfrage.invitations import tokens
from umfrage.store.models import Invitation


@csrf_exempt
@secure_page
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    response = _opt_out(request, token)
    # The address itself carries the token: no page reached from here may learn it.
    response.headers["Referrer-Policy"] = ENTRY_REFERRER_POLICY
    return response


def _opt_out(request: HttpRequest, token: str) -> HttpResponse:
    if access.too_many_attempts(request):
        return collect_views.too_many_attempts(request)
    invitation = tokens.lookup(token)
    if invitation is None or invitation.organisation.erased_at is not None:
        return collect_views.invalid_link(request)
    # In the language the invitation was written in (the register's) or the respondent chose.
    locale.activate(request, collect_views.message_language(request, invitation))
    context = {"survey": invitation.wave.survey.title, "organisation": invitation.organisation.name}
    if invitation.state == Invitation.State.OPTED_OUT:
        return render(request, "invitations/abmelden.html", {**context, "state": "done"})
    if request.method == "GET":
        return render(request, "invitations/abmelden.html", {**context, "state": "ask"})
    state = "done" if tokens.opt_out(invitation) else "answered"
    return render(request, "invitations/abmelden.html", {**context, "state": state})
