"""The web process's health checks: only a connection idle since its last request is checked."""

import pytest
from django.db import connection

from negotiations import connections

pytestmark = pytest.mark.django_db


def _next_request(monkeypatch, *, after_seconds: float) -> bool:
    """End a request, start the next one after_seconds later: whether it skips the health check."""
    now = connections.time.monotonic()
    connections._request_finished()
    # Django's close_old_connections leaves every connection to be checked again.
    connection.health_check_done = False
    monkeypatch.setattr(connections.time, "monotonic", lambda: now + after_seconds)
    connections._request_started()
    monkeypatch.undo()
    return connection.health_check_done


def test_a_connection_used_a_moment_ago_is_not_checked_again(monkeypatch, settings):
    settings.CONN_HEALTH_CHECK_IDLE_SECONDS = 5
    connection.ensure_connection()
    assert connection.health_check_enabled
    assert _next_request(monkeypatch, after_seconds=0.01)
    # Idle longer than that: checked as before (SELECT 1 before its first query).
    assert not _next_request(monkeypatch, after_seconds=6)


def test_a_new_connection_or_no_idle_allowance_is_checked(monkeypatch, settings):
    settings.CONN_HEALTH_CHECK_IDLE_SECONDS = 0
    connection.ensure_connection()
    assert not _next_request(monkeypatch, after_seconds=0.01)
    settings.CONN_HEALTH_CHECK_IDLE_SECONDS = 5
    connections._request_finished()
    # The connection was replaced since its last request (a reconnect): the new one is checked.
    setattr(connection, connections._LAST_REQUEST_END, (object(), connections.time.monotonic()))
    connection.health_check_done = False
    connections._request_started()
    assert not connection.health_check_done
