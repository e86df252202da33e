"""The health check of kept PostgreSQL connections, without a query when nothing is wrong.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` on a kept connection before its first use
in every request, so that a connection the server has ended (a restart, an idle timeout,
``pg_terminate_backend``) is replaced instead of failing the request. That is a round trip per
request: for the web questionnaire, whose page view is one statement, it was about a tenth of
the database work (bench/collect/load.py).

A connection the server has ended always has something to read on its socket: the server's
error message, or the end of the stream. Before a request's first questionnaire statement this
looks, without waiting, for exactly that; a connection with nothing to read and no transaction
open counts as checked, and every other one gets Django's own check (``SELECT 1``) as before.
This is done where the web questionnaire's statements are made (``umfrage.collect.rows``), the
only place where a round trip per request matters; everything else keeps Django's check.
Connections the network has silently lost look healthy either way (``SELECT 1`` would wait for
the network's timeout too).
"""

from __future__ import annotations

import select
from typing import Any


def quiet(raw: Any) -> bool:
    """Whether a psycopg connection is open, idle and has nothing waiting on its socket."""
    from psycopg.pq import TransactionStatus

    if raw is None or raw.closed or raw.info.transaction_status != TransactionStatus.IDLE:
        return False
    try:
        poller = select.poll()
        poller.register(raw.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (OSError, ValueError):
        return False


def skip_needless_check(db: Any) -> None:
    """Before the first statement of a request on ``db``: count a quiet PostgreSQL connection
    as checked, so that Django's own check (``close_if_health_check_failed``) sends nothing.

    Called where the statement is made (``umfrage.collect.rows``), after the request's start
    has marked the kept connection as not yet checked.
    """
    # The health-check attributes are Django's (4.1+); the type stubs do not list them.
    state: Any = db
    if (
        db.vendor == "postgresql"
        and state.health_check_enabled
        and not state.health_check_done
        and quiet(db.connection)
    ):
        state.health_check_done = True
