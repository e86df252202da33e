"""Addresses of named URLs for the respondent's pages, remembered.

A page asks for several addresses (the next page, the review page's links to every section, the
footer's link to the accessibility statement), and each ``reverse`` cost about as much as a
database statement. The views and the Jinja2 templates both take them from here. The key holds
everything the result depends on: the script prefix (an installation under ``/umfrage/``) and
the URL configuration.
"""

from __future__ import annotations

import functools

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=1024)
def _reverse(prefix: str, urlconf: str | None, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


def url(name: str, *args: str) -> str:
    """``reverse(name, args=args)``, remembered per script prefix and URL configuration."""
    return _reverse(get_script_prefix(), get_urlconf(), name, tuple(str(a) for a in args))


def _forget(*, setting: str, **kwargs: object) -> None:
    # ``override_settings(ROOT_URLCONF=…)`` changes the answers without changing the key.
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


setting_changed.connect(_forget, dispatch_uid="umfrage.collect.addresses")
