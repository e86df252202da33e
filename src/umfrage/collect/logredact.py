"""Keeps personal tokens out of logs: Django logs the path of every 404 (``/t/<token>``)."""

from __future__ import annotations

import logging
import re
from typing import Any

# Already redacted text is left alone: the access log passes through two redacting steps.
TOKEN_PATH = re.compile(r"/t/(?!\[Token entfernt\])[^/\s?\"']+")
REDACTED = "/t/[Token entfernt]"


def redact(text: str) -> str:
    return TOKEN_PATH.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Replaces the token in ``/t/<token>`` by a placeholder in message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        return True


def _clean(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


LOGGERS = ("django.request", "django.server", "django.security.csrf", "gunicorn.access")


def install() -> None:
    """Attach the filter to the loggers that write request paths (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
