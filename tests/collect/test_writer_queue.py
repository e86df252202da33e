"""The queue for SQLite's write lock (umfrage.collect.rows._WriterQueue) across processes."""

from __future__ import annotations

import fcntl
import multiprocessing
from pathlib import Path
from typing import Any

from umfrage.collect import rows


def _try_lock(path: str, answers: Any) -> None:
    # In a forked child: the module's queue still remembers the parent's descriptor.
    descriptor = rows._writers._descriptor(path)
    assert descriptor is not None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        answers.put("wartet")
    else:
        answers.put("dran")


def _child_sees(path: str) -> str:
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    child = context.Process(target=_try_lock, args=(path, answers))
    child.start()
    child.join(timeout=30)
    return str(answers.get(timeout=5))


def test_one_process_at_a_time_and_each_with_its_own_lock(tmp_path: Path) -> None:
    database = str(tmp_path / "umfrage.sqlite3")
    with rows._writers.turn(database):
        # The child opens its own descriptor: one inherited from this process would share
        # this process's lock and get it at once.
        assert _child_sees(database) == "wartet"
    assert _child_sees(database) == "dran"
    assert (tmp_path / "umfrage.sqlite3-writers").exists()


def test_a_folder_without_write_access_falls_back_to_sqlites_own_waiting(tmp_path: Path) -> None:
    missing = str(tmp_path / "fehlt" / "umfrage.sqlite3")
    entered = []
    with rows._writers.turn(missing):
        entered.append(True)
    assert entered == [True]
