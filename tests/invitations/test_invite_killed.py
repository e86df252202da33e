"""`umfrage invite` killed with SIGKILL at random points and restarted, and two runs at once.

Each test runs the real command in subprocesses against a file database of its own (SQLite in
tmp_path, or a fresh PostgreSQL database) and a real SMTP server in this process, which looks up
every arriving message's state in the database at the moment it arrives.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/umfrage"
CLI = [sys.executable, "-c", "from umfrage.cli import main; main()"]


@dataclass
class OutsideDb:
    env: dict[str, str]
    query: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


def _sqlite(tmp_path: Path) -> Iterator[OutsideDb]:
    data = tmp_path / "data"
    env = {"UMFRAGE_DATA_DIR": str(data)}

    def query(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if not (data / "umfrage.sqlite3").exists():
            return []
        with sqlite3.connect(data / "umfrage.sqlite3", timeout=20) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()

    yield OutsideDb(env, query)


def _postgres() -> Iterator[OutsideDb]:
    import psycopg

    from umfrage.dbping import _maintenance, answers

    if not answers(PG_URL):
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL antwortet nicht unter {PG_URL}.")
        pytest.skip(f"PostgreSQL antwortet nicht unter {PG_URL}.")
    name = f"umfrage_kill_{uuid.uuid4().hex[:10]}"
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(_maintenance(PG_URL), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    target = _maintenance(PG_URL).replace("dbname=postgres", f"dbname={name}")

    def query(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with psycopg.connect(target) as connection:
            return list(connection.execute(sql, params).fetchall())

    try:
        yield OutsideDb({"DATABASE_URL": url}, query)
    finally:
        with psycopg.connect(_maintenance(PG_URL), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def outside_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OutsideDb]:
    yield from (_sqlite(tmp_path) if request.param == "sqlite" else _postgres())


@pytest.fixture
def run_env(outside_db: OutsideDb, smtp_server: Any, tmp_path: Path, kit: Any) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(outside_db.env)
    env.update(
        {
            "UMFRAGE_SMTP_HOST": smtp_server.host,
            "UMFRAGE_SMTP_PORT": str(smtp_server.port),
            "UMFRAGE_SMTP_RATE": "0",
            "UMFRAGE_SMTP_BACKOFF": "0",
            "UMFRAGE_FROM_EMAIL": "Servicebüro <umfrage@servicebuero.example>",
            "UMFRAGE_SITE_URL": "https://umfrage.example",
        }
    )
    folder = kit.write_survey_folder(tmp_path / "survey", 40)
    subprocess.run([*CLI, "import", str(folder)], env=env, check=True, capture_output=True)
    smtp_server.handler.probe = lambda message_id: _state(outside_db, message_id)
    return env


def _state(db: OutsideDb, message_id: str) -> str | None:
    rows = db.query("SELECT state FROM invitations_message WHERE message_id = %s", (message_id,))
    return str(rows[0][0]) if rows else None


def _check_none_lost_none_doubled(smtp_server: Any, db: OutsideDb, kit: Any) -> None:
    received = smtp_server.handler.by_recipient()
    # Every invitation received at least once.
    assert sorted(received) == [kit.address(i) for i in range(1, 41)]
    for copies in received.values():
        # All messages of one invitation share one Message-ID (and are the same bytes).
        assert len({c.message_id for c in copies}) == 1
        assert len({c.raw for c in copies}) == 1
    # Nothing was handed over again after being recorded as sent.
    assert [c.state_at_arrival for c in smtp_server.handler.received].count("sent") == 0
    states = db.query("SELECT state, COUNT(*) FROM store_invitation GROUP BY state", ())
    assert dict(states) == {"sent": 40}
    leftovers = db.query(
        "SELECT COUNT(*) FROM invitations_message WHERE state <> 'sent' OR attempts < 1", ()
    )
    assert leftovers == [(0,)]
    for address, copies in received.items():
        (attempts,) = db.query(
            "SELECT attempts FROM invitations_message WHERE recipient = %s", (address,)
        )
        assert len(copies) <= attempts[0]


def _kill_at_a_random_point(env: dict[str, str], smtp_server: Any, rng: random.Random) -> bool:
    """Start a run and SIGKILL it after a random number of arrivals plus a random moment
    (which lands before, inside or after the SMTP conversation); False if it finished first."""
    arrivals = len(smtp_server.handler.received) + rng.randint(0, 6)
    process = subprocess.Popen(
        [*CLI, "invite", "--wave", "2030"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(smtp_server.handler.received) < arrivals and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.05))
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


@pytest.mark.parametrize("seed", [2024])
def test_runs_killed_at_random_points_and_restarted_send_everything_once_per_message_id(
    run_env: dict[str, str], smtp_server: Any, outside_db: OutsideDb, kit: Any, seed: int
) -> None:
    smtp_server.behaviour.delay = 0.02
    rng = random.Random(seed)
    kills = sum(_kill_at_a_random_point(run_env, smtp_server, rng) for _ in range(8))
    final = subprocess.run(
        [*CLI, "invite", "--wave", "2030"], env=run_env, capture_output=True, text=True
    )

    assert final.returncode == 0, final.stderr
    assert kills >= 6
    _check_none_lost_none_doubled(smtp_server, outside_db, kit)


def test_two_runs_started_at_once_do_not_both_send(
    run_env: dict[str, str], smtp_server: Any, outside_db: OutsideDb, kit: Any
) -> None:
    smtp_server.behaviour.delay = 0.03
    processes = [
        subprocess.Popen(
            [*CLI, "invite", "--wave", "2030"],
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    codes = sorted(p.returncode for p in processes)

    received = smtp_server.handler.by_recipient()
    assert sorted(received) == [kit.address(i) for i in range(1, 41)]
    assert all(len(copies) == 1 for copies in received.values())
    if codes == [0, 1]:
        refused = next(
            err for (out, err), p in zip(outputs, processes, strict=True) if p.returncode
        )
        assert "läuft bereits ein Versand" in refused
    else:  # the second started only after the first had finished: nothing left for it
        assert codes == [0, 0]
        assert any("0 Einladung(en) versandt" in out for out, _ in outputs)
    _check_none_lost_none_doubled(smtp_server, outside_db, kit)
