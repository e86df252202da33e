"""Give data stored before the guarantee the same anonymity (docs/web-questionnaire.md).

For every wave: the web progress of each submitted anonymous questionnaire keeps only the day
and no pages, and the wave's anonymous web answers and anonymised copies are mixed
(``store.anonymity.mix``) with the historical models. Nothing to undo: the exact times and
orders are gone on purpose.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import migrations
from django.utils import timezone

from umfrage.store.anonymity import declared_anonymous, mix_with


def forwards(apps: Any, schema_editor: Any) -> None:
    Wave = apps.get_model("store", "Wave")
    Response = apps.get_model("store", "Response")
    ResponseHistory = apps.get_model("store", "ResponseHistory")
    Progress = apps.get_model("collect", "Progress")
    zone = timezone.get_current_timezone()
    for wave in Wave.objects.order_by("pk"):
        if declared_anonymous(wave.questionnaire_text):
            for progress in Progress.objects.filter(
                invitation__wave=wave, submitted=True, response__isnull=True
            ):
                day = timezone.localdate(progress.updated_at)
                progress.updated_at = datetime.combine(day, time.min, tzinfo=zone)
                progress.pages_done = []
                progress.save(update_fields=["updated_at", "pages_done"])
        mix_with(Response, ResponseHistory, wave)


class Migration(migrations.Migration):
    dependencies = [
        ("collect", "0002_limits_cache_table"),
        ("store", "0004_invitation_link_generation"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
