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


class JsonErrorsMiddleware:
    """Under /api/, an error answered outside DRF (Django's HTML or text pages) becomes the JSON error shape.

    The handlers in api/errors.py cover the usual paths; this catches the rest (a middleware's own
    error page, a plain HttpResponseBadRequest). DRF responses are left alone: the browsable API
    shows its errors in HTML on purpose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and not getattr(response, "streaming", False)
            and not hasattr(response, "accepted_renderer")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return _json_error_for(response)
        return response


_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


def _json_error_for(response):
    from http import HTTPStatus

    from api.errors import error_response

    status_code = response.status_code
    try:
        message = HTTPStatus(status_code).phrase + "."
    except ValueError:
        message = "The request failed."
    json_response = error_response(status_code=status_code, code=_CODES.get(status_code, "error"), message=message)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            json_response[header] = response[header]
    return json_response
