"""Every staff page links the feedback form (BITV 2.0: every page links to a feedback form),
with the accessibility statement and Leichte Sprache beside it, in the footer of web/base.html."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from umfrage.store.models import Survey

FOOTER = (
    '<footer class="site-footer"><ul class="footer-links">\n'
    '<li><a href="/leichte-sprache/">Leichte Sprache</a></li>\n'
    '<li><a href="/barrierefreiheit/">Barrierefreiheit</a></li>\n'
    '<li><a href="/barriere-melden/">Barriere melden</a></li>\n'
    "</ul></footer>"
)

STAFF_PAGES = [
    ("web:account", ()),
    ("web:accounts", ()),
    ("web:audit", ()),
    ("web:feedback", ()),
    ("web:surveys", ()),
    ("web:survey", ("mini",)),
    ("web:register", ("mini",)),
    ("web:organisation", ("mini", "B-1")),
    ("web:wave", ("mini", "2024")),
    ("web:questionnaire_preview", ("mini", "2024")),
    ("web:invitations", ("mini", "2024")),
    ("web:dashboard", ("mini", "2024")),
    ("web:results", ("mini", "2024")),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES, ids=[name for name, _ in STAFF_PAGES])
def test_every_staff_page_links_the_feedback_form(
    admin_client: Client, mini: Survey, name: str, args: tuple[str, ...]
) -> None:
    page = admin_client.get(reverse(name, args=args))
    assert page.status_code == 200, (name, page.status_code)
    body = page.content.decode()
    assert body.count(FOOTER) == 1, name
    # After the page's content, inside the document.
    assert body.index("</main>") < body.index(FOOTER) < body.index("</body>")


def test_the_login_page_links_it_too(client: Client, db: None) -> None:
    body = client.get(reverse("web:login")).content.decode()
    assert FOOTER in body
    assert client.get("/barriere-melden/").status_code == 200
