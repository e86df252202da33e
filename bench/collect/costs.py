"""Server CPU per request, one request at a time: the floors against the questionnaire's pages.

    .venv/bin/python bench/collect/costs.py --db sqlite
    .venv/bin/python bench/collect/costs.py --db postgres

The real server (``umfrage serve``, one worker) on loopback; one client sends one request after
another, so the server never waits for the machine and what is measured is its own CPU per
request (user + system time of its processes, from /proc), not throughput. First the floors, each
address fetched a few thousand times: a static file, ``/healthz`` and the accessibility statement
(a fixed HTML page through the whole stack); then complete walkthroughs of the example
questionnaire (warm-up walkthroughs first). Steadier than the load benchmark on a machine whose
speed varies, because the floors and the pages are compared by CPU, not by requests per second.
For PostgreSQL the database server's own CPU per request is reported separately.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    EXAMPLE,
    HOST,
    Stats,
    free_port,
    group_cpu_seconds,
    new_session,
    prepare,
    run_respondents,
    start_server,
    stop_server,
    temp_dir,
)
from load import database_server_cpu_seconds

FLOORS = (
    ("static_file", "/static/collect/collect.css"),
    ("healthz", "/healthz"),
    ("static_page", "/barrierefreiheit/"),
)


async def fetch_many(base: str, path: str, count: int) -> None:
    async with new_session(base) as session:
        for _ in range(count):
            async with session.get(path) as response:
                await response.read()
                if response.status != 200:
                    sys.exit(f"{path}: Antwort {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--floor-requests", type=int, default=3000)
    parser.add_argument("--respondents", type=int, default=60)
    args = parser.parse_args()

    work = temp_dir("umfrage-costs-")
    warm = 5
    setup = prepare(args.db, EXAMPLE, args.respondents + warm, work / "data")
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(setup.env, port, 1, work / "server.log")
    result: dict[str, object] = {"db": args.db}

    def measure(run: object) -> tuple[float, float, float | None]:
        server_cpu, client_cpu = group_cpu_seconds(server.pid), time.process_time()
        database = database_server_cpu_seconds() if args.db == "postgres" else None
        asyncio.run(run)  # type: ignore[arg-type]
        after = database_server_cpu_seconds() if database is not None else None
        return (
            group_cpu_seconds(server.pid) - server_cpu,
            time.process_time() - client_cpu,
            None if database is None or after is None else after - database,
        )

    try:
        for name, path in FLOORS:
            asyncio.run(fetch_many(base, path, 200))
            server_cpu, client_cpu, _db = measure(fetch_many(base, path, args.floor_requests))
            result[f"{name}_server_ms"] = round(server_cpu / args.floor_requests * 1000, 3)
            result[f"{name}_client_ms"] = round(client_cpu / args.floor_requests * 1000, 3)
        deadline = time.monotonic() + 600
        asyncio.run(
            run_respondents(base, setup.tokens[:warm], setup.questionnaire, 1, 1, Stats(), deadline)
        )
        stats = Stats()
        server_cpu, client_cpu, database_cpu = measure(
            run_respondents(base, setup.tokens[warm:], setup.questionnaire, 1, 2, stats, deadline)
        )
    finally:
        stop_server(server)
    requests = len(stats.latencies)
    if stats.errors or stats.completed != args.respondents:
        sys.exit(f"Durchgänge fehlgeschlagen: {stats.errors[:5]}")
    result.update(
        page_requests=requests,
        page_server_ms=round(server_cpu / requests * 1000, 3),
        page_client_ms=round(client_cpu / requests * 1000, 3),
        page_database_ms=None if database_cpu is None else round(database_cpu / requests * 1000, 3),
    )
    page = float(result["page_server_ms"]) + float(result["page_database_ms"] or 0)  # type: ignore[arg-type]
    for name, _path in FLOORS:
        # The floor's server CPU per request ÷ the page's (database included): the share of
        # the floor the pages would reach if the server's CPU were all there is.
        result[f"cost_share_of_{name}"] = round(float(result[f"{name}_server_ms"]) / page, 3)  # type: ignore[arg-type]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
