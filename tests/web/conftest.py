"""The cast for the admin interface: an admin, an analyst, an outsider (logged in, no role)
and an anonymous visitor; plus two small surveys so that ids can be tried across them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connections
from django.test import Client

from tests.axecheck import AXE_TAGS
from tests.minisurvey import ORGANISATIONS, R2024, R2024_PUBLISHABLE, make_minisurvey
from umfrage.store.models import Survey

PASSWORD = "Ein-langes-Testpasswort-42"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str, role: str | None) -> User:
    from umfrage.governance.roles import assign_role

    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role:
        assign_role(user, role)
    return user


@pytest.fixture
def admin_user(db: None) -> User:
    return _person("admin", "admin")


@pytest.fixture
def analyst_user(db: None) -> User:
    return _person("analyst", "analyst")


@pytest.fixture
def outsider_user(db: None) -> User:
    return _person("outsider", None)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def analyst_client(analyst_user: User) -> Client:
    return _client_for(analyst_user)


@pytest.fixture
def outsider_client(outsider_user: User) -> Client:
    return _client_for(outsider_user)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def load_mini(db: None, tmp_path: Path) -> Callable[..., Survey]:
    """Load the mini survey (optionally under another id and with replaced files)."""
    from umfrage.store.folder import load_survey_folder

    def load(slug: str = "mini", overrides: dict[str, str] | None = None) -> Survey:
        files = dict(overrides or {})
        if slug != "mini":
            from tests.minisurvey import SURVEY_YAML

            files.setdefault("survey.yaml", SURVEY_YAML.replace("id: mini", f"id: {slug}"))
        folder = make_minisurvey(tmp_path / slug, files)
        load_survey_folder(folder)
        return Survey.objects.get(slug=slug)

    return load


@pytest.fixture
def mini(load_mini: Callable[..., Survey]) -> Survey:
    return load_mini()


@pytest.fixture
def publishable(load_mini: Callable[..., Survey]) -> Survey:
    """``mini`` whose closed 2024 wave leaves a figure on the public page (R2024 leaves none)."""
    return load_mini("mini", {"waves/2024/responses.csv": R2024_PUBLISHABLE})


@pytest.fixture
def other(load_mini: Callable[..., Survey]) -> Survey:
    """A second survey with the same wave and organisation ids as ``mini``."""
    return load_mini("andere")


# Unique strings planted in a free text and an organisation name: pages and files that must not
# show either (public report, public downloads) are searched for them.
TEXT_MARKER = "Freitext-Marker-QX7"
ORG_MARKER = "Organisation-Marker-ZK4"


@pytest.fixture
def empty_cache(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Results are cached across requests (and report files on disk); each test starts and
    ends without."""
    settings.UMFRAGE_REPORT_CACHE_DIR = tmp_path / "berichte-cache"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def marked(load_mini: Callable[..., Survey], empty_cache: None) -> Survey:
    """The mini survey with a unique free text and organisation name, and a formula."""
    return load_mini(
        "mini",
        {
            "organisations.csv": ORGANISATIONS.replace("Bündnis Mitte", ORG_MARKER),
            "waves/2024/responses.csv": R2024.replace("Threads, Bluesky", TEXT_MARKER).replace(
                "3\nH-2,,partial,HH,,,,,\n",
                '3\nH-2,,partial,HH,ja,0,1,"=HYPERLINK(""http://x.invalid"")",\n',
            ),
        },
    )


# The admin interface in the shared browser (tests/conftest.py), for the *_browser.py tests.
@pytest.fixture
def page(browser: Any, live_server: Any, settings: Any) -> Iterator[Any]:
    # The live server speaks plain http; production cookies are https-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
    # Django keeps its connections per context (asgiref.local); with Playwright's event
    # loop set in this thread the test's own ORM calls get a connection of their own.
    # Left open, it kept the test database from being dropped after the PostgreSQL run.
    connections.close_all()


@pytest.fixture
def check(page: Any, shots: Path) -> Callable[[str], None]:
    """Screenshot the page and run axe-core on it; any violation fails the test."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        # WCAG 2.1 A/AA and best practice, experimental rules of those tags included (as the
        # questionnaire's and the end-to-end walk's checks do).
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

    return run
