"""Quotes per category (issue 22): chosen and released on the coding page, masked in every
report, only released ones (and none of a hidden category) in the public version.

Synthetic data: the mini survey's coded question with invented texts into which names, places,
organisations, e-mail addresses and phone numbers are planted; none may reach the public report
(HTML, PDF text, published snapshot), and the internal report shows its quotes masked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.reporting.coded_texts import HEADER, Q2024_CODED
from umfrage.governance.models import AuditEntry
from umfrage.publication.models import PublishedReport
from umfrage.store.models import Quote, Response, Survey

# (organisation, Land, text, codes): five texts in "zeit" (kept in the public report, minimum
# cell 5), one each in "technik" and "sonstiges" (hidden there).
ROWS = [
    (
        "B-1",
        "BE",
        "Frau Kowalczyk aus Quedlinburg hat keine Zeit, schreibt quak@example.org",
        "zeit",
    ),
    (
        "B-2",
        "BE",
        "Beim Familienzentrum Sonnenstrahl fehlt Zeit, Telefon 0341 987654",
        "zeit;technik",
    ),
    ("H-1", "HH", "Petra Lindqvist aus Wittenberge sagt, die Stunden reichen nicht", "zeit"),
    ("H-2", "HH", "Zu wenig Zeit, ruft +49 30 1234567 an", "zeit;sonstiges"),
    ("B-3", "BE", "Keine Zeit, sagt Herr Brandtner aus Zwönitz", "zeit"),
    ("H-3", "HH", "Das Rathaus verbietet es", ""),
    ("B-4", "BE", "", ""),
    ("H-4", "HH", "", ""),
]
RESPONSES = HEADER + "".join(
    f"{org},2024-05-1{i}T10:00:00+02:00,complete,{land},nein,,,,{i + 2},"
    + (f'"{text}"' if "," in text else text)
    + f",{codes}\n"
    for i, (org, land, text, codes) in enumerate(ROWS)
)
REGISTER = "id,name,bundesland,municipality,contact_name\n" + "".join(
    f"{org},Bündnis {org},{land},{place},{person}\n"
    for (org, land, _, _), place, person in zip(
        ROWS,
        ("Quedlinburg", "Wittenberge", "Zwönitz", "", "", "", "", ""),
        ("Petra Lindqvist", "", "", "", "", "", "", ""),
        strict=True,
    )
).replace("Bündnis H-3", "Familienzentrum Sonnenstrahl")
PLANTED = (
    "Kowalczyk",
    "Quedlinburg",
    "quak@example.org",
    "Familienzentrum Sonnenstrahl",
    "0341 987654",
    "Lindqvist",
    "Wittenberge",
    "1234567",
    "Brandtner",
    "Zwönitz",
)
MASKED = {
    "B-1": "[Name] aus [Ort] hat keine Zeit, schreibt [E-Mail]",
    "B-2": "Beim [Organisation] fehlt Zeit, Telefon [Telefon]",
    "H-1": "[Name] aus [Ort] sagt, die Stunden reichen nicht",
    "H-2": "Zu wenig Zeit, ruft [Telefon] an",
    "B-3": "Keine Zeit, sagt [Name] aus [Ort]",
}


@pytest.fixture
def coded(load_mini: Callable[..., Survey], empty_cache: None) -> Survey:
    return load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": RESPONSES,
            "organisations.csv": REGISTER,
        }
    )


def response_of(org: str) -> Response:
    return Response.objects.get(wave__key="2024", organisation__key=org)


def coding_url(query: str = "") -> str:
    return reverse("web:coding", args=("mini", "2024", "hindernisse")) + query


def act(client: Client, action: str, value: str) -> str:
    reply = client.post(
        reverse("web:coding_quote", args=("mini", "2024", "hindernisse")),
        {"aktion": action, "zitat": value, "zurueck": coding_url("?zeige=alle")},
        follow=True,
    )
    assert reply.status_code == 200
    return reply.content.decode()


def choose(client: Client, org: str, code: str) -> Quote:
    act(client, "waehlen", f"{response_of(org).pk}:{code}")
    return Quote.objects.get(response=response_of(org), question="hindernisse")


def quotes_part(html: str) -> str:
    """The report's quotes sections (the internal report also lists all texts unmasked)."""
    return "".join(re.findall(r'<section class="quotes".*?</section>', html, re.S))


