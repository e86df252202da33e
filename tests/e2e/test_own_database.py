"""Two walks at once (two pytest-xdist workers, or two runs on one server) get two databases."""

from __future__ import annotations

import os

import pytest

from tests.e2e.owndb import own_database
from umfrage.dbping import answers

PG_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/umfrage"


def _exists(name: str) -> bool:
    import psycopg

    base = PG_URL.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchall()
    return bool(found)


def test_two_walks_at_once_get_databases_of_their_own_and_leave_none_behind() -> None:
    if not answers(PG_URL):
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL antwortet nicht unter {PG_URL}.")
        pytest.skip(f"PostgreSQL antwortet nicht unter {PG_URL}.")
    first, second = own_database(PG_URL), own_database(PG_URL)
    one, two = next(first), next(second)
    names = [one.rsplit("/", 1)[1], two.rsplit("/", 1)[1]]
    assert one != two
    assert all(_exists(name) for name in names)
    first.close()
    assert not _exists(names[0]) and _exists(names[1])  # the other walk's database stays
    second.close()
    assert not any(_exists(name) for name in names)


def test_without_a_database_url_the_walk_uses_its_own_sqlite_file() -> None:
    assert list(own_database("")) == [""]
