"""Every permission the code and the templates ask for exists: after the roles' permissions moved
from ``web`` to ``governance``, a stale ``perms.web.administer`` in a template would hide its
links from everyone without any error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

import umfrage
from umfrage.governance.roles import ADMINISTER, ANALYSE

ROOT = Path(umfrage.__file__).parent
ASKED = re.compile(r"\bperms\.(\w+)\.(\w+)")


def _exists(name: str) -> bool:
    label, codename = name.split(".")
    return Permission.objects.filter(content_type__app_label=label, codename=codename).exists()


@pytest.mark.django_db
def test_the_role_permissions_exist() -> None:
    assert ADMINISTER == "governance.administer" and ANALYSE == "governance.analyse"
    assert _exists(ADMINISTER) and _exists(ANALYSE)
    assert not _exists("web.administer")  # the check below can tell a stale name


@pytest.mark.django_db
def test_every_permission_a_template_asks_for_exists() -> None:
    asked = {
        f"{label}.{codename}": template.relative_to(ROOT)
        for template in ROOT.rglob("templates/**/*.html")
        for label, codename in ASKED.findall(template.read_text(encoding="utf-8"))
    }
    assert asked  # the admin templates do ask (survey.html)
    missing = {name: str(where) for name, where in asked.items() if not _exists(name)}
    assert not missing, missing
