"""Keeps personal tokens out of logs.

Three kinds of address carry a secret in their path: the questionnaire link ``/t/<token>``,
the opt-out link ``/abmelden/<token>`` (both personal, sent by e-mail) and a staff member's
staged import ``…/import/<token>/``. Django logs the path of every 404 and every error
(``django.request``), gunicorn logs every request line and referrer (``umfrage serve``), and an
exception's message or traceback may quote the address. Every such text passes through
``redact`` before it is written: the filter ``RedactTokens`` sits on the loggers that write
request paths and on the console handler every record ends in (``settings.LOGGING``), and
gunicorn's access log redacts its fields itself (``umfrage.cli.serve.RedactingLogger``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

PLACEHOLDER = "[Token entfernt]"
# The segment after one of the token-carrying prefixes, up to the next "/", blank, "?", "#" or
# quote; "%2F" is the slash as a query parameter writes it (``?next=%2Ft%2F…``). Already
# redacted text is left alone: a record may pass through two redacting steps.
TOKEN_PATH = re.compile(
    r"(?P<prefix>(?:/|%2[fF])(?:t|abmelden|import)(?:/|%2[fF]))"
    r"(?!\[Token entfernt\])[^/\s?#\"'<>]+"
)
REDACTED = "/t/" + PLACEHOLDER


def redact(text: str) -> str:
    return TOKEN_PATH.sub(lambda m: m.group("prefix") + PLACEHOLDER, text)


class RedactTokens(logging.Filter):
    """Replaces the token in a token-carrying path by a placeholder: in the message, its
    arguments, and the text of an attached exception or stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            # Formatters use exc_text when it is set, so the traceback is written redacted.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, BaseException):
        return redact(str(value))
    return value


LOGGERS = (
    "django.request",
    "django.server",
    "django.security.csrf",
    "gunicorn.access",
    "gunicorn.error",
)


def install() -> None:
    """Attach the filter to the loggers that write request paths (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
