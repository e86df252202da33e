"""Benchmark: sending invitations to a loopback SMTP server with the throttle off.

    .venv/bin/python bench/invitations/bench_send.py            # 600 and 10 000 invitations
    .venv/bin/python bench/invitations/bench_send.py --sizes 600
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/umfrage_bench \\
        .venv/bin/python bench/invitations/bench_send.py --sizes 600

Reports messages per second, the share of the wall time spent outside the SMTP conversation
(rendering, tokens, the database bookkeeping of the none-lost protocol), and the resident memory
at 10 %, 50 % and 100 % of the run (flat means no growth with the number of invitations).
Uses a throw-away SQLite database in a temporary folder unless DATABASE_URL is set (then that
database is used as is: give it a name of its own; it is flushed first).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

WORK = Path(tempfile.mkdtemp(prefix="umfrage-bench-"))
os.environ.setdefault("UMFRAGE_DATA_DIR", str(WORK))
os.environ["DJANGO_SETTINGS_MODULE"] = "umfrage.settings"
os.environ["UMFRAGE_SMTP_RATE"] = "0"

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.core.mail.backends.smtp import EmailBackend  # noqa: E402
from django.core.management import call_command  # noqa: E402

from umfrage.invitations.sending import SendSettings, send_wave  # noqa: E402
from umfrage.store.models import Organisation, Survey, Wave  # noqa: E402

QUESTIONNAIRE = """\
wave: "2030"
title: Benchmark
sections:
  - id: A
    title: A
    questions:
      - id: q
        type: single
        text: Frage?
        options:
          - {code: "1", label: ja}
          - {code: "2", label: nein}
"""


class Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


class TimedBackend(EmailBackend):
    """Django's SMTP backend, timing the SMTP conversation (open and send)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.smtp_seconds = 0.0

    def open(self) -> bool | None:
        start = time.perf_counter()
        try:
            return super().open()
        finally:
            self.smtp_seconds += time.perf_counter() - start

    def send_messages(self, email_messages: Any) -> int:
        start = time.perf_counter()
        try:
            return super().send_messages(email_messages)
        finally:
            self.smtp_seconds += time.perf_counter() - start


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_wave(n: int) -> Wave:
    call_command("flush", interactive=False, verbosity=0)
    survey = Survey.objects.create(slug="bench", title="Benchmark", config_text="")
    Organisation.objects.bulk_create(
        [
            Organisation(
                survey=survey,
                key=f"o{i:05d}",
                position=i,
                name=f"Bündnis {i}",
                bundesland="Bayern",
                email=f"o{i}@example.org",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        status="open",
        closes=date(2099, 12, 31),
        questionnaire_text=QUESTIONNAIRE,
    )


def run(n: int, port: int) -> dict[str, float]:
    wave = make_wave(n)
    backend = TimedBackend(host="127.0.0.1", port=port, fail_silently=False, timeout=10)
    memory: dict[int, float] = {}
    marks = {max(1, n // 10): 10, n // 2: 50, n: 100}

    def progress(done: int, total: int) -> None:
        if done in marks:
            memory[marks[done]] = rss_mib()

    config = SendSettings(0, 3, 0.0, SendSettings.from_settings().reminder_gap)
    start = time.perf_counter()
    report = send_wave(wave, backend=backend, progress=progress, config=config)
    wall = time.perf_counter() - start
    assert len(report.sent) == n, report
    return {
        "n": n,
        "seconds": wall,
        "per_second": n / wall,
        "outside_smtp": 1 - backend.smtp_seconds / wall,
        **{f"rss_{k}": v for k, v in sorted(memory.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,10000", help="comma-separated counts")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    handler = Counting()
    port = 8025 + os.getpid() % 1000
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"database: {engine}; python {sys.version.split()[0]}")
        for size in (int(s) for s in args.sizes.split(",")):
            result = run(size, port)
            print(
                f"{int(result['n']):>6} invitations: {result['seconds']:.1f} s, "
                f"{result['per_second']:.0f} messages/s, "
                f"{result['outside_smtp']:.0%} of the time outside SMTP; RSS MiB at "
                f"10 %/50 %/100 %: {result.get('rss_10', 0):.0f}/{result.get('rss_50', 0):.0f}"
                f"/{result.get('rss_100', 0):.0f}"
            )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
