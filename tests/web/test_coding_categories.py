"""Merging and splitting a coded question's categories, and the coding list across waves
(synthetic mini survey): the codebook file, the stored codings, the audit log, the refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.reporting.coded_texts import ORGANISATIONS, Q2024_CODED, R2024_CODED
from umfrage.governance.models import AuditEntry
from umfrage.questionnaire import editing
from umfrage.store.models import Response, ResponseHistory, Survey, TextCoding, Wave

CODEBOOK = """\
      - id: hindernisse
        type: text
        text: Was erschwert die digitale Umsetzung?
        categories:
          - {code: zeit, label: Fehlende Zeit}
          - {code: technik, label: Technische Ausstattung}
          - {code: sonstiges, label: Sonstiges}
"""


@pytest.fixture
def coded(load_mini: Callable[..., Survey]) -> Survey:
    return load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )


def url(name: str = "coding", wave: str = "2024", query: str = "") -> str:
    return reverse(f"web:{name}", args=("mini", wave, "hindernisse")) + query


def codes_of(org: str, wave: str = "2024") -> list[str]:
    answers = Response.objects.get(wave__key=wave, organisation__key=org).answers
    return list(answers.get("hindernisse.codes") or [])


def categories_of(wave: str = "2024") -> list[tuple[str, str]]:
    question = Wave.objects.get(key=wave).questionnaire().question("hindernisse")
    return [(c.code, str(c.label)) for c in question.categories]


# --- merging -------------------------------------------------------------------------------------


def test_editing_merges_descriptions_and_keywords_and_keeps_the_rest_of_the_file() -> None:
    text = Q2024_CODED.replace(
        "{code: zeit, label: Fehlende Zeit}",
        "{code: zeit, label: Fehlende Zeit, description: Keine Stunden., keywords: [Zeit]}",
    ).replace(
        "{code: sonstiges, label: Sonstiges}",
        "{code: sonstiges, label: Sonstiges, description: Alles andere., keywords: [zeit, Amt]}",
    )
    document = editing.load(text, "q.yaml")
    categories = editing.codebook(document, "hindernisse")
    assert categories is not None
    code = editing.merge_categories(categories, ["sonstiges", "zeit"], label="Zeit und anderes")
    assert code == "zeit_und_anderes"
    out = editing.dump(document)
    assert (
        "- {code: zeit_und_anderes, label: Zeit und anderes, description: Keine Stunden. "
        "Alles andere., keywords: [Zeit, Amt]}" in out
    )
    assert out.index("zeit_und_anderes") < out.index("technik")
    # Everything else is byte for byte what it was.
    assert out.split("      - id: hindernisse")[0] == text.split("      - id: hindernisse")[0]
    with pytest.raises(ValueError, match="mindestens zwei"):
        editing.merge_categories(categories, ["technik"], keep="technik")


def test_merging_asks_for_confirmation_with_the_number_of_texts_that_move(
    coded: Survey, admin_client: Client
) -> None:
    form = admin_client.get(url("coding-merge")).content.decode()
    assert 'name="kategorien" value="zeit"' in form and 'id="z-neu"' in form
    posted = {"kategorien": ["zeit", "sonstiges"], "ziel": "zeit"}
    confirm = admin_client.post(url("coding-merge"), posted).content.decode()
    # Only H-2 has "sonstiges" among the codes that count; nothing is stored yet.
    assert "<strong>1 Texte</strong> werden verschoben" in confirm
    assert codes_of("H-2") == ["zeit", "sonstiges"]
    assert categories_of()[-1] == ("sonstiges", "Sonstiges")


def test_a_merge_moves_every_coding_of_both_coders_in_one_step(
    coded: Survey, admin_client: Client
) -> None:
    from tests.web.conftest import _client_for, _person

    h2 = Response.objects.get(wave__key="2024", organisation__key="H-2")
    h3 = Response.objects.get(wave__key="2024", organisation__key="H-3")
    admin_client.post(
        url(query="?zeige=alle"), {"texte": [str(h3.pk)], f"codes-{h3.pk}": ["sonstiges"]}
    )
    second = _client_for(_person("zweite", "admin"))
    second.post(
        url(query="?zweit=1&zeige=alle"),
        {"texte": [str(h2.pk)], f"codes-{h2.pk}": ["technik", "sonstiges"]},
    )
    posted = {
        "kategorien": ["technik", "sonstiges"],
        "ziel": "__neu__",
        "bezeichnung": "Technik und Sonstiges",
        "bestaetigt": "1",
    }
    reply = admin_client.post(url("coding-merge"), posted)
    assert reply.status_code == 302
    assert categories_of() == [
        ("zeit", "Fehlende Zeit"),
        ("technik_und_sonstiges", "Technik und Sonstiges"),
    ]
    # B-2 zeit;technik, H-2 zeit;sonstiges, H-3 sonstiges: all now in the new category.
    assert codes_of("B-2") == ["zeit", "technik_und_sonstiges"]
    assert codes_of("H-2") == ["zeit", "technik_und_sonstiges"]
    assert codes_of("H-3") == ["technik_und_sonstiges"]
    assert codes_of("B-1") == ["zeit"]
    last = ResponseHistory.objects.filter(response=h2).order_by("-version").first()
    assert last is not None and last.source == "codierung"
    # The second coder's own coding moved too (technik and sonstiges count once).
    assert TextCoding.objects.get(response=h2, coder="zweite").codes == ["technik_und_sonstiges"]
    assert TextCoding.objects.get(response=h3, coder="admin").codes == ["technik_und_sonstiges"]
    entry = AuditEntry.objects.get(action="codebook.merged")
    assert entry.details["texts"] == 3 and entry.details["target"] == "technik_und_sonstiges"
    assert "3 Texte verschoben" in entry.summary
    page = admin_client.get(url(query="?zeige=technik_und_sonstiges")).content.decode()
    assert "Das Rathaus verbietet es" in page and "Keine Zeit für Pflege" not in page


def test_a_merge_is_refused_for_a_published_wave_and_nothing_changes(
    coded: Survey, admin_client: Client
) -> None:
    Wave.objects.filter(key="2024").update(status=Wave.Status.PUBLISHED)
    before = Wave.objects.get(key="2024").questionnaire_text
    posted = {"kategorien": ["zeit", "technik"], "ziel": "zeit", "bestaetigt": "1"}
    reply = admin_client.post(url("coding-merge"), posted)
    assert reply.status_code == 400
    assert "Kategoriensystem ist eingefroren" in reply.content.decode()
    assert Wave.objects.get(key="2024").questionnaire_text == before
    assert codes_of("B-2") == ["zeit", "technik"]
    assert not AuditEntry.objects.filter(action="codebook.merged").exists()


def test_merge_form_errors_are_german_and_name_the_fault(
    coded: Survey, admin_client: Client
) -> None:
    one = admin_client.post(url("coding-merge"), {"kategorien": ["zeit"], "ziel": "zeit"})
    assert one.status_code == 400
    assert "mindestens zwei Kategorien" in one.content.decode()
    unnamed = admin_client.post(
        url("coding-merge"), {"kategorien": ["zeit", "technik"], "ziel": "__neu__"}
    )
    assert "Geben Sie der neuen Kategorie eine Bezeichnung." in unnamed.content.decode()
    outside = admin_client.post(
        url("coding-merge"), {"kategorien": ["zeit", "technik"], "ziel": "sonstiges"}
    )
    assert "eine der gewählten Kategorien" in outside.content.decode()


def test_a_failing_store_rolls_the_codebook_back(
    coded: Survey, admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.store.models import InvalidAnswers

    def refuse(*args: object, **kwargs: object) -> None:
        raise InvalidAnswers({"hindernisse": ["kaputt"]})

    before = Wave.objects.get(key="2024").questionnaire_text
    monkeypatch.setattr(Response, "record", refuse)
    posted = {"kategorien": ["zeit", "technik"], "ziel": "zeit", "bestaetigt": "1"}
    reply = admin_client.post(url("coding-merge"), posted)
    assert "Nicht gespeichert" in reply.content.decode()
    assert Wave.objects.get(key="2024").questionnaire_text == before


# --- splitting -----------------------------------------------------------------------------------


def test_a_split_adds_a_category_and_staff_move_chosen_texts(
    coded: Survey, admin_client: Client
) -> None:
    reply = admin_client.post(
        url("coding-split"),
        {"kategorie": "zeit", "bezeichnung": "Zu wenig Personal", "beschreibung": "Stellen."},
    )
    assert reply.status_code == 302
    assert reply["Location"].endswith("?von=zeit&nach=zu_wenig_personal")
    assert categories_of()[1] == ("zu_wenig_personal", "Zu wenig Personal")
    assert AuditEntry.objects.get(action="codebook.split").details["new_category"] == (
        "zu_wenig_personal"
    )
    listing = admin_client.get(reply["Location"]).content.decode()
    # Five texts carry "zeit"; none moved by itself.
    assert "5 Texte haben die Kategorie „Fehlende Zeit“" in listing
    assert "in neue Kategorie „Zu wenig Personal“ verschieben" in listing
    h1 = Response.objects.get(wave__key="2024", organisation__key="H-1")
    h2 = Response.objects.get(wave__key="2024", organisation__key="H-2")
    admin_client.post(reply["Location"], {"verschieben": [str(h1.pk), str(h2.pk)]})
    assert codes_of("H-1") == ["zu_wenig_personal"]
    assert codes_of("H-2") == ["zu_wenig_personal", "sonstiges"]
    assert codes_of("B-1") == ["zeit"]
    entry = AuditEntry.objects.get(action="codebook.moved")
    assert sorted(entry.details["responses"]) == sorted([h1.pk, h2.pk])
    assert TextCoding.objects.get(response=h1, coder="admin").codes == ["zu_wenig_personal"]
    # Moving a text that no longer has the old category is refused as a whole.
    again = admin_client.post(reply["Location"], {"verschieben": [str(h1.pk)]}, follow=True)
    assert "hat die Kategorie nicht mehr" in again.content.decode()


def test_a_split_without_a_label_is_refused(coded: Survey, admin_client: Client) -> None:
    reply = admin_client.post(url("coding-split"), {"kategorie": "zeit", "bezeichnung": " "})
    assert reply.status_code == 400
    assert "Geben Sie der neuen Kategorie eine Bezeichnung." in reply.content.decode()
    assert len(categories_of()) == 3


def test_only_administrators_change_the_codebook(coded: Survey, analyst_client: Client) -> None:
    assert analyst_client.get(url("coding-merge")).status_code == 403
    assert analyst_client.post(url("coding-split"), {"kategorie": "zeit"}).status_code == 403


# --- the list across waves and by coder ------------------------------------------------------------

R2023_CODED = (
    "organisation,submitted_at,status,bundesland,social_media,hindernisse,hindernisse.codes\n"
    "B-1,2023-05-10T10:00:00+02:00,complete,BE,ja,Kein WLAN im Büro,technik\n"
    "H-1,2023-05-11T11:30:00+02:00,complete,HH,nein,Niemand hat Zeit,\n"
)


@pytest.fixture
def two_waves(load_mini: Callable[..., Survey]) -> Survey:
    from tests.minisurvey import Q2023

    return load_mini(
        overrides={
            "waves/2023/questionnaire.yaml": Q2023 + CODEBOOK,
            "waves/2023/responses.csv": R2023_CODED,
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )


def test_the_list_shows_other_waves_with_the_same_codebook(
    two_waves: Survey, admin_client: Client
) -> None:
    page = admin_client.get(url()).content.decode()
    assert '<option value="2023">nur Welle 2023 (gleiches Kategoriensystem)</option>' in page
    assert "Kein WLAN" not in page
    earlier = admin_client.get(url(query="?welle=2023&zeige=alle")).content.decode()
    assert "Kein WLAN im Büro" in earlier and "Alte Laptops" not in earlier
    assert "1 von 2 Texten sind codiert." in earlier
    both = admin_client.get(url(query="?welle=alle&zeige=offen")).content.decode()
    # Uncoded in both waves: H-1 of 2023 and H-3 of 2024, each named with its wave.
    assert "Niemand hat Zeit" in both and "Das Rathaus verbietet es" in both
    assert "· Welle 2023" in both and "· Welle 2024" in both
    by_category = admin_client.get(url(query="?welle=alle&zeige=technik")).content.decode()
    assert "Kein WLAN im Büro" in by_category and "Alte Laptops" in by_category
    # Coding a 2023 text from the 2024 page stores it in 2023's answers.
    h1 = Response.objects.get(wave__key="2023", organisation__key="H-1")
    admin_client.post(url(query="?welle=2023"), {"texte": [str(h1.pk)], f"codes-{h1.pk}": ["zeit"]})
    assert codes_of("H-1", "2023") == ["zeit"]
    assert AuditEntry.objects.get(action="texts.coded").wave == "2023"


def test_a_wave_with_another_codebook_is_not_offered(
    load_mini: Callable[..., Survey], admin_client: Client
) -> None:
    from tests.minisurvey import Q2023

    load_mini(
        overrides={
            "waves/2023/questionnaire.yaml": Q2023 + CODEBOOK.replace("technik", "geraete"),
            "waves/2023/responses.csv": R2023_CODED.replace("technik", "geraete"),
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    page = admin_client.get(url(query="?welle=2023&zeige=alle")).content.decode()
    assert 'id="welle"' not in page and "Kein WLAN" not in page


def test_the_list_says_who_coded_and_filters_by_coder(coded: Survey, admin_client: Client) -> None:
    from tests.web.conftest import _client_for, _person

    h3 = Response.objects.get(wave__key="2024", organisation__key="H-3")
    b1 = Response.objects.get(wave__key="2024", organisation__key="B-1")
    admin_client.post(
        url(query="?zeige=alle"), {"texte": [str(h3.pk)], f"codes-{h3.pk}": ["sonstiges"]}
    )
    other = _client_for(_person("zweite", "admin"))
    other.post(url(query="?zeige=alle"), {"texte": [str(b1.pk)], f"codes-{b1.pk}": ["zeit"]})
    page = admin_client.get(url(query="?zeige=alle&codiert_von=zweite")).content.decode()
    assert "Keine Zeit für Pflege der Kanäle" in page and "Das Rathaus" not in page
    assert "Codiert von: zweite" in page
    assert "1 Texte passen zur Auswahl." in page


def test_an_open_wave_keeps_its_codebook(coded: Survey, admin_client: Client) -> None:
    Wave.objects.filter(key="2024").update(status=Wave.Status.OPEN)
    page = admin_client.get(url("coding-split")).content.decode()
    assert "Die Welle ist noch offen" in page and "disabled" in page
    reply = admin_client.post(url("coding-split"), {"kategorie": "zeit", "bezeichnung": "Neu"})
    assert reply.status_code == 400 and len(categories_of()) == 3


def test_a_merge_that_breaks_a_later_waves_recode_is_refused(
    load_mini: Callable[..., Survey], admin_client: Client
) -> None:
    from tests.minisurvey import Q2023

    recoded = Q2024_CODED.replace(
        "        categories:\n",
        '        compare:\n          - {wave: "2023", recode: {technik: technik}}\n'
        "        categories:\n",
    )
    load_mini(
        overrides={
            "waves/2023/questionnaire.yaml": Q2023 + CODEBOOK,
            "waves/2023/responses.csv": R2023_CODED,
            "waves/2024/questionnaire.yaml": recoded,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    Wave.objects.filter(key="2023").update(status=Wave.Status.CLOSED)
    before = Wave.objects.get(key="2023").questionnaire_text
    posted = {"kategorien": ["technik", "sonstiges"], "ziel": "sonstiges", "bestaetigt": "1"}
    reply = admin_client.post(url("coding-merge", "2023"), posted)
    page = reply.content.decode()
    assert reply.status_code == 400
    assert "Die Welle „2024“ vergleicht mit dieser Welle" in page
    assert Wave.objects.get(key="2023").questionnaire_text == before
    assert codes_of("B-1", "2023") == ["technik"]
