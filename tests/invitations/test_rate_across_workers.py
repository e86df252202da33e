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
started = timezone.now()
Throttle(1, timezone.now, slept.append).wait()
print(started.timestamp(), sum(slept))
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
    # One a minute: the second process, started after the first, waits for the rest of the
    # first one's minute (it records the wait instead of sleeping). How long the second process
    # took to start does not matter (a busy machine), only that its wait makes up the minute.
    first_at, first_waited = map(float, script(env, TAKE_A_SLOT).split())
    second_at, waited = map(float, script(env, TAKE_A_SLOT).split())
    assert first_waited == 0
    assert 0 < waited <= 60, waited
    assert abs((second_at - first_at) + waited - 60) < 1.0, (second_at - first_at, waited)
