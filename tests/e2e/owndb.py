"""The end-to-end walk's own PostgreSQL database, beside the test database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator


def own_database(url: str) -> Iterator[str]:
    """Yield the URL of a new, empty database on the server of ``url`` and drop it afterwards;
    yield "" (SQLite: the installation makes its own file) when ``url`` is empty.

    The name is new every time (``<name>_e2e_<random>``, not a fixed ``<name>_e2e``): two runs
    against one server, or two pytest-xdist workers, would otherwise drop each other's
    database in the middle of a walk.
    """
    if not url:
        yield ""
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    own = f"{name.split('?')[0]}_e2e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{own}"')
    try:
        yield f"{base}/{own}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
