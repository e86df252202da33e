"""Load benchmark of the web questionnaire through the real server (gunicorn + Django + DB).

    .venv/bin/python bench/collect/load.py --db sqlite
    .venv/bin/python bench/collect/load.py --db postgres

Simulated respondents (asyncio + httpx, 50 at a time by default) each open their personal link
and complete the whole questionnaire (default: the example Bündnisumfrage 2024) page by page
with valid random answers, then submit. Reports completed questionnaires per second, page
latency p50/p95/p99 and the floors (requests per second of a static file, of ``/healthz`` and
of a static page through the same server, measured before and after the pages in the same run),
and checks that the database holds exactly one complete
response per simulated respondent. Loopback only; bounded by --respondents and --time-limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    EXAMPLE,
    HOST,
    ROOT,
    Stats,
    floor_rps,
    free_port,
    group_cpu_seconds,
    percentile,
    prepare,
    run_respondents,
    start_server,
    stop_server,
    temp_dir,
)


def check_database(tokens: list[str]) -> dict[str, int]:
    from umfrage.store.models import Invitation, Response

    complete = Response.objects.filter(status=Response.Status.COMPLETE)
    per_org = {}
    for organisation_id in complete.values_list("organisation_id", flat=True):
        per_org[organisation_id] = per_org.get(organisation_id, 0) + 1
    responded = Invitation.objects.filter(state=Invitation.State.RESPONDED).count()
    return {
        "respondents": len(tokens),
        "complete_responses": complete.count(),
        "organisations_with_one": sum(1 for n in per_org.values() if n == 1),
        "organisations_with_more": sum(1 for n in per_org.values() if n > 1),
        "all_responses": Response.objects.count(),
        "invitations_responded": responded,
    }


def database_server_cpu_seconds() -> float | None:
    """CPU time of the local PostgreSQL server's processes (Linux), backends already ended
    included through the postmaster's children counters; None where none is visible."""
    tick = os.sysconf("SC_CLK_TCK")
    total, seen = 0.0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("postgres"):
            seen = True
            fields = stat.rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15]) / tick
    return total if seen else None


FLOORS = {
    "static": "/static/collect/collect.css",
    "django": "/healthz",
    "page": "/barrierefreiheit/",
}


def measure_floors(
    base: str, server_pid: int, concurrency: int, seconds: float
) -> dict[str, float]:
    """Requests per second of each floor address, one after the other, and the server's CPU
    per static-file request (ms)."""
    found: dict[str, float] = {}
    for name, path in FLOORS.items():
        cpu = group_cpu_seconds(server_pid)
        rps, count = asyncio.run(floor_rps(base, path, concurrency, seconds))
        found[name] = rps
        if name == "static":
            found["static_cpu_ms"] = (group_cpu_seconds(server_pid) - cpu) / max(1, count) * 1000
    return found


