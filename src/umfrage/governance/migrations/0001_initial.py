"""The audit log moves from the app ``web`` to ``governance``, which both front doors use.

Only Django's record of the model moves: the table stays ``web_auditentry`` with all its rows (and,
on PostgreSQL, its id sequence), so nothing is copied or lost. On a new database ``web/0001``
creates the table and this migration adopts it. The content type is renamed too, so the role
permissions (``administer``, ``analyse``) keep their rows and every group or account that holds
them keeps them, now as ``governance.administer`` and ``governance.analyse``.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(
    apps: Any, schema_editor: Any, old: str = "web", new: str = "governance"
) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    types = content_type.objects.using(schema_editor.connection.alias)
    if types.filter(app_label=new, model="auditentry").exists():
        # Already there (never on an ordinary upgrade: content types are made after migrating);
        # the roles are then reassigned to its permissions by sync_roles after this migrate.
        return
    types.filter(app_label=old, model="auditentry").update(app_label=new)


def move_content_type_back(apps: Any, schema_editor: Any) -> None:
    move_content_type(apps, schema_editor, old="governance", new="web")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("web", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                verbose_name="Zeitpunkt",
                            ),
                        ),
                        (
                            "actor_name",
                            models.CharField(max_length=150, verbose_name="Benutzername"),
                        ),
                        (
                            "action",
                            models.CharField(db_index=True, max_length=40, verbose_name="Aktion"),
                        ),
                        (
                            "survey",
                            models.CharField(
                                blank=True, db_index=True, max_length=60, verbose_name="Umfrage"
                            ),
                        ),
                        ("wave", models.CharField(blank=True, max_length=40, verbose_name="Welle")),
                        (
                            "organisation",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=64,
                                verbose_name="Organisation",
                            ),
                        ),
                        ("summary", models.TextField(verbose_name="Beschreibung")),
                        (
                            "details",
                            models.JSONField(blank=True, default=dict, verbose_name="Einzelheiten"),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="Person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "web_auditentry",
                        "verbose_name": "Protokolleintrag",
                        "verbose_name_plural": "Protokoll",
                        "ordering": ["-at", "-id"],
                        "permissions": [
                            ("administer", "Umfragen verwalten (Administration)"),
                            ("analyse", "Ergebnisse ansehen und exportieren (Auswertung)"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=False),
    ]
