"""What the middleware chain costs a respondent's request: CPU per request, in this process.

    .venv/bin/python bench/collect/middleware_cost.py            # the chain as configured
    .venv/bin/python bench/collect/middleware_cost.py --each     # and what each entry costs

Requests go through Django's WSGI handler (the class behind ``umfrage.wsgi``) with the headers a
browser sends, to a view that does nothing at a respondent address (``/fragebogen/…``), so the
difference to the same handler without middleware is the chain's cost there. For comparison:
``/healthz`` (an address of the staff's side, where the login's middleware runs) and a static file
(answered by WhiteNoise, second in the chain). No database is touched. Compare the result with a
whole request's CPU from ``profile_pages.py`` (about 1.3 to 1.5 ms on the development machine).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import environment, temp_dir

RESPONDENT = "/fragebogen/leer/"
STATIC = "/static/collect/collect.css"
urlpatterns: list[Any] = []  # this module is the URL configuration: the empty view, then the site's


def empty(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def browser_request(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
        "HTTP_COOKIE": "csrftoken=0123456789abcdefghijABCDEFGHIJkl",
    }


def cpu_per_request(handler: Callable[..., Iterable[bytes]], path: str, count: int) -> float:
    """The best of five rounds, in microseconds (the machine may be busy with other work)."""

    def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> None:
        return None

    def one() -> None:
        body = handler(browser_request(path), start_response)
        for _ in body:
            pass
        body.close()  # type: ignore[attr-defined]

    for _ in range(count // 10):
        one()
    best = float("inf")
    for _ in range(5):
        began = time.process_time()
        for _ in range(count):
            one()
        best = min(best, (time.process_time() - began) / count * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--each", action="store_true", help="also leave out each entry alone")
    parser.add_argument(
        "--keep", help="also a chain of only these entries (class names, comma-separated)"
    )
    args = parser.parse_args()

    data = temp_dir("umfrage-middleware-")
    (data / "static").mkdir()
    os.environ.update(environment("sqlite", data))
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import path

    from umfrage import urls

    urlpatterns[:] = [path(RESPONDENT.removeprefix("/"), empty), *urls.urlpatterns]
    settings.ROOT_URLCONF = __name__
    configured = list(settings.MIDDLEWARE)

    def measure(chain: list[str], address: str) -> float:
        settings.MIDDLEWARE = chain
        return cpu_per_request(WSGIHandler(), address, args.requests)

    chains = {f"alle {len(configured)}": configured, "keine": []}
    if args.keep:
        kept = args.keep.split(",")
        chains[f"nur {len(kept)}"] = [m for m in configured if m.rsplit(".", 1)[1] in kept]
    for label, chain in chains.items():
        for address in [RESPONDENT, "/healthz"] + ([STATIC] if chain is configured else []):
            cpu = measure(chain, address)
            print(f"Middleware {label:8s} {address:28s} {cpu:7.1f} µs CPU je Anfrage")
    if args.each:
        whole = measure(configured, RESPONDENT)
        for entry in configured:
            cpu = measure([m for m in configured if m != entry], RESPONDENT)
            print(
                f"ohne {entry.rsplit('.', 1)[1]:34s} {whole - cpu:6.1f} µs weniger ({RESPONDENT})"
            )


if __name__ == "__main__":
    main()
