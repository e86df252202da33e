"""The public feedback form ("Barriere melden"), linked from every public and respondent page.

No login, no JavaScript; Django's CSRF protection; at most ``LIMIT`` messages per client address
within ``WINDOW_SECONDS`` (counted in the database cache ``limits``, as the respondent's wrong
links are, umfrage.collect.access). Rendered with the respondent pages' Jinja2 templates and
their catalogues, in the language active for the request.
"""

from __future__ import annotations

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe

from umfrage.collect import access
from umfrage.collect.security import secure_page
from umfrage.collect.views import render_page
from umfrage.feedback.forms import FeedbackForm
from umfrage.feedback.models import Feedback

LIMIT = 5
WINDOW_SECONDS = 3600


def _key(request: HttpRequest) -> str:
    return f"feedback:sent:{access.client_address(request)}"


def _limited(request: HttpRequest) -> bool:
    return int(caches[access.LIMITS_CACHE].get(_key(request), 0)) >= LIMIT


def _count(request: HttpRequest) -> None:
    store = caches[access.LIMITS_CACHE]
    if not store.add(_key(request), 1, WINDOW_SECONDS):
        try:
            store.incr(_key(request))
        except ValueError:  # expired between add and incr
            store.add(_key(request), 1, WINDOW_SECONDS)


def _page_hint(request: HttpRequest) -> str:
    """The page the form was opened from (``?seite=``), shortened; never trusted as a link."""
    return request.GET.get("seite", "")[:500]


@secure_page
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    if _limited(request):
        return render_page(request, "feedback/limited.html", {}, status=429)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            _count(request)
            Feedback.objects.create(
                message=form.cleaned_data["message"],
                page=form.cleaned_data["page"],
                email=form.cleaned_data["email"],
                language=translation.get_language() or "",
            )
            return redirect("feedback_sent")
        status = 400
    else:
        form = FeedbackForm(initial={"page": _page_hint(request)})
        status = 200
    return render_page(
        request,
        "feedback/form.html",
        {
            "form": form,
            "summary": form.errors_in_order() if form.is_bound else [],
            "alert": form.is_bound,
        },
        status=status,
    )


@secure_page
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render_page(request, "feedback/sent.html", {})