def download(client: Client, name: str) -> bytes:
    reply = client.get(reverse("web:results_download", args=("mini", "2024", name)))
    assert reply.status_code == 200
    return reply.content


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_staff_choose_release_and_withdraw_quotes_with_audit(
    coded: Survey, admin_client: Client
) -> None:
    page = admin_client.get(coding_url("?zeige=alle")).content.decode()
    assert "Noch keine Zitate gewählt." in page
    b1 = response_of("B-1").pk
    assert f'<option value="{b1}:zeit">' in page and f'value="{b1}:technik"' not in page
    quote = choose(admin_client, "B-1", "zeit")
    assert quote.category == "zeit" and not quote.released and quote.chosen_by == "admin"
    page = admin_client.get(coding_url("?zeige=alle")).content.decode()
    # The masked text exactly as printed, and the text no longer offered.
    assert MASKED["B-1"] in page and f'<option value="{b1}:zeit">' not in page
    page = act(admin_client, "freigeben", str(quote.pk))
    assert "für die öffentliche Fassung des Berichts freigegeben" in page
    quote.refresh_from_db()
    assert quote.released and quote.released_by == "admin"
    act(admin_client, "sperren", str(quote.pk))
    quote.refresh_from_db()
    assert not quote.released
    act(admin_client, "zuruecknehmen", str(quote.pk))
    assert not Quote.objects.exists()
    actions = AuditEntry.objects.filter(action__startswith="quote.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "quote.chosen",
        "quote.released",
        "quote.unreleased",
        "quote.withdrawn",
    ]
    entry = AuditEntry.objects.get(action="quote.chosen")
    assert entry.wave == "2024" and entry.survey == "mini"
    assert entry.details["question"] == "hindernisse" and entry.details["category"] == "zeit"


def test_bad_choices_store_nothing_and_say_why(coded: Survey, admin_client: Client) -> None:
    b1, h3 = response_of("B-1").pk, response_of("H-3").pk
    assert "hat die Kategorie „technik“ nicht" in act(admin_client, "waehlen", f"{b1}:technik")
    assert "keine Kategorie dieser Frage" in act(admin_client, "waehlen", f"{b1}:gibtsnicht")
    assert "hat die Kategorie „zeit“ nicht" in act(admin_client, "waehlen", f"{h3}:zeit")
    assert "Bitte wählen Sie" in act(admin_client, "waehlen", "kaputt")
    assert "gibt es nicht mehr" in act(admin_client, "freigeben", "999999")
    assert "Unbekannte Aktion" in act(admin_client, "loeschen", "1")
    assert not Quote.objects.exists()
    choose(admin_client, "B-1", "zeit")
    assert "schon als Zitat gewählt" in act(admin_client, "waehlen", f"{b1}:zeit")
    assert Quote.objects.count() == 1


def test_analysts_may_not_choose_quotes(coded: Survey, analyst_client: Client) -> None:
    reply = analyst_client.post(
        reverse("web:coding_quote", args=("mini", "2024", "hindernisse")),
        {"aktion": "waehlen", "zitat": f"{response_of('B-1').pk}:zeit"},
    )
    assert reply.status_code == 403 and not Quote.objects.exists()


def test_the_internal_report_shows_the_chosen_quotes_masked(
    coded: Survey, admin_client: Client
) -> None:
    for org in ("B-1", "B-2", "H-1"):
        choose(admin_client, org, "zeit")
    html = download(admin_client, "bericht-intern.html").decode()
    quotes = quotes_part(html)
    assert "Kategorie „Fehlende Zeit“: 3 Zitate" in quotes
    for org in ("B-1", "B-2", "H-1"):
        assert f"<q>{MASKED[org]}</q>" in quotes
    assert 'aria-label="Zitat 1 zur Kategorie „Fehlende Zeit“"' in quotes
    for secret in PLANTED:
        assert secret not in quotes, secret
    # At most QUOTE_LIMIT (3) per category: a fourth chosen quote is not printed.
    choose(admin_client, "B-3", "zeit")
    quotes = quotes_part(download(admin_client, "bericht-intern.html").decode())
    assert MASKED["B-3"] not in quotes and quotes.count("<blockquote") == 3
    if shutil.which("pdftotext"):
        text = pdf_text(download(admin_client, "bericht-intern.pdf"))
        assert "Zitate zu den Kategorien" in text and "[Organisation]" in text


