"""Account management on "Konten": create, role, deactivate/reactivate, password reset.

Through real URLs with the personas; an admin can never lock everybody out.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, _client_for
from umfrage.governance.models import AuditEntry
from umfrage.governance.roles import role_of

NEW_PASSWORD = "Sommerwiese-Fahrrad-73"


def _new(**changes: str) -> dict[str, str]:
    data = {
        "username": "m.muster",
        "first_name": "Maria",
        "last_name": "Muster",
        "email": "maria@example.org",
        "role": "analyst",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(changes)
    return data


def _messages(response: object) -> str:
    return " ".join(str(m) for m in response.context["messages"])  # type: ignore[attr-defined]


def test_an_admin_creates_an_account_that_can_log_in(admin_client: Client) -> None:
    page = admin_client.get(reverse("web:accounts")).content.decode()
    assert reverse("web:account_new") in page
    response = admin_client.post(reverse("web:account_new"), _new(), follow=True)
    user = User.objects.get(username="m.muster")
    assert response.redirect_chain[-1][0] == reverse("web:account_edit", args=(user.pk,))
    assert "Das Konto „m.muster“ ist angelegt." in response.content.decode()
    assert (user.first_name, user.last_name, user.email) == ("Maria", "Muster", "maria@example.org")
    assert role_of(user) == "analyst"
    entry = AuditEntry.objects.get(action="user.created")
    assert entry.actor_name == "admin" and entry.details["account"] == "m.muster"
    assert NEW_PASSWORD not in entry.summary + str(entry.details)
    fresh = Client()
    login = fresh.post(
        reverse("web:login"),
        {"username": "m.muster", "password": NEW_PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert login.status_code == 302
    assert fresh.get(reverse("web:surveys")).status_code == 200
    assert fresh.get(reverse("web:accounts")).status_code == 403


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password1": "kurz", "password2": "kurz"}, "password1", "zu kurz"),
        (
            {"password1": "123456789012345", "password2": "123456789012345"},
            "password1",
            "komplett numerisch",
        ),
        ({"password2": "Anderes-Passwort-99"}, "password2", "stimmen nicht überein"),
        ({"username": "Admin"}, "username", "gibt es schon"),
        ({"username": "mit leerzeichen"}, "username", "Erlaubt sind nur Buchstaben"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"role": "chef"}, "role", "gültige Auswahl"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_stored(
    admin_client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    response = admin_client.post(reverse("web:account_new"), _new(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert message in response.content.decode()
    assert User.objects.count() == 1
    assert not AuditEntry.objects.filter(action="user.created").exists()


def test_the_password_must_not_resemble_the_name(admin_client: Client) -> None:
    data = _new(username="sonnenblume", password1="Sonnenblume1", password2="Sonnenblume1")
    response = admin_client.post(reverse("web:account_new"), data)
    assert "ähnlich" in " ".join(response.context["form"].errors["password1"])


def test_an_admin_changes_the_role_and_it_is_logged(
    admin_client: Client, analyst_user: User
) -> None:
    address = reverse("web:account_role", args=(analyst_user.pk,))
    response = admin_client.post(address, {"role": "admin"}, follow=True)
    assert "analyst hat jetzt die Rolle Administration." in _messages(response)
    assert role_of(User.objects.get(pk=analyst_user.pk)) == "admin"
    entry = AuditEntry.objects.get(action="user.role")
    assert entry.summary == "Rolle von analyst: Auswertung → Administration."
    # The same role again changes nothing and logs nothing.
    admin_client.post(address, {"role": "admin"})
    assert AuditEntry.objects.filter(action="user.role").count() == 1


def test_an_outsider_gets_a_role(admin_client: Client, outsider_user: User) -> None:
    admin_client.post(reverse("web:account_role", args=(outsider_user.pk,)), {"role": "analyst"})
    outsider = User.objects.get(pk=outsider_user.pk)
    assert role_of(outsider) == "analyst"
    assert "keine → Auswertung" in AuditEntry.objects.get(action="user.role").summary


def test_an_admin_can_neither_demote_nor_deactivate_themselves(
    admin_client: Client, admin_user: User
) -> None:
    _person_admin = User.objects.create_user("zweite", "z@example.org", PASSWORD)
    from umfrage.governance.roles import assign_role

    assign_role(_person_admin, "admin")
    response = admin_client.post(
        reverse("web:account_role", args=(admin_user.pk,)), {"role": "analyst"}, follow=True
    )
    assert "Sie können Ihre eigene Rolle nicht herabstufen." in _messages(response)
    response = admin_client.post(
        reverse("web:account_active", args=(admin_user.pk,)), {"active": "0"}, follow=True
    )
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in _messages(response)
    user = User.objects.get(pk=admin_user.pk)
    assert user.is_active and role_of(user) == "admin"
    assert not AuditEntry.objects.filter(action__in=["user.role", "user.deactivated"]).exists()
    page = admin_client.get(reverse("web:account_edit", args=(admin_user.pk,))).content.decode()
    assert ">Konto deaktivieren</button>" not in page and "Rolle speichern" not in page


def test_admins_remove_each_other_until_one_is_left_who_stays(
    admin_user: User, analyst_user: User
) -> None:
    """Through the pages the acting admin is always an active admin, so the one left is the
    one acting, whom the rule about the own account protects."""
    from umfrage.governance.roles import assign_role

    second = User.objects.create_user("zweite", "z@example.org", PASSWORD)
    assign_role(second, "admin")
    client = _client_for(second)
    client.post(reverse("web:account_role", args=(admin_user.pk,)), {"role": "analyst"})
    assert role_of(User.objects.get(pk=admin_user.pk)) == "analyst"
    assign_role(analyst_user, "admin")
    promoted = _client_for(analyst_user)
    promoted.post(reverse("web:account_active", args=(second.pk,)), {"active": "0"})
    assert not User.objects.get(pk=second.pk).is_active
    # The last active admin cannot deactivate or demote the own account.
    promoted.post(reverse("web:account_active", args=(analyst_user.pk,)), {"active": "0"})
    promoted.post(reverse("web:account_role", args=(analyst_user.pk,)), {"role": "analyst"})
    last = User.objects.get(pk=analyst_user.pk)
    assert last.is_active and role_of(last) == "admin"
    promoted.post(reverse("web:account_active", args=(second.pk,)), {"active": "1"})
    assert User.objects.get(pk=second.pk).is_active
    actions = list(
        AuditEntry.objects.filter(action__startswith="user.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["user.role", "user.deactivated", "user.reactivated"]


def test_the_rule_for_the_last_admin_in_isolation(admin_user: User) -> None:
    """Defence in depth, e.g. for an account given the Django superuser flag on the server."""
    from umfrage.web.accounts import AccountRuleError, change_role, set_active

    other = User.objects.create_user("jemand", "j@example.org", PASSWORD)
    with pytest.raises(AccountRuleError, match="letzte aktive Konto"):
        set_active(other, admin_user, False)
    with pytest.raises(AccountRuleError, match="letzte aktive Konto"):
        change_role(other, admin_user, "analyst")
    assert User.objects.get(pk=admin_user.pk).is_active
    assert role_of(User.objects.get(pk=admin_user.pk)) == "admin"


def test_a_deactivated_account_is_logged_out_and_cannot_log_in(
    admin_client: Client, analyst_user: User, analyst_client: Client
) -> None:
    assert analyst_client.get(reverse("web:surveys")).status_code == 200
    response = admin_client.post(
        reverse("web:account_active", args=(analyst_user.pk,)), {"active": "0"}, follow=True
    )
    assert "ist deaktiviert" in _messages(response)
    # The running session ends with the next request.
    assert analyst_client.get(reverse("web:surveys")).status_code == 302
    login = Client().post(
        reverse("web:login"), {"username": "analyst", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert login.status_code == 200
    page = admin_client.get(reverse("web:accounts")).content.decode()
    assert "(deaktiviert)" in page
    assert AuditEntry.objects.get(action="user.deactivated").summary == "Konto analyst deaktiviert."


def test_a_password_reset_checks_the_validators_and_ends_other_sessions(
    admin_client: Client, analyst_user: User, analyst_client: Client
) -> None:
    address = reverse("web:account_password", args=(analyst_user.pk,))
    response = admin_client.post(address, {"password1": "kurz", "password2": "kurz"})
    assert response.status_code == 400
    assert "zu kurz" in response.content.decode()
    assert User.objects.get(pk=analyst_user.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_reset").exists()

    response = admin_client.post(
        address, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert "ist neu gesetzt" in _messages(response)
    assert User.objects.get(pk=analyst_user.pk).check_password(NEW_PASSWORD)
    assert analyst_client.get(reverse("web:surveys")).status_code == 302
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert NEW_PASSWORD not in entry.summary + str(entry.details)


def test_an_unknown_account_is_a_german_404(admin_client: Client) -> None:
    response = admin_client.get(reverse("web:account_edit", args=(9999,)))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


ACCOUNT_ACTIONS = [
    ("web:account_new", False, _new()),
    ("web:account_role", True, {"role": "admin"}),
    ("web:account_active", True, {"active": "0"}),
    ("web:account_password", True, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
]


@pytest.mark.parametrize(("name", "with_pk", "data"), ACCOUNT_ACTIONS)
def test_analysts_outsiders_and_anonymous_visitors_change_no_account(
    analyst_client: Client,
    outsider_client: Client,
    anonymous_client: Client,
    analyst_user: User,
    name: str,
    with_pk: bool,
    data: dict[str, str],
) -> None:
    address = reverse(name, args=(analyst_user.pk,) if with_pk else ())
    assert analyst_client.post(address, data).status_code == 403
    assert outsider_client.post(address, data).status_code == 403
    assert anonymous_client.post(address, data).status_code == 302
    analyst = User.objects.get(pk=analyst_user.pk)
    assert analyst.is_active and role_of(analyst) == "analyst"
    assert analyst.check_password(PASSWORD)
    assert not User.objects.filter(username="m.muster").exists()
    assert not AuditEntry.objects.filter(action__startswith="user.").exists()


def test_only_admins_see_the_account_pages(
    analyst_client: Client,
    outsider_client: Client,
    anonymous_client: Client,
    admin_client: Client,
    analyst_user: User,
) -> None:
    for address in (
        reverse("web:account_new"),
        reverse("web:account_edit", args=(analyst_user.pk,)),
    ):
        assert analyst_client.get(address).status_code == 403
        assert outsider_client.get(address).status_code == 403
        assert anonymous_client.get(address)["Location"].startswith(reverse("web:login"))
        assert admin_client.get(address).status_code == 200
