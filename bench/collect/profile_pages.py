"""Where a questionnaire request's server time goes: complete walkthroughs in one process.

    .venv/bin/python bench/collect/profile_pages.py                     # SQLite, 40 respondents
    .venv/bin/python bench/collect/profile_pages.py --db postgres --respondents 40 --top 40

The same simulated respondents as the load benchmark (bench/collect/common.py) go through
Django's full request handling (every middleware, CSRF checks enforced) in this process, without
a network or gunicorn, under cProfile. Prints the functions by cumulative and by own time, and
the mean wall time per request without the profiler (a warm-up walkthrough runs first).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import EXAMPLE, Stats, prepare, respond, temp_dir


class _Answer:
    def __init__(self, response: Any) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self._text = response.content.decode("utf-8")

    async def text(self) -> str:
        return self._text

    async def __aenter__(self) -> _Answer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class InProcessSession:
    """Just enough of aiohttp's ClientSession for ``common.respond``, on Django's test client."""

    shared: Any = None

    def __init__(self, base: str) -> None:
        from django.test import Client

        # One client (one loaded middleware chain, as in a server process); a new respondent
        # starts without cookies.
        if InProcessSession.shared is None:
            InProcessSession.shared = Client(enforce_csrf_checks=True)
        self.client = InProcessSession.shared
        self.client.cookies.clear()

    def request(
        self, method: str, url: str, data: Any = None, allow_redirects: bool = False
    ) -> _Answer:
        if method == "POST":
            response = self.client.post(
                url, urlencode(data or []), content_type="application/x-www-form-urlencoded"
            )
        else:
            response = self.client.get(url)
        return _Answer(response)

    async def __aenter__(self) -> InProcessSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def walk(tokens: list[str], questionnaire: Any, seed: int) -> Stats:
    import random

    stats = Stats()
    rng = random.Random(seed)

    async def run() -> None:
        for token in tokens:
            await respond("", token, questionnaire, rng, stats)

    asyncio.run(run())
    if stats.errors or stats.completed != len(tokens):
        sys.exit(f"Durchgang fehlgeschlagen: {stats.errors[:5]}")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--respondents", type=int, default=40)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative,tottime")
    parser.add_argument("--questionnaire", type=Path, default=EXAMPLE)
    parser.add_argument("--cpu", action="store_true", help="profile CPU time instead of wall time")
    parser.add_argument("--save", type=Path, help="also write the raw profile (pstats) here")
    args = parser.parse_args()

    work = temp_dir("umfrage-profile-")
    setup = prepare(args.db, args.questionnaire, 2 * args.respondents + 1, work / "data")
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    # The walkthrough is a coroutine (shared with the load client) but runs strictly in sequence.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    common.new_session = InProcessSession  # type: ignore[assignment]
    warm, timed_tokens = setup.tokens[:1], setup.tokens[1 : args.respondents + 1]
    profiled = setup.tokens[args.respondents + 1 :]
    walk(warm, setup.questionnaire, 1)

    start, cpu = time.perf_counter(), time.process_time()
    stats = walk(timed_tokens, setup.questionnaire, 2)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    requests = len(stats.latencies)
    print(
        f"{requests} Anfragen, je Anfrage {wall / requests * 1000:.2f} ms Zeit und "
        f"{cpu / requests * 1000:.2f} ms CPU dieses Prozesses (ohne Profiler; die CPU der "
        "Datenbank bei PostgreSQL nicht mitgezählt)"
    )

    # --cpu: the profile counts this process's CPU time only (waits for PostgreSQL or for the
    # disk left out); by default it counts wall time.
    profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
    profiler.enable()
    walk(profiled, setup.questionnaire, 3)
    profiler.disable()
    if args.save:
        profiler.dump_stats(args.save)
    report = pstats.Stats(profiler)
    for key in args.sort.split(","):
        report.sort_stats(key).print_stats(args.top)


if __name__ == "__main__":
    main()
