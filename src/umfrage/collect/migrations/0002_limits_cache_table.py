"""The database table of the cache ``limits`` (settings.CACHES): the counters of wrong personal
links, shared by every server process (umfrage.collect.access)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    # Idempotent: an existing table is left alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("collect", "0001_progress")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
