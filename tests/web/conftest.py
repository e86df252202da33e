"""The cast for the admin interface: an admin, an analyst, an outsider (logged in, no role)
and an anonymous visitor; plus two small surveys so that ids can be tried across them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from tests.minisurvey import ORGANISATIONS, R2024, make_minisurvey
from umfrage.store.models import Survey

PASSWORD = "Ein-langes-Testpasswort-42"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str, role: str | None) -> User:
    from umfrage.web.roles import assign_role

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
