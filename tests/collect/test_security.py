"""Security of the respondent's pages: headers, CSRF, escaping, cookies."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from django.test import Client

from tests.collect.helpers import Respondent, invite, shown_of
from tests.collect.survey import COMPLETE_PAGES
from umfrage.store.models import Wave


def pages_of_every_kind(person: Respondent) -> list[object]:
    person.post_page("A", COMPLETE_PAGES["A"])
    person.post_page("B", COMPLETE_PAGES["B1"])
    return [
        person.client.get("/fragebogen/"),
        person.get_page("A"),
        person.get_page("B"),
        person.post_page("C", {"q-partner": ["nicht-da"]}),
        person.review(),
        Client().get("/t/falsch"),
    ]


def test_every_page_sends_a_strict_content_security_policy(respondent: Respondent) -> None:
    from django.conf import settings

    CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY
    for page in pages_of_every_kind(respondent):
        assert page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY  # type: ignore[index]
        assert page["Referrer-Policy"] in ("same-origin", "no-referrer")  # type: ignore[index]
        assert page["Cache-Control"] == "no-store"  # type: ignore[index]
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_no_page_has_inline_scripts_or_styles(respondent: Respondent) -> None:
    for page in pages_of_every_kind(respondent):
        body = page.content.decode()  # type: ignore[attr-defined]
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
        assert " style=" not in body and "<style" not in body
        assert re.search(r"\son[a-z]+=", body) is None


def test_every_form_needs_the_csrf_token(wave: Wave) -> None:
    _, token = invite(wave)
    client = Client(enforce_csrf_checks=True)
    client.get(f"/t/{token}")
    refused = client.post("/fragebogen/seite/A/", {"version": 0, **COMPLETE_PAGES["A"]})
    assert refused.status_code == 403
    assert "Die Seite ist abgelaufen" in refused.content.decode()
    page = client.get("/fragebogen/seite/A/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert csrf is not None
    accepted = client.post(
        "/fragebogen/seite/A/",
        {
            "csrfmiddlewaretoken": csrf.group(1),
            "version": 0,
            "gezeigt": shown_of(page),
            **COMPLETE_PAGES["A"],
        },
    )
    assert accepted.status_code == 303


def test_answers_are_escaped_where_they_are_shown(respondent: Respondent) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    respondent.post_page(
        "A", {**COMPLETE_PAGES["A"], "q-koordination": "sonstiges", "q-koordination-other": attack}
    )
    for page in (respondent.review(), respondent.get_page("A")):
        body = page.content.decode()
        assert attack not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_the_session_cookie_is_secure_in_production_settings() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UMFRAGE_")}
    env["UMFRAGE_DEBUG"] = "0"
    code = (
        "import umfrage.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_REFERRER_POLICY)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True", "True", "same-origin"]


def test_the_token_is_not_kept_in_the_address_after_the_entry(respondent: Respondent) -> None:
    entry = respondent.open_link()
    assert respondent.token not in entry["Location"]
    # The only address with the token sends no referrer at all; pages never send one elsewhere.
    assert entry["Referrer-Policy"] == "no-referrer"
    assert Client().get("/t/falsch")["Referrer-Policy"] == "no-referrer"
    assert respondent.get_page("A")["Referrer-Policy"] == "same-origin"
    assert respondent.token not in respondent.get_page("A").content.decode()


def test_the_respondent_pages_run_without_the_staff_login(respondent: Respondent) -> None:
    """No session, user or flash messages on the respondent's pages, even for a browser that
    is logged in to the admin as well; the admin keeps all of them."""
    from django.contrib.auth import get_user_model
    from django.urls import URLPattern, get_resolver, reverse

    from umfrage.collect.urls import urlpatterns
    from umfrage.web.middleware import RESPONDENT_PATHS

    staff = get_user_model().objects.create_user("mitarbeiterin", password="x" * 16)
    respondent.client.force_login(staff)
    for page in pages_of_every_kind(respondent)[:-1]:
        request = page.wsgi_request  # type: ignore[attr-defined]
        assert page.status_code in (200, 400), request.path  # type: ignore[attr-defined]
        assert not hasattr(request, "session") and not hasattr(request, "user"), request.path
        assert not hasattr(request, "_messages"), request.path
        assert "sessionid" not in page.cookies  # type: ignore[attr-defined]
    admin = respondent.client.get(reverse("web:home"))
    assert admin.wsgi_request.user == staff and hasattr(admin.wsgi_request, "_messages")
    # Every respondent address lies under RESPONDENT_PATHS, and nothing else does.
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert ("/" + str(pattern.pattern)).startswith(RESPONDENT_PATHS), pattern
    others = [
        "/" + str(p.pattern)
        for p in get_resolver().url_patterns
        if getattr(p, "app_name", None) != "collect"
    ]
    assert others and not [p for p in others if p.startswith(RESPONDENT_PATHS)]


def test_the_respondent_pages_speak_the_questionnaires_language_not_the_browsers(
    respondent: Respondent,
) -> None:
    """The pages are in the questionnaire's language: an English browser is not told they are
    English (Content-Language), caches are not told they vary by Accept-Language, and a
    language a previous request of this process activated does not leak in."""
    from django.utils import translation

    respondent.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    translation.activate("en")  # as an earlier request in this process might have left it
    try:
        for page in pages_of_every_kind(respondent)[:-1]:
            if page.status_code != 200:  # type: ignore[attr-defined]
                continue
            assert page["Content-Language"] == "de"  # type: ignore[index]
            assert "Accept-Language" not in page.get("Vary", "")  # type: ignore[attr-defined]
            assert '<html lang="de" dir="ltr">' in page.content.decode()  # type: ignore[attr-defined]
        refused = Client(HTTP_ACCEPT_LANGUAGE="en").get("/t/falsch")
        assert refused["Content-Language"] == "de"
        assert '<html lang="de" dir="ltr">' in refused.content.decode()
        # Elsewhere the browser's language is still negotiated.
        statement = Client(HTTP_ACCEPT_LANGUAGE="en").get("/barrierefreiheit/")
        assert "Accept-Language" in statement["Vary"]
    finally:
        translation.deactivate()
