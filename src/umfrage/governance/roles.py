"""The two roles inside: Administration (everything) and Auswertung (results, read-only).

A role is a Django group with permissions; anyone with neither is an outsider and sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

ADMIN = "admin"
ANALYST = "analyst"

ADMINISTER = "governance.administer"
ANALYSE = "governance.analyse"

# Group names are what staff see in Django's user lists, hence German.
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    ADMIN: ("Administration", ("administer", "analyse")),
    ANALYST: ("Auswertung", ("analyse",)),
}


def sync_roles(**kwargs: Any) -> None:
    """Create the role groups with exactly their permissions (idempotent; runs after migrate)."""
    for name, codenames in ROLES.values():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="governance", codename__in=codenames
        )
        group.permissions.set(permissions)


def assign_role(user: Any, role: str) -> None:
    sync_roles()
    user.groups.set([Group.objects.get(name=ROLES[role][0])])


def role_of(user: Any) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_perm(ADMINISTER):
        return ADMIN
    if user.has_perm(ANALYSE):
        return ANALYST
    return None


def create_account(username: str, password: str, role: str, *, email: str = "") -> tuple[Any, bool]:
    """Create a staff account, or set password, e-mail and role of an existing one.

    Raises django's ValidationError (German messages) for a password the validators refuse;
    then nothing is stored. Returns the user and whether it was new.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    model = get_user_model()
    user = model.objects.filter(username=username).first()
    created = user is None
    candidate = user or model(username=username, email=email)
    validate_password(password, candidate)
    candidate.set_password(password)
    if email:
        candidate.email = email
    candidate.save()
    assign_role(candidate, role)
    return candidate, created
