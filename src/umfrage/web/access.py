"""Who may see what: every admin view is wrapped in :func:`staff_view`.

Anonymous visitors are sent to the login; logged-in accounts without the view's permission get
403; accounts with a second factor must have entered a code in this session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django_otp import user_has_device

from umfrage.store.models import Organisation, Survey, Wave

View = Callable[..., HttpResponse]


def needs_second_factor(user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True)) and not user.is_verified()


def staff_view(permission: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if needs_second_factor(user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('web:otp')}?{query}")
            if not user.is_active or not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def survey_or_404(slug: str) -> Survey:
    return get_object_or_404(Survey, slug=slug)


def wave_or_404(slug: str, key: str) -> Wave:
    """The wave ``key`` of survey ``slug``: a wave id never reaches another survey's wave."""
    return get_object_or_404(Wave.objects.select_related("survey"), survey__slug=slug, key=key)


def organisation_or_404(slug: str, key: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("survey"), survey__slug=slug, key=key
    )
