"""``python -m umfrage.dbping URL``: exit 0 if the PostgreSQL server at URL answers."""

from __future__ import annotations

import sys


def answers(url: str) -> bool:
    import psycopg

    # Connect to the maintenance database: the test run creates its own database.
    try:
        with psycopg.connect(_maintenance(url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def _maintenance(url: str) -> str:
    import dj_database_url

    config = dj_database_url.parse(url)
    parts = {
        "host": config.get("HOST") or "",
        "port": str(config.get("PORT") or ""),
        "user": config.get("USER") or "",
        "password": config.get("PASSWORD") or "",
        "dbname": "postgres",
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


if __name__ == "__main__":
    sys.exit(0 if len(sys.argv) == 2 and answers(sys.argv[1]) else 1)
