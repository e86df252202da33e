"""Admin forms like the respondent forms (issue 20, item 7): the server checks, in German.

A form without ``novalidate`` lets the browser check ``required``, e-mail and URL fields first,
with its own bubble in the browser's language ("Please fill out this field.") and no summary.
"""

from __future__ import annotations

import re
from datetime import date

from django.test import Client
from django.urls import reverse

from umfrage.store.models import Survey, Wave

PAGES = [
    ("web:account", ()),
    ("web:password", ()),
    ("web:accounts", ()),
    ("web:account_new", ()),
    ("web:audit", ()),
    ("web:survey_settings", ("mini",)),
    ("web:open_data", ("mini",)),
    ("web:wave_new", ("mini",)),
    ("web:register", ("mini",)),
    ("web:organisation", ("mini", "B-1")),
    ("web:import", ("mini",)),
    ("web:wave", ("mini", "2024")),
    ("web:questionnaire_edit", ("mini", "2024")),
    ("web:privacy_notice", ("mini", "2024")),
    ("web:invitations", ("mini", "2024")),
    ("web:invitation_link", ("mini", "2024", "B-1")),
    ("web:results", ("mini", "2024")),
]


def test_every_staff_form_leaves_checking_to_the_server(admin_client: Client, mini: Survey) -> None:
    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    for name, args in PAGES:
        response = admin_client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        for form in re.findall(r"<form\b[^>]*>", response.content.decode()):
            if 'method="post"' in form:
                assert "novalidate" in form, f"{name}: {form}"


def test_the_open_data_form_names_its_errors_in_german(admin_client: Client, mini: Survey) -> None:
    page = admin_client.post(
        reverse("web:open_data", args=("mini",)),
        {
            "enabled": "on",
            "publisher": "Servicebüro",
            "publisher_url": "keine adresse",
            "contact_email": "kein-at-zeichen",
            "licence": "dl-by-de/2.0",
        },
    ).content.decode()
    summary = page[page.index('class="errors" role="alert"') :]
    summary = summary[: summary.index("</div>")]
    assert "Bitte prüfen Sie Ihre Eingaben" in summary
    assert '<a href="#id_contact_email">' in summary
    assert "gültige E-Mail-Adresse" in summary
    assert 'tabindex="-1" autofocus' in page
