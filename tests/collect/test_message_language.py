"""The respondent's message pages speak the respondent's language (issue 21): a link that does not
work, a wave not open yet or closed, an expired session, a questionnaire that cannot be shown,
the opt-out page and the page after submitting. The language comes from the switch's cookie,
the answers given so far or the register; German when nothing is known."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.collect.helpers import Respondent, invite, text_of
from tests.collect.multilingual import QUESTIONNAIRE
from umfrage.collect.views import LANGUAGE_COOKIE, QUESTIONNAIRE_MESSAGES, in_respondent_language
from umfrage.store.models import Invitation, Response, Wave

ENGLISH = ('<html lang="en" dir="ltr">', "en")
ARABIC = ('<html lang="ar" dir="rtl">', "ar")
GERMAN = ('<html lang="de" dir="ltr">', "de")


@pytest.fixture
def questionnaire_file(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures" / "testumfrage" / "waves" / "2030"
    folder.mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return folder / "questionnaire.yaml"


def _in(page: object, expected: tuple[str, str], *texts: str) -> None:
    body = page.content.decode()  # type: ignore[attr-defined]
    assert expected[0] in body, body[:200]
    assert page["Content-Language"] == expected[1]  # type: ignore[index]
    for text in texts:
        assert text in body, text


def _registered(wave: Wave, language: str, key: str = "B-1") -> tuple[Invitation, str]:
    invitation, token = invite(wave, key)
    invitation.organisation.language = language
    invitation.organisation.save()
    return invitation, token


def _close(wave: Wave) -> None:
    wave.closes = timezone.localdate() - timedelta(days=1)
    wave.save()


def _not_yet(wave: Wave) -> None:
    wave.opens = timezone.localdate() + timedelta(days=3)
    wave.save()


def test_an_invalid_link_is_german_when_nothing_is_known(db: None) -> None:
    _in(Client().get("/t/keiner-kennt-diesen-link"), GERMAN, "Dieser Link funktioniert nicht")


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [("en", ENGLISH, "This link does not work"), ("ar", ARABIC, "هذا الرابط لا يعمل")],
)
def test_an_invalid_link_speaks_the_language_chosen_in_this_browser(
    db: None, code: str, expected: tuple[str, str], title: str
) -> None:
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = f"17:{code}"
    page = client.get("/t/keiner-kennt-diesen-link")
    assert page.status_code == 404
    _in(page, expected, title)


def test_a_cookie_with_an_unknown_language_leaves_the_page_german(db: None) -> None:
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = "17:xx"
    _in(client.get("/t/keiner-kennt-diesen-link"), GERMAN, "Dieser Link funktioniert nicht")


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [("en", ENGLISH, "The survey has ended"), ("ar", ARABIC, "انتهى الاستبيان")],
)
def test_a_closed_wave_speaks_the_register_language(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    _close(wave)
    _invitation, token = _registered(wave, code)
    page = Client().get(f"/t/{token}")
    assert page.status_code == 403
    _in(page, expected, title)


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [("en", ENGLISH, "The survey has not started yet"), ("ar", ARABIC, "لم يبدأ الاستبيان بعد")],
)
def test_a_wave_not_open_yet_speaks_the_register_language(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    _not_yet(wave)
    _invitation, token = _registered(wave, code)
    page = Client().get(f"/t/{token}")
    assert page.status_code == 403
    _in(page, expected, title)


def test_a_closed_wave_without_a_known_language_stays_german(wave: Wave) -> None:
    _close(wave)
    _invitation, token = invite(wave)
    _in(Client().get(f"/t/{token}"), GERMAN, "Die Umfrage ist beendet")


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [("en", ENGLISH, "The survey has ended"), ("ar", ARABIC, "انتهى الاستبيان")],
)
def test_the_switch_and_the_answers_outrank_the_register(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    # The register says Turkish; the respondent answered in ``code`` (stored on the response).
    invitation, token = _registered(wave, "tr")
    Response.objects.create(wave=wave, organisation=invitation.organisation, language=code)
    _close(wave)
    _in(Client().get(f"/t/{token}"), expected, title)
    # The switch's cookie of this invitation outranks both; one of another invitation does not.
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = f"{invitation.pk}:uk"
    _in(client.get(f"/t/{token}"), ('<html lang="uk" dir="ltr">', "uk"))
    client.cookies[LANGUAGE_COOKIE] = f"{invitation.pk + 1}:uk"
    _in(client.get(f"/t/{token}"), expected, title)


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [
        ("en", ENGLISH, "Please open your personal link"),
        ("ar", ARABIC, "يُرجى فتح رابطك الشخصي"),
    ],
)
def test_an_expired_session_speaks_the_language_of_the_switch(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    invitation, token = invite(wave)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    switched = person.client.post(
        reverse("collect:language"), {"sprache": code, "zurueck_zu": reverse("collect:welcome")}
    )
    assert switched.status_code == 303
    # The session's cookie is gone (expired, or the browser dropped it); the switch's stays.
    del person.client.cookies["umfrage_einladung"]
    page = person.client.get(reverse("collect:welcome"))
    assert page.status_code == 403
    _in(page, expected, title)


def test_an_expired_session_without_a_cookie_is_german(wave: Wave) -> None:
    _in(
        Client().get(reverse("collect:welcome")), GERMAN, "Bitte öffnen Sie Ihren persönlichen Link"
    )


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [
        ("en", ENGLISH, "The questionnaire cannot be shown at the moment"),
        ("ar", ARABIC, "لا يمكن عرض الاستبيان حاليًا"),
    ],
)
def test_a_questionnaire_that_cannot_be_shown_says_so_in_the_register_language(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    _invitation, token = _registered(wave, code)
    Wave.objects.filter(pk=wave.pk).update(questionnaire_text="wave: [kaputt")
    page = Client().get(f"/t/{token}")
    assert page.status_code == 503
    _in(page, expected, title)


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [
        ("en", ENGLISH, "Unsubscribe from reminders"),
        ("ar", ARABIC, "إلغاء الاشتراك في رسائل التذكير"),
    ],
)
def test_the_opt_out_page_speaks_the_register_language(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    _invitation, token = _registered(wave, code)
    client = Client()
    _in(client.get(f"/abmelden/{token}"), expected, title, "<button")
    _in(client.post(f"/abmelden/{token}"), expected, title)


def test_the_opt_out_page_without_a_register_language_is_german(wave: Wave) -> None:
    _invitation, token = invite(wave)
    _in(Client().get(f"/abmelden/{token}"), GERMAN, "Abmelden von Erinnerungen")


@pytest.mark.parametrize(("code", "expected"), [("en", ENGLISH), ("ar", ARABIC)], ids=["en", "ar"])
def test_after_submitting_the_thanks_page_stays_in_the_language(
    wave: Wave, code: str, expected: tuple[str, str]
) -> None:
    invitation, token = _registered(wave, code)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    person.post_page("A", {"q-koordination": "kommune"})
    assert person.submit().status_code == 303
    _in(person.client.get(reverse("collect:thanks")), expected)
    # Opening the link again after submitting lands on the same page in the same language.
    again = person.client.get(f"/t/{token}", follow=True)
    _in(again, expected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "Please answer this question."), ("ar", "يُرجى الإجابة عن هذا السؤال.")],
)
def test_a_missing_required_answer_is_named_in_the_respondents_language(
    wave: Wave, code: str, expected: str
) -> None:
    invitation, token = _registered(wave, code)
    person = Respondent(Client(), token, invitation)
    person.open_link()
    text = text_of(person.post_page("A", {}))
    assert text.count(expected) >= 2  # the summary and the message at the question
    assert "Bitte beantworten Sie diese Frage." not in text


def test_the_questionnaires_messages_shown_to_respondents_are_its_own() -> None:
    # Every text the pages translate is one the questionnaire's checks still say (in German).
    import umfrage.questionnaire as package

    sources = "".join(
        path.read_text(encoding="utf-8") for path in Path(package.__file__).parent.rglob("*.py")
    )
    for german in QUESTIONNAIRE_MESSAGES:
        assert f'"{german}"' in sources, german
    with translation.override("de"):
        assert in_respondent_language(list(QUESTIONNAIRE_MESSAGES)) == list(QUESTIONNAIRE_MESSAGES)
    with translation.override("en"):
        assert in_respondent_language(["Bitte beantworten Sie jede Zeile.", "anders"]) == [
            "Please answer every row.",
            "anders",
        ]


@pytest.mark.parametrize(
    ("code", "expected", "title"),
    [("en", ENGLISH, "The page has expired"), ("ar", ARABIC, "انتهت صلاحية الصفحة")],
)
def test_the_csrf_refusal_speaks_the_respondents_language(
    wave: Wave, code: str, expected: tuple[str, str], title: str
) -> None:
    _invitation, token = _registered(wave, code)
    client = Client(enforce_csrf_checks=True)
    client.get(f"/t/{token}")
    refused = client.post(reverse("collect:page", args=["A"]), {"q-koordination": "kommune"})
    assert refused.status_code == 403
    _in(refused, expected, title)


def test_the_csrf_refusal_without_a_respondent_is_german(db: None) -> None:
    refused = Client(enforce_csrf_checks=True).post("/barriere-melden/", {"beschreibung": "x"})
    assert refused.status_code == 403
    _in(refused, GERMAN, "Die Seite ist abgelaufen")
