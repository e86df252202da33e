"""A working respondent link for the demo (``umfrage demo`` prints it)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from umfrage.collect.access import WaveState, wave_state
from umfrage.store.models import Invitation, Organisation, Response, Survey


def demo_link(survey: Survey, base_url: str, language: str = "") -> tuple[str | None, str]:
    """A fresh personal link into the survey's open wave, and a sentence saying for whom.

    Picks the first organisation of the register that has not answered that wave and gives its
    invitation a new token (an earlier token of that invitation stops working). Without an open
    wave there is no link, and the sentence says why.
    """
    today = timezone.localdate()
    waves = [
        w for w in survey.waves.order_by("-position") if wave_state(w, today) is WaveState.OPEN
    ]
    if not waves:
        return None, (
            f"Keine Welle von „{survey.title}“ ist geöffnet (Status „open“ und innerhalb der "
            "Feldzeit); ein Teilnahme-Link wäre deshalb nicht nutzbar."
        )
    wave = waves[0]
    answered = Response.objects.filter(wave=wave, organisation__isnull=False).values(
        "organisation_id"
    )
    candidates = Organisation.objects.filter(survey=survey)
    if language:
        candidates = candidates.filter(language=language)
    organisation = candidates.exclude(pk__in=answered).order_by("position").first()
    if organisation is None:
        if language:
            return None, f"Keine offene Organisation mit der Registersprache „{language}“."
        return None, f"Alle Organisationen haben die Welle {wave.key} schon beantwortet."
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        invitation, _ = Invitation.objects.get_or_create(wave=wave, organisation=organisation)
        invitation.token_hash = Invitation.hash_token(token)
        if invitation.state == Invitation.State.OPTED_OUT:
            invitation.state = Invitation.State.PENDING
        invitation.save()
    return f"{base_url.rstrip('/')}/t/{token}", f"{organisation.name}, Welle {wave.key}"
