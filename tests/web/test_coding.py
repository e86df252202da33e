"""Coding free texts in the admin: list, filter, save with history and audit, roles, errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.reporting.coded_texts import ORGANISATIONS, Q2024_CODED, R2024_CODED
from umfrage.governance.models import AuditEntry
from umfrage.store.models import Response, ResponseHistory, Survey, TextCoding


@pytest.fixture
def coded(load_mini: Callable[..., Survey]) -> Survey:
    return load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )


def url(query: str = "") -> str:
    return reverse("web:coding", args=("mini", "2024", "hindernisse")) + query


def response_of(org: str) -> Response:
    return Response.objects.get(wave__key="2024", organisation__key=org)


def test_the_page_lists_the_uncoded_texts_with_a_checkbox_per_category(
    coded: Survey, admin_client: Client
) -> None:
    page = admin_client.get(url()).content.decode()
    assert "5 von 6 Texten sind codiert." in page
    # Only H-3's text is not coded yet.
    assert "Das Rathaus verbietet es" in page and "Alte Laptops" not in page
    pk = response_of("H-3").pk
    for code in ("zeit", "technik", "sonstiges"):
        assert f'id="c-{pk}-{code}" name="codes-{pk}" value="{code}"' in page
    everything = admin_client.get(url("?zeige=alle")).content.decode()
    assert "Alte Laptops" in everything and "6 Texte passen" in everything
    technik = admin_client.get(url("?zeige=technik")).content.decode()
    assert "Alte Laptops" in technik and "Die Stunden reichen nicht" not in technik


def test_saving_stores_the_codes_in_the_answers_with_history_and_audit(
    coded: Survey, admin_client: Client, admin_user: object
) -> None:
    h3, b2 = response_of("H-3"), response_of("B-2")
    posted = {
        "texte": [str(h3.pk), str(b2.pk)],
        f"codes-{h3.pk}": ["sonstiges", "technik"],
        f"codes-{b2.pk}": ["technik", "zeit"],  # unchanged: not stored again
    }
    reply = admin_client.post(url("?zeige=alle"), posted)
    assert reply.status_code == 302
    h3.refresh_from_db()
    assert h3.answers["hindernisse.codes"] == ["technik", "sonstiges"]
    assert h3.answers["hindernisse"] == "Das Rathaus verbietet es"
    last = ResponseHistory.objects.filter(response=h3).order_by("-version").first()
    assert last is not None and last.source == "codierung" and last.changed_by == "admin"
    assert not ResponseHistory.objects.filter(response=b2, source="codierung").exists()
    entry = AuditEntry.objects.get(action="texts.coded")
    assert entry.summary == "1 Texte der Frage hindernisse codiert." and entry.wave == "2024"
    # Unticking every category makes the text uncoded again.
    admin_client.post(url(), {"texte": [str(h3.pk)]})
    h3.refresh_from_db()
    assert "hindernisse.codes" not in h3.answers


def test_an_unknown_category_stores_nothing_and_says_why(
    coded: Survey, admin_client: Client
) -> None:
    h3, b1 = response_of("H-3"), response_of("B-1")
    posted = {
        "texte": [str(b1.pk), str(h3.pk)],
        f"codes-{b1.pk}": ["technik"],
        f"codes-{h3.pk}": ["urlaub"],
    }
    page = admin_client.post(url(), posted, follow=True).content.decode()
    assert "„urlaub“ ist keine Kategorie dieser Frage." in page
    b1.refresh_from_db()
    assert b1.answers["hindernisse.codes"] == ["zeit"]


def test_only_administrators_code_and_only_coded_questions_have_a_page(
    coded: Survey, admin_client: Client, analyst_client: Client
) -> None:
    assert analyst_client.get(url()).status_code == 403
    other = reverse("web:coding", args=("mini", "2024", "bundesland"))
    assert admin_client.get(other).status_code == 404
    missing = reverse("web:coding", args=("mini", "2024", "gibtsnicht"))
    assert admin_client.get(missing).status_code == 404


def test_the_wave_page_links_each_coded_question(coded: Survey, admin_client: Client) -> None:
    page = admin_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert f'href="{url()}"' in page and "Freitexte codieren" in page


def test_a_second_coder_codes_blind_and_the_page_shows_kappa_per_category(
    coded: Survey, admin_client: Client
) -> None:
    from tests.web.conftest import _client_for, _person

    rows = {org: response_of(org) for org in ("B-1", "B-2", "H-1", "H-2", "B-3", "H-3")}
    # The first coder confirms the imported codes (they then count as hers) and codes H-3.
    first = {"texte": [str(r.pk) for r in rows.values()]}
    for r in rows.values():
        first[f"codes-{r.pk}"] = list(r.answers.get("hindernisse.codes") or ["sonstiges"])
    admin_client.post(url("?zeige=alle"), first)
    assert TextCoding.objects.filter(second=False, coder="admin").count() == 6
    second = _client_for(_person("zweite", "admin"))
    blind = second.get(url("?zweit=1&zeige=alle")).content.decode()
    # Nothing is ticked for the second coder: the first coding stays hidden.
    assert " checked" not in blind and "Zweitcodierung:" in blind
    second_codes = {
        "B-1": ["zeit"],
        "B-2": ["zeit"],  # first: zeit;technik
        "H-1": ["zeit"],
        "H-2": ["zeit", "sonstiges"],
        "B-3": ["technik"],  # first: zeit
        "H-3": ["sonstiges"],
    }
    posted = {"texte": [str(r.pk) for r in rows.values()]}
    for org, r in rows.items():
        posted[f"codes-{r.pk}"] = second_codes[org]
    second.post(url("?zweit=1&zeige=alle"), posted)
    # The second coding never changes the codes that count.
    assert response_of("B-2").answers["hindernisse.codes"] == ["zeit", "technik"]
    assert response_of("B-3").answers["hindernisse.codes"] == ["zeit"]
    page = admin_client.get(url("?zeige=alle")).content.decode()
    assert "über 6 Texte, die zwei verschiedene Personen codiert haben" in page
    # zeit: first 5 of 6, second 4 of 6, agreeing on 5 texts: kappa 0.57.
    assert '<th scope="row">Fehlende Zeit</th><td>83\xa0%</td><td>0,57</td>' in page
    assert "eigenem Cohens Kappa" in page


def test_suggestions_are_shown_but_never_ticked(
    load_mini: Callable[..., Survey], admin_client: Client
) -> None:
    with_keywords = Q2024_CODED.replace(
        "{code: zeit, label: Fehlende Zeit}", "{code: zeit, label: Fehlende Zeit, keywords: [Zeit]}"
    ).replace(
        "{code: sonstiges, label: Sonstiges}",
        "{code: sonstiges, label: Sonstiges, keywords: [Rathaus]}",
    )
    load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": with_keywords,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    page = admin_client.get(url()).content.decode()
    assert "Vorschlag nach Stichwörtern (bitte prüfen, nichts ist vorausgewählt): Sonstiges" in page
    # Only H-3 is uncoded; the suggestion ticks nothing.
    assert " checked" not in page.split('name="texte"')[1]
    grouped = admin_client.get(url("?zeige=alle&ordnen=gruppen")).content.decode()
    assert "· Gruppe 1, typisch" in grouped
    assert grouped.count('name="texte"') == 6
