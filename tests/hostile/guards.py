"""A guard for tests of unbounded-input bugs: fail, rather than hang or exhaust the machine.

Before issue 16 was fixed, some of these inputs ran for hours or asked for 100 GB; a test that
reproduces such a bug must fail cleanly when run against the old code. Both bounds are generous
(the fixed code needs well under a second and a few MB); speed targets belong in the benchmarks.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def _virtual_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


@contextmanager
def bounded(seconds: int = 60, extra_megabytes: int = 1500) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` and MemoryError past ``extra_megabytes`` more."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    current = _virtual_size()
    limit = current + extra_megabytes * MB
    if current and (hard == resource.RLIM_INFINITY or limit < hard):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
