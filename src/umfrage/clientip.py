"""The client address that limits count against: the login lock-out (django-axes) and the limit
on wrong personal links (``umfrage.collect.access``) use this one function, so one setting
decides both."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address failures are counted against.

    Behind the one reverse proxy that UMFRAGE_PROXY_SSL_HEADER declares, every request comes
    from the proxy's address; the client is then the last entry the proxy added to
    X-Forwarded-For (entries further left are whatever the client claimed). Without that
    declaration X-Forwarded-For is ignored: anyone can send it.
    """
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address is not None else None
