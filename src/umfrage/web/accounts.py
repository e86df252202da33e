"""Managing staff accounts in the browser: the rules that keep at least one admin able to log in.

An admin cannot deactivate or demote their own account, and the last active admin can neither
be deactivated nor demoted, so the interface never locks everybody out. The checks run inside a
transaction that locks the rows of the active admins, so two admins demoting each other at the
same moment cannot both succeed (PostgreSQL; SQLite serialises writers anyway).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from umfrage.governance.roles import ADMIN, ROLES, assign_role, role_of


class AccountRuleError(ValueError):
    """A change the rules refuse; the message says why, in German."""


def _active_admins() -> list[Any]:
    model = get_user_model()
    admins = model.objects.filter(is_active=True, groups__name=ROLES[ADMIN][0]).select_for_update()
    superusers = model.objects.filter(is_active=True, is_superuser=True).select_for_update()
    return list({user.pk: user for user in [*admins, *superusers]}.values())


def _would_remove_admin(actor: Any, user: Any, deactivate: bool) -> None:
    if user.pk == actor.pk:
        if deactivate:
            text = _("Sie können Ihr eigenes Konto nicht deaktivieren.")
        else:
            text = _("Sie können Ihre eigene Rolle nicht herabstufen.")
        raise AccountRuleError(
            text + " " + _("Bitten Sie eine andere Person mit der Rolle Administration darum.")
        )
    what = _("deaktiviert") if deactivate else _("herabgestuft")
    if role_of(user) == ADMIN and [a.pk for a in _active_admins()] == [user.pk]:
        raise AccountRuleError(
            _(
                "%(name)s ist das letzte aktive Konto mit der Rolle Administration und kann "
                "nicht %(what)s werden. Geben Sie zuerst einem anderen Konto diese Rolle."
            )
            % {"name": user.get_username(), "what": what}
        )


def change_role(actor: Any, user: Any, role: str) -> str | None:
    """Give ``user`` the role; returns the previous role (None: had none)."""
    if role not in ROLES:
        raise AccountRuleError(_("Diese Rolle gibt es nicht."))
    with transaction.atomic():
        before = role_of(user) if user.is_active else _role_of_inactive(user)
        if before == ADMIN and role != ADMIN:
            _would_remove_admin(actor, user, deactivate=False)
        assign_role(user, role)
    return before


def _role_of_inactive(user: Any) -> str | None:
    names = set(user.groups.values_list("name", flat=True))
    for role, (group, _codenames) in ROLES.items():
        if group in names:
            return role
    return None


def role_of_any(user: Any) -> str | None:
    """The role of an account, also of a deactivated one (``role_of`` says None for those)."""
    return role_of(user) if user.is_active else _role_of_inactive(user)


def set_active(actor: Any, user: Any, active: bool) -> None:
    with transaction.atomic():
        if not active:
            _would_remove_admin(actor, user, deactivate=True)
        user.is_active = active
        user.save(update_fields=["is_active"])