def mean_floor(before: dict[str, float], after: dict[str, float], name: str) -> float:
    return (before[name] + after[name]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--respondents", type=int, default=300, help="simulated respondents in all")
    parser.add_argument("--concurrency", type=int, default=50, help="respondents at the same time")
    parser.add_argument(
        "--workers", type=int, default=None, help="server processes (default: from cores)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per server process (default: serve's)"
    )
    parser.add_argument("--floor-seconds", type=float, default=5.0)
    parser.add_argument(
        "--time-limit", type=float, default=240.0, help="stop starting respondents after this"
    )
    parser.add_argument("--questionnaire", type=Path, default=EXAMPLE)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a respondent spends on a page before sending it (0: back to back)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    work = temp_dir("umfrage-bench-")
    setup = prepare(args.db, args.questionnaire, args.respondents, work / "data")
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(setup.env, port, args.workers, work / "server.log", args.threads)
    stats = Stats()
    try:
        before = measure_floors(base, server.pid, args.concurrency, args.floor_seconds)
        start = time.monotonic()
        client_cpu = time.process_time()
        server_cpu = group_cpu_seconds(server.pid)
        database_cpu = database_server_cpu_seconds() if args.db == "postgres" else None
        asyncio.run(
            run_respondents(
                base,
                setup.tokens,
                setup.questionnaire,
                args.concurrency,
                args.seed,
                stats,
                start + args.time_limit,
                think=args.think,
            )
        )
        elapsed = time.monotonic() - start
        client_cpu = time.process_time() - client_cpu
        server_cpu = group_cpu_seconds(server.pid) - server_cpu
        if database_cpu is not None:
            after = database_server_cpu_seconds()
            database_cpu = None if after is None else after - database_cpu
        later = measure_floors(base, server.pid, args.concurrency, args.floor_seconds)
    finally:
        stop_server(server)
    database = check_database(setup.tokens)
    requests_per_second = len(stats.latencies) / elapsed
    result = {
        "db": args.db,
        "respondents": args.respondents,
        "concurrency": args.concurrency,
        "think_seconds": args.think,
        "seconds": round(elapsed, 2),
        "completed": stats.completed,
        "completed_per_second": round(stats.completed / elapsed, 2),
        "requests": len(stats.latencies),
        "requests_per_second": round(requests_per_second, 1),
        "latency_ms": {
            "p50": round(percentile(stats.latencies, 0.50) * 1000, 1),
            "p95": round(percentile(stats.latencies, 0.95) * 1000, 1),
            "p99": round(percentile(stats.latencies, 0.99) * 1000, 1),
        },
        "post_latency_ms": {
            "p50": round(percentile(stats.post_latencies, 0.50) * 1000, 1),
            "p99": round(percentile(stats.post_latencies, 0.99) * 1000, 1),
        },
        "load_client_cpu_share": round(client_cpu / elapsed, 2),
        "server_cpu_share": round(server_cpu / elapsed, 2),
        "server_cpu_ms_per_request": round(server_cpu / max(1, len(stats.latencies)) * 1000, 2),
        # PostgreSQL on the same machine: its processes' CPU during the page phase (None for
        # SQLite, which runs inside the server processes and is counted there).
        "database_server_cpu_ms_per_request": None
        if database_cpu is None
        else round(database_cpu / max(1, len(stats.latencies)) * 1000, 2),
        # Three floors, each the same server answering one fixed address for a few seconds:
        # a static file (WhiteNoise answers it before Django's URL routing and views), /healthz
        # (a two-byte text through every middleware, routing and a view) and the accessibility
        # statement (a fixed HTML page through every middleware, routing, a view and the same
        # Jinja2 layout as the questionnaire pages). Each is measured before and after the
        # pages, and the pages are compared with the mean of the two: the machine's speed
        # drifts over a run (seen here: the same floor 10-15 % apart within a minute), and a
        # floor measured only before the pages would carry that drift into the share.
        **{
            f"floor_{name}_rps": round(mean_floor(before, later, name), 1)
            for name in ("static", "django", "page")
        },
        **{
            f"share_of_{name}_floor": round(
                requests_per_second / mean_floor(before, later, name), 3
            )
            for name in ("static", "django", "page")
        },
        "floors_before_rps": {name: round(before[name], 1) for name in FLOORS},
        "floors_after_rps": {name: round(later[name], 1) for name in FLOORS},
        # The same comparison by server CPU per request, which does not depend on how much of
        # the machine other work leaves to the floor phase and to the page phase: the share of
        # the static-file floor the pages would reach if both had the same CPU.
        "floor_static_server_cpu_ms_per_request": round(before["static_cpu_ms"], 3),
        "cpu_cost_share_of_static_floor": round(
            before["static_cpu_ms"] / 1000 / (server_cpu / max(1, len(stats.latencies))), 3
        )
        if server_cpu > 0
        else None,
        "errors": stats.errors[:10],
        "database": database,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"collect-load-{args.db}-think{args.think:g}.json").write_text(
        json.dumps(result, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok = (
        stats.completed == args.respondents
        and database["complete_responses"] == args.respondents
        and database["organisations_with_one"] == args.respondents
        and database["all_responses"] == args.respondents
        and not stats.errors
    )
    p99 = result["latency_ms"]["p99"] <= 250  # type: ignore[index]
    shares = ", ".join(
        f"{label} {result[key]:.0%} ({'erreicht' if float(result[key]) >= 0.30 else 'verfehlt'})"  # type: ignore[arg-type]
        for label, key in (
            ("statische Datei", "share_of_static_floor"),
            ("/healthz", "share_of_django_floor"),
            ("statische Seite", "share_of_page_floor"),
        )
    )
    print(
        f"Datenbank stimmt: {'ja' if ok else 'NEIN'}; "
        f"p99 ≤ 250 ms: {'erreicht' if p99 else 'VERFEHLT'}; "
        f"Anteil an der Untergrenze (Ziel ≥ 30 %): {shares}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