def test_the_public_report_shows_released_quotes_of_shown_categories_only(
    coded: Survey, admin_client: Client, anonymous_client: Client
) -> None:
    released = choose(admin_client, "B-1", "zeit")
    act(admin_client, "freigeben", str(released.pk))
    choose(admin_client, "H-1", "zeit")  # chosen, never released
    hidden = choose(admin_client, "B-2", "technik")  # released, but "technik" is hidden
    act(admin_client, "freigeben", str(hidden.pk))
    released_too = choose(admin_client, "B-3", "zeit")
    act(admin_client, "freigeben", str(released_too.pk))
    internal = quotes_part(download(admin_client, "bericht-intern.html").decode())
    assert MASKED["H-1"] in internal and MASKED["B-2"] in internal

    def check(html: str, where: str) -> None:
        assert MASKED["B-1"] in html and MASKED["B-3"] in html, where
        assert MASKED["H-1"] not in html, where  # not released
        assert MASKED["B-2"] not in html and "fehlt Zeit" not in html, where  # hidden category
        for secret in PLANTED:
            assert secret not in html, (where, secret)

    public = download(admin_client, "bericht-oeffentlich.html").decode()
    check(public, "öffentlicher Bericht")
    assert "Außer den freigegebenen Zitaten" in public
    if shutil.which("pdftotext"):
        text = re.sub(r"\s+", " ", pdf_text(download(admin_client, "bericht-oeffentlich.pdf")))
        check(text, "öffentliches PDF")
    reply = admin_client.post(
        reverse("web:wave_status", args=("mini", "2024")), {"target": "published", "confirm": "1"}
    )
    assert reply.status_code == 302
    snapshot = PublishedReport.objects.get(wave__survey=coded, wave__key="2024")
    for field in ("html", "page_html", "data_csv"):
        content = getattr(snapshot, field)
        for secret in PLANTED:
            assert secret not in content, (field, secret)
    if shutil.which("pdftotext"):
        check(re.sub(r"\s+", " ", pdf_text(bytes(snapshot.pdf))), "gespeichertes PDF")
    check(snapshot.html, "Schnappschuss")
    page = anonymous_client.get("/ergebnisse/mini/2024/")
    assert page.status_code == 200
    check(page.content.decode(), "öffentliche Seite")
    if shutil.which("pdftotext"):
        pdf = anonymous_client.get("/ergebnisse/mini/2024/bericht.pdf")
        check(re.sub(r"\s+", " ", pdf_text(pdf.content)), "veröffentlichtes PDF")


def test_a_quote_whose_text_lost_its_category_is_not_printed(
    coded: Survey, admin_client: Client
) -> None:
    quote = choose(admin_client, "B-2", "technik")
    act(admin_client, "freigeben", str(quote.pk))
    b2 = response_of("B-2")
    admin_client.post(coding_url("?zeige=alle"), {"texte": [str(b2.pk)], f"codes-{b2.pk}": "zeit"})
    assert response_of("B-2").answers["hindernisse.codes"] == ["zeit"]
    assert MASKED["B-2"] not in quotes_part(download(admin_client, "bericht-intern.html").decode())
    page = admin_client.get(coding_url("?zeige=alle")).content.decode()
    assert "hat diese Kategorie nicht mehr" in page


def test_releasing_a_quote_renews_the_cached_reports(coded: Survey, admin_client: Client) -> None:
    quote = choose(admin_client, "B-1", "zeit")
    assert MASKED["B-1"] not in download(admin_client, "bericht-oeffentlich.html").decode()
    act(admin_client, "freigeben", str(quote.pk))
    assert MASKED["B-1"] in download(admin_client, "bericht-oeffentlich.html").decode()
    act(admin_client, "zuruecknehmen", str(quote.pk))
    assert MASKED["B-1"] not in download(admin_client, "bericht-intern.html").decode()
