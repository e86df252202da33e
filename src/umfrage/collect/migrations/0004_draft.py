"""Unfinished anonymous answers found by the respondent's locator (``collect.Draft``), and the
links stored before them cut (docs/web-questionnaire.md, "Anonymous waves").

For every anonymous wave: a web progress that links to an unfinished answer (how the answers
were found again before) is deleted, with what it kept (pages, exact time); the answer it
pointed to is mixed with the wave's others (``store.anonymity.mix_with``), as when a wave closes.
The personal token that the locator needs is not stored, so these respondents start afresh
with their link; their earlier answers stay, unfinished and mixed. The invitations' first
opening keeps only its day. Nothing to undo: the links are gone on purpose.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from umfrage.store.anonymity import declared_anonymous, mix_with


def forwards(apps: Any, schema_editor: Any) -> None:
    Wave = apps.get_model("store", "Wave")
    Invitation = apps.get_model("store", "Invitation")
    Response = apps.get_model("store", "Response")
    ResponseHistory = apps.get_model("store", "ResponseHistory")
    Progress = apps.get_model("collect", "Progress")
    zone = timezone.get_current_timezone()
    for wave in Wave.objects.order_by("pk"):
        if not declared_anonymous(wave.questionnaire_text):
            continue
        Progress.objects.filter(invitation__wave=wave, submitted=False).delete()
        Progress.objects.filter(invitation__wave=wave, response__isnull=False).update(
            response=None, pages_done=[]
        )
        for invitation in Invitation.objects.filter(wave=wave, opened_at__isnull=False):
            day = timezone.localdate(invitation.opened_at)
            invitation.opened_at = datetime.combine(day, time.min, tzinfo=zone)
            invitation.save(update_fields=["opened_at"])
        mix_with(Response, ResponseHistory, wave)


class Migration(migrations.Migration):
    dependencies = [
        ("collect", "0003_mix_anonymous_answers"),
        ("store", "0004_invitation_link_generation"),
    ]

    operations = [
        migrations.CreateModel(
            name="Draft",
            fields=[
                (
                    "locator",
                    models.CharField(
                        editable=False, max_length=64, primary_key=True, serialize=False
                    ),
                ),
                ("pages_done", models.JSONField(default=list, verbose_name="fertige Seiten")),
                (
                    "response",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="web_draft",
                        to="store.response",
                    ),
                ),
            ],
            options={
                "verbose_name": "Unfertige anonyme Antwort",
                "verbose_name_plural": "Unfertige anonyme Antworten",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
