"""UMFRAGE_SMTP_RATE holds for all sending runs together (issue 17, 5): the next free moment is
one database row, so two runs, or two workers on two machines, share the rate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.loopback import free_port
from tests.shareddb import script, shared_env
from umfrage.invitations.sending import Throttle

TAKE_A_SLOT = """
from django.utils import timezone
from umfrage.invitations.sending import Throttle
slept = []
Throttle(6, timezone.now, slept.append).wait()
print(sum(slept))
"""


@pytest.mark.django_db(transaction=True)
def test_two_runs_share_one_rate(clock: Any) -> None:
    first = Throttle(30, clock, clock.sleep)
    second = Throttle(30, clock, clock.sleep)  # another run: shares nothing in memory
    first.wait()
    second.wait()
    first.wait()
    second.wait()
    # 30 a minute in total: one message every two seconds, whichever run sends it.
    assert clock.slept == [2.0, 2.0, 2.0]


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_one_rate(tmp_path: Path) -> None:
    env = shared_env(tmp_path, free_port())
    # Six a minute: the second process, a moment after the first, waits for the rest of the
    # first one's ten seconds (it records the wait instead of sleeping).
    assert float(script(env, TAKE_A_SLOT)) == 0
    waited = float(script(env, TAKE_A_SLOT))
    assert 4 < waited <= 10, waited
