"""Database connections of the web process: a health check only for a connection that sat idle.

CONN_HEALTH_CHECKS sends a SELECT 1 before the first query of every request: one round trip more for
every API request, on a connection that answered the previous request a few milliseconds earlier. A
persistent connection dies while idle (a database restart, an idle timeout in the network); one in
steady use does not, and if it does, the failed query marks it and Django drops it when the request
ends. So a request that starts within CONN_HEALTH_CHECK_IDLE_SECONDS of the connection's last request
skips the check (as PgBouncer's server_check_delay does); after a longer pause it is checked as before.
Celery workers are not served through requests and keep the check before every task.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signals
from django.db import connections

# The end of the last request that used the connection (time.monotonic()), on the DatabaseWrapper.
_LAST_REQUEST_END = "last_request_end"


def _request_finished(**kwargs) -> None:
    # After Django's close_old_connections (connected first): a connection it closed is not recorded.
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        setattr(conn, _LAST_REQUEST_END, (conn.connection, now) if conn.connection is not None else None)


def _request_started(**kwargs) -> None:
    idle = settings.CONN_HEALTH_CHECK_IDLE_SECONDS
    if idle <= 0:
        return
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        last = getattr(conn, _LAST_REQUEST_END, None)
        if (
            last is not None
            and conn.connection is not None
            and conn.connection is last[0]
            and conn.health_check_enabled
            and now - last[1] < idle
        ):
            conn.health_check_done = True


def connect() -> None:
    signals.request_started.connect(_request_started, dispatch_uid="negotiations.connections.started")
    signals.request_finished.connect(_request_finished, dispatch_uid="negotiations.connections.finished")
