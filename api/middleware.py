"""Middleware for the API: limits and error shapes that must hold outside DRF's views too."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction


class AnonymousStatementTimeoutMiddleware:
    """Anonymous API requests run in a transaction with a PostgreSQL statement timeout.

    Anyone can send a query that makes PostgreSQL work hard; without a bound, a few such requests hold
    the database for minutes. API_ANON_STATEMENT_TIMEOUT_MS (0: none) caps each statement of an
    anonymous request (no Authorization header, no logged-in session); a cancelled query answers 503
    (api/errors.py). Authenticated clients and the admin are not cut short.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout_ms = int(getattr(settings, "API_ANON_STATEMENT_TIMEOUT_MS", 0) or 0)
        if (
            timeout_ms <= 0
            or connection.vendor != "postgresql"
            or not request.path.startswith("/api/")
            or request.META.get("HTTP_AUTHORIZATION")
            or request.user.is_authenticated
        ):
            return self.get_response(request)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # SET LOCAL: it ends with this transaction and never outlives it on a pooled connection.
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{timeout_ms}ms"])
            response = self.get_response(request)
            # Anonymous clients only read, so nothing is lost by rolling back; it ends a transaction a
            # cancelled query aborted, and in an enclosing transaction (tests) it undoes the SET LOCAL too.
            transaction.set_rollback(True)
        return response
