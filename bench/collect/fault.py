"""Fault test: kill -9 the server in the middle of a load run, restart it, lose nothing.

    .venv/bin/python bench/collect/fault.py --db sqlite
    .venv/bin/python bench/collect/fault.py --db postgres

Simulated respondents answer the questionnaire through the real server; once the server has
confirmed --kill-after-saves page saves (default: about half of the run) the whole server
(master and workers) gets SIGKILL. Then it is started again and the
check runs: every page save that the server had confirmed (303 after the POST) must be in the
database with exactly the answers sent. Finally every respondent, including those cut off,
opens the link again, continues where the database says, and submits: the database must then
hold exactly one complete response per respondent. Loopback only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    EXAMPLE,
    HOST,
    ROOT,
    Stats,
    free_port,
    prepare,
    run_respondents,
    start_server,
    stop_server,
    temp_dir,
)


def confirmed_saves_missing(stats: Stats, questionnaire: object) -> tuple[int, list[str]]:
    """Compare every confirmed page save with the database; returns (checked, problems)."""
    from umfrage.store.models import Invitation, Response

    checked = 0
    problems: list[str] = []
    tokens = {Invitation.hash_token(t): t for t in stats.saved}
    answers_by_token = {
        tokens[h]: answers
        for h, answers in Response.objects.filter(
            organisation__invitations__token_hash__in=list(tokens)
        ).values_list("organisation__invitations__token_hash", "answers")
    }
    for token, pages in stats.saved.items():
        stored = answers_by_token.get(token)
        for section, answers in pages.items():
            checked += 1
            if stored is None:
                problems.append(f"{token[:6]}…: keine Antwort in der Datenbank (Seite {section})")
                continue
            wrong = {k: v for k, v in answers.items() if stored.get(k) != v}
            if wrong:
                problems.append(
                    f"{token[:6]}… Seite {section}: {sorted(wrong)} fehlen oder weichen ab"
                )
    return checked, problems


def complete_count() -> dict[str, int]:
    from umfrage.store.models import Response

    complete = Response.objects.filter(status=Response.Status.COMPLETE)
    return {
        "responses": Response.objects.count(),
        "complete": complete.count(),
        "distinct_organisations_complete": complete.values("organisation").distinct().count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--respondents", type=int, default=150)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--kill-after-saves",
        type=int,
        default=None,
        help="confirmed page saves before kill -9 (default: three per respondent, about half "
        "of the run, so that the kill hits in the middle however fast the server is)",
    )
    parser.add_argument(
        "--kill-after", type=float, default=60.0, help="kill -9 after this many seconds at most"
    )
    parser.add_argument("--questionnaire", type=Path, default=EXAMPLE)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    work = temp_dir("umfrage-fault-")
    setup = prepare(args.db, args.questionnaire, args.respondents, work / "data")
    port = free_port()
    base = f"http://{HOST}:{port}"
    log = work / "server.log"
    server = start_server(setup.env, port, None, log)
    stats = Stats()
    kill_after_saves = args.kill_after_saves or 3 * args.respondents

    def confirmed() -> int:
        return sum(len(pages) for pages in stats.saved.values())

    async def load_then_kill() -> None:
        stop = asyncio.Event()

        async def killer() -> None:
            deadline = time.monotonic() + args.kill_after
            while time.monotonic() < deadline and confirmed() < kill_after_saves:
                await asyncio.sleep(0.01)
            stop.set()  # no new respondents; those under way find the server gone
            stop_server(server, signal.SIGKILL)

        await asyncio.gather(
            run_respondents(
                base,
                setup.tokens,
                setup.questionnaire,
                args.concurrency,
                args.seed,
                stats,
                time.monotonic() + 120,
                stop,
            ),
            killer(),
        )

    try:
        asyncio.run(load_then_kill())
    finally:
        stop_server(server, signal.SIGKILL)  # already dead unless the load itself failed
    killed_with = {
        "completed": stats.completed,
        "interrupted": stats.interrupted,
        "confirmed_page_saves": confirmed(),
    }

    server = start_server(setup.env, port, None, log)  # restart on the same database
    try:
        checked, problems = confirmed_saves_missing(stats, setup.questionnaire)
        after_restart = Stats()
        asyncio.run(
            run_respondents(
                base,
                setup.tokens,
                setup.questionnaire,
                args.concurrency,
                args.seed + 1,
                after_restart,
                time.monotonic() + 240,
            )
        )
    finally:
        stop_server(server)
    counts = complete_count()
    result = {
        "db": args.db,
        "respondents": args.respondents,
        "killed_after_confirmed_saves": kill_after_saves,
        "before_kill": killed_with,
        "confirmed_saves_checked": checked,
        "confirmed_saves_missing": len(problems),
        "examples_missing": problems[:5],
        "after_restart_completed": after_restart.completed,
        "after_restart_errors": after_restart.errors[:5],
        "database": counts,
    }
    ok = (
        checked > 0
        and not problems
        and stats.interrupted > 0
        and counts["complete"] == args.respondents
        and counts["distinct_organisations_complete"] == args.respondents
        and counts["responses"] == args.respondents
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"collect-fault-{args.db}.json").write_text(
        json.dumps(result, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"Nichts verloren, nichts doppelt: {'ja' if ok else 'NEIN'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
