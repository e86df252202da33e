"""Headers and markup that hold for every page: CSP, framing, no inline script or style."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from umfrage.store.models import Survey

PAGES = [
    ("web:surveys", ()),
    ("web:survey", ("mini",)),
    ("web:wave", ("mini", "2024")),
    ("web:dashboard", ("mini", "2024")),
    ("web:questionnaire_preview", ("mini", "2024")),
    ("web:questionnaire_edit", ("mini", "2024")),
    ("web:questionnaire_builder", ("mini", "2024")),
    ("web:builder_question", ("mini", "2024", "social_media")),
    ("web:builder_translations", ("mini", "2024")),
    ("web:privacy_notice", ("mini", "2024")),
    ("web:invitations", ("mini", "2024")),
    ("web:register", ("mini",)),
    ("web:organisation", ("mini", "B-1")),
    ("web:organisation_erase", ("mini", "B-1")),
    ("web:survey_settings", ("mini",)),
    ("web:open_data", ("mini",)),
    ("web:wave_new", ("mini",)),
    ("web:audit", ()),
    ("web:accounts", ()),
    ("web:account_new", ()),
    ("web:account", ()),
    ("web:otp_setup", ()),
    ("web:password", ()),
    ("web:import", ("mini",)),
    ("web:wave_import", ("mini", "2024")),
    ("web:results", ("mini", "2024")),
]


def test_every_response_carries_the_strict_policy_and_no_framing(
    anonymous_client: Client, db: None
) -> None:
    for path in ("/healthz", "/verwaltung/anmelden/", "/gibt-es-nicht"):
        response = anonymous_client.get(path)
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert "'unsafe-inline'" not in settings.CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in settings.CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_need_no_inline_script_or_style_and_are_structured(
    admin_client: Client, mini: Survey, name: str, args: tuple[str, ...]
) -> None:
    page = admin_client.get(reverse(name, args=args)).content.decode()
    assert "<script" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert '<html lang="de">' in page
    assert '<a class="skip" href="#inhalt">Zum Inhalt springen</a>' in page
    assert '<main id="inhalt"' in page
    assert page.count("<h1") == 1
    # Every form field has a label.
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", page):
        found = re.search(r'\bid="([^"]+)"', tag)
        if 'type="hidden"' in tag or found is None:
            continue
        assert f'for="{found.group(1)}"' in page, tag


def test_the_account_page_needs_no_inline_script_or_style(
    admin_client: Client, analyst_user: object
) -> None:
    from django.contrib.auth.models import User

    account = User.objects.get(username="analyst")
    page = admin_client.get(reverse("web:account_edit", args=(account.pk,))).content.decode()
    assert "<script" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert page.count("<h1") == 1
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids must be unique with two forms on one page"
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", page):
        found = re.search(r'\bid="([^"]+)"', tag)
        if 'type="hidden"' in tag or found is None:
            continue
        assert f'for="{found.group(1)}"' in page, tag


def test_the_stylesheet_gives_a_visible_focus(client: Client) -> None:
    from pathlib import Path

    import umfrage.web

    css = (Path(umfrage.web.__file__).parent / "static" / "web" / "admin.css").read_text()
    assert ":focus-visible" in css
    assert ".skip:focus" in css


def test_error_pages_do_not_leak_debug_information(anonymous_client: Client, db: None) -> None:
    response = anonymous_client.get("/verwaltung/umfragen/x/wellen/y/%00")
    assert response.status_code in (302, 404)
    page = anonymous_client.get("/gibt-es-nicht").content.decode()
    assert "Seite nicht gefunden" in page
    assert "Traceback" not in page and "URLconf" not in page


def test_https_responses_carry_hsts(db: None) -> None:
    response = Client().get("/verwaltung/anmelden/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_https_redirect_spares_the_health_check(db: None) -> None:
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()
        response = client.get("/verwaltung/anmelden/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/verwaltung/anmelden/"
        assert client.get("/healthz").status_code == 200


def test_session_and_csrf_cookies_are_protected(admin_user: object) -> None:
    client = Client()
    client.get("/verwaltung/anmelden/")
    response = client.post(
        "/verwaltung/anmelden/", {"username": "admin", "password": "Ein-langes-Testpasswort-42"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"
