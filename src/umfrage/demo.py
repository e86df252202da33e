"""What ``umfrage demo`` sets up beyond the example: an open wave to answer and an admin login."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from umfrage.store.models import Survey, Wave

DEMO_ADMIN = "admin"


def open_demo_wave(survey: Survey, now: datetime) -> Wave:
    """An open wave after the example's last one, so that the respondent link can be tried.

    Made with the same step staff use ("new wave from the previous one"), so its questionnaire
    is the last wave's, ready to compare; it exists only in the demo database.
    """
    last = survey.waves.order_by("-position").first()
    if last is None:
        raise ValueError(f"Die Umfrage „{survey.slug}“ hat keine Welle.")
    if last.status == Wave.Status.OPEN:
        return last
    key = str(int(last.key) + 1) if last.key.isdigit() else f"{last.key}-demo"
    today = timezone.localdate(now)
    wave = last.start_next(
        key,
        title=f"{survey.title} {key} (Demo)",
        opens=today,
        closes=today + timedelta(days=60),
    )
    wave.open(now)
    return wave


def demo_admin_password() -> str:
    """Create (or reset) the demo's admin account and return its fresh password."""
    from umfrage.governance.roles import create_account

    password = secrets.token_urlsafe(12)
    create_account(DEMO_ADMIN, password, "admin")
    return password
