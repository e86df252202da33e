"""The audit log moved from the app ``web`` to ``governance`` (migrations governance/0001 and
web/0002) without losing a row: a database at the old state, with entries and a role group
holding the old ``web.administer`` permission, migrates to the new state with every entry intact,
the table still ``web_auditentry``, the permission kept (now ``governance.administer``) and new
entries still appended after the old ones."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from umfrage.governance.audit import record
from umfrage.governance.models import AuditEntry, AuditIsAppendOnly
from umfrage.governance.roles import ADMINISTER, role_of

OLD = [("governance", None)]  # before the move: web/0001 is the audit log's last migration
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate(targets: list[Any]) -> MigrationExecutor:
    executor = _executor()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def _latest() -> list[tuple[str, str]]:
    return _executor().loader.graph.leaf_nodes()


@pytest.fixture
def old_state(transactional_db: None) -> Any:
    """The database as the previous version left it; migrated forward again afterwards, so the
    other tests find it as they expect whatever happens here."""
    executor = _migrate(OLD)
    before = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in ("governance", "web")]
    yield executor.loader.project_state([*before, ("web", "0001_initial")]).apps
    _migrate(_latest())


def test_old_audit_rows_survive_the_move_with_their_permissions(old_state: Any) -> None:
    assert "web_auditentry" in connection.introspection.table_names()
    old_entry = old_state.get_model("web", "AuditEntry")
    old_type = old_state.get_model("contenttypes", "ContentType")
    old_permission = old_state.get_model("auth", "Permission")
    old_group = old_state.get_model("auth", "Group")
    web_type = old_type.objects.get(app_label="web", model="auditentry")
    assert not old_type.objects.filter(app_label="governance").exists()
    administer = old_permission.objects.get(content_type=web_type, codename="administer")
    group = old_group.objects.get(name="Administration")
    group.permissions.set([administer])
    user = get_user_model().objects.create_user("altadmin", password="synthetisch-Test-42")
    user.groups.add(group.pk)
    rows = [
        {
            "at": WHEN,
            "actor_id": user.pk,
            "actor_name": "altadmin",
            "action": "wave.status",
            "survey": "buendnisumfrage",
            "wave": "2024",
            "organisation": "",
            "summary": "Welle 2024 geöffnet (synthetische Testdaten).",
            "details": {"status": "open", "liste": [1, 2]},
        },
        {
            "at": WHEN,
            "actor_id": None,
            "actor_name": "System",
            "action": "retention.applied",
            "survey": "",
            "wave": "",
            "organisation": "B-0007",
            "summary": "Aufbewahrungsfrist angewandt.",
            "details": {},
        },
    ]
    created = [old_entry.objects.create(**row).pk for row in rows]

    _migrate(_latest())

    assert "web_auditentry" in connection.introspection.table_names()
    assert AuditEntry._meta.db_table == "web_auditentry"
    moved = list(AuditEntry.objects.order_by("pk").values(*rows[0], "pk"))
    assert [entry.pop("pk") for entry in moved] == created
    assert moved == rows
    # The content type moved with its permissions, so the role group kept its right.
    assert not ContentType.objects.filter(app_label="web", model="auditentry").exists()
    assert ContentType.objects.get(app_label="governance", model="auditentry").pk == web_type.pk
    user = get_user_model().objects.get(pk=user.pk)
    assert user.has_perm(ADMINISTER)
    assert role_of(user) == "admin"
    # Still append-only, and new entries (their ids from the same sequence) follow the old.
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.filter(pk=created[0]).update(summary="x")
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.get(pk=created[1]).delete()
    new = record(user, "audit.downloaded", "Protokoll heruntergeladen.")
    assert new.pk > max(created)
    assert AuditEntry.objects.count() == 3


def test_the_move_can_be_undone_without_losing_rows(old_state: Any) -> None:
    """Going back to the previous version (``migrate governance zero``) keeps the rows, too."""
    _migrate(_latest())
    entry = record(None, "retention.applied", "Aufbewahrungsfrist angewandt (synthetisch).")
    _migrate(OLD)
    old_entry = old_state.get_model("web", "AuditEntry")
    assert list(old_entry.objects.values_list("pk", "summary")) == [(entry.pk, entry.summary)]
    old_type = old_state.get_model("contenttypes", "ContentType")
    assert old_type.objects.filter(app_label="web", model="auditentry").exists()
    assert not old_type.objects.filter(app_label="governance").exists()
