"""Coding the "other" (Sonstiges) texts of a choice question on the coding page, and the
analysis from the database counting a text coded into an option apart (synthetic mini survey)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.minisurvey import Q2024
from umfrage.analysis.engine import analyse
from umfrage.loaders.frames import load_wave
from umfrage.store.models import Quote, Response, Survey, Wave

Q_OTHER = Q2024.replace(
    "{code: sonstige, label: Sonstige, other: true}]",
    """{code: sonstige, label: Sonstige, other: true, categories: [
            {code: insta, label: Instagram, option: insta},
            {code: threads, label: Threads und Bluesky, keywords: [Threads]}]}]""",
)
ROWS = """\
organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,kanaele.other.codes,partner
B-1,2024-05-10T10:00:00+02:00,complete,BE,ja,0,1,Eine Instagram-Seite,,12
B-2,2024-05-12T09:15:00+02:00,complete,BE,ja,1,1,Threads,,3
H-2,2024-05-13T08:00:00+02:00,complete,HH,ja,1,0,,,5
"""


@pytest.fixture
def other(load_mini: Callable[..., Survey]) -> Survey:
    return load_mini(
        overrides={"waves/2024/questionnaire.yaml": Q_OTHER, "waves/2024/responses.csv": ROWS}
    )


def url(name: str = "coding") -> str:
    return reverse(f"web:{name}", args=("mini", "2024", "kanaele"))


def response_of(org: str) -> Response:
    return Response.objects.get(wave__key="2024", organisation__key=org)


def test_the_wave_page_and_the_coding_page_offer_the_other_texts(
    other: Survey, admin_client: Client
) -> None:
    wave_page = admin_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert f'href="{url()}"' in wave_page
    page = admin_client.get(url()).content.decode()
    assert "Codiert werden die Freitexte zur Antwort „Sonstige“" in page
    assert "Eine Instagram-Seite" in page and "Threads" in page
    b2 = response_of("B-2").pk
    assert f'id="c-{b2}-threads" name="codes-{b2}" value="threads"' in page
    assert "Vorschlag nach Stichwörtern (bitte prüfen, nichts ist vorausgewählt): Threads" in page


def test_coded_other_texts_are_stored_and_counted_apart_next_to_the_option(
    other: Survey, admin_client: Client
) -> None:
    b1, b2 = response_of("B-1"), response_of("B-2")
    admin_client.post(
        url(),
        {
            "texte": [str(b1.pk), str(b2.pk)],
            f"codes-{b1.pk}": ["insta"],
            f"codes-{b2.pk}": ["threads"],
        },
    )
    b1.refresh_from_db()
    assert b1.answers["kanaele.other.codes"] == ["insta"]
    assert b1.answers["kanaele"] == ["sonstige"]  # the respondent's own answer stays
    result = analyse(load_wave(Wave.objects.get(key="2024"))).question("kanaele")
    insta = next(o for o in result.options if o.code == "insta")
    # Base 3; Instagram ticked by B-2 and H-2 (2 of 3); B-1's text adds 1 (1 of 3), apart.
    assert (insta.count, insta.share) == (2, pytest.approx(2 / 3))
    assert [(o.code, o.count) for o in result.from_other] == [("insta", 1)]
    assert result.from_other[0].share == pytest.approx(1 / 3)


def test_merging_categories_of_the_other_codebook(other: Survey, admin_client: Client) -> None:
    b1 = response_of("B-1")
    admin_client.post(url(), {"texte": [str(b1.pk)], f"codes-{b1.pk}": ["threads"]})
    posted = {
        "kategorien": ["insta", "threads"],
        "ziel": "insta",
        "bezeichnung": "Instagram und Threads",
        "bestaetigt": "1",
    }
    assert admin_client.post(url("coding-merge"), posted).status_code == 302
    question = Wave.objects.get(key="2024").questionnaire().question("kanaele")
    assert [(c.code, str(c.label), c.option) for c in question.codebook()] == [
        ("insta", "Instagram und Threads", "insta")
    ]
    assert response_of("B-1").answers["kanaele.other.codes"] == ["insta"]


def test_the_other_texts_offer_no_quotes(other: Survey, admin_client: Client) -> None:
    """The reports print quotes under a text question's categories only: the coding page of
    "other" texts has no quotes part, and a posted choice stores nothing."""
    assert "Zitate für den Bericht" not in admin_client.get(url()).content.decode()
    b2 = response_of("B-2")
    b2.answers["kanaele.other.codes"] = ["threads"]
    b2.save()
    page = admin_client.post(
        url("coding_quote"), {"aktion": "waehlen", "zitat": f"{b2.pk}:threads"}, follow=True
    ).content.decode()
    assert "druckt der Bericht keine Zitate" in page
    assert not Quote.objects.exists()
