"""System checks for the invitation settings: wrong values are reported before anything is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def check_invitation_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    numbers = {
        "UMFRAGE_SMTP_RATE": (settings.UMFRAGE_SMTP_RATE, 0, "0 schaltet die Drosselung ab"),
        "UMFRAGE_SMTP_ATTEMPTS": (settings.UMFRAGE_SMTP_ATTEMPTS, 1, "mindestens 1"),
        "UMFRAGE_SMTP_BACKOFF": (settings.UMFRAGE_SMTP_BACKOFF, 0, "Sekunden, 0 oder mehr"),
        "UMFRAGE_SMTP_TIMEOUT": (settings.EMAIL_TIMEOUT, 1, "Sekunden, mindestens 1"),
        "UMFRAGE_REMINDER_GAP_DAYS": (settings.UMFRAGE_REMINDER_GAP_DAYS, 0, "Tage, 0 oder mehr"),
    }
    for name, (value, least, meaning) in numbers.items():
        if value < least:
            errors.append(
                Error(
                    f"{name} ist {value}; erlaubt ist {least} oder mehr.",
                    hint=f"Setzen Sie {name} auf eine ganze Zahl ({meaning}).",
                    id="umfrage.E101",
                )
            )
    folder = settings.UMFRAGE_EMAIL_TEMPLATES
    if folder and not Path(folder).is_dir():
        errors.append(
            Error(
                f"UMFRAGE_EMAIL_TEMPLATES verweist auf „{folder}“, das ist kein Ordner.",
                hint="Legen Sie den Ordner an oder entfernen Sie die Einstellung, um die "
                "mitgelieferten Vorlagen zu verwenden.",
                id="umfrage.E102",
            )
        )
    return errors
