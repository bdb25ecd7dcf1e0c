"""Middleware for the API: limits and error shapes that must hold outside DRF's views too."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction


class AnonymousStatementTimeoutMiddleware:
    """Anonymous API requests run with a PostgreSQL statement timeout.

    Anyone can send a query that makes PostgreSQL work hard; without a bound, a few such requests hold
    the database for minutes. API_ANON_STATEMENT_TIMEOUT_MS (0: none) caps each statement of an
    anonymous request (no Authorization header, no logged-in session); a cancelled query answers 503
    (api/errors.py). Authenticated clients and the admin are not cut short.

    The timeout is set on the connection (SET statement_timeout) and left there for the next anonymous
    request on it: a transaction with SET LOCAL in every request cost three round trips (BEGIN, SET
    LOCAL, ROLLBACK) of the six a page of statements needs. Any other request on that connection (an
    authenticated client, the admin) resets it first, so only anonymous API requests ever run under it.
    Inside a transaction already open (tests), and with API_ANON_STATEMENT_TIMEOUT_PER_TRANSACTION
    (a pooler such as PgBouncer in transaction mode, which hands a connection's session settings to
    other clients), each anonymous request runs in a transaction of its own with SET LOCAL instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        timeout_ms = int(getattr(settings, "API_ANON_STATEMENT_TIMEOUT_MS", 0) or 0)
        if (
            timeout_ms <= 0
            or not request.path.startswith("/api/")
            or request.META.get("HTTP_AUTHORIZATION")
            or request.user.is_authenticated
        ):
            session_timeout_clear()
            return self.get_response(request)
        if connection.in_atomic_block or getattr(settings, "API_ANON_STATEMENT_TIMEOUT_PER_TRANSACTION", False):
            return self._in_transaction(request, timeout_ms)
        session_timeout_set(timeout_ms)
        return self.get_response(request)

    def _in_transaction(self, request, timeout_ms: int):
        with transaction.atomic():
            with connection.cursor() as cursor:
                # SET LOCAL: it ends with this transaction and never outlives it on a pooled connection.
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{timeout_ms}ms"])
            response = self.get_response(request)
            # Anonymous clients only read, so nothing is lost by rolling back; it ends a transaction a
            # cancelled query aborted, and in an enclosing transaction (tests) it undoes the SET LOCAL too.
            transaction.set_rollback(True)
        return response


# The connection (the driver's object: a new one after a reconnect starts without the setting) and the
# timeout in milliseconds that connection's session was given; on the thread's DatabaseWrapper.
_SESSION_TIMEOUT = "anon_statement_timeout"


def session_timeout_set(timeout_ms: int) -> None:
    """Give the connection's session statement_timeout = timeout_ms, unless it has it already."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if getattr(connection, _SESSION_TIMEOUT, None) == (connection.connection, timeout_ms):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout_ms}ms"])
    setattr(connection, _SESSION_TIMEOUT, (connection.connection, timeout_ms))


def session_timeout_clear() -> None:
    """Back to the connection's own statement_timeout, if session_timeout_set() changed it."""
    marked = getattr(connection, _SESSION_TIMEOUT, None)
    if marked is None:
        return
    if connection.connection is None or connection.connection is not marked[0]:
        setattr(connection, _SESSION_TIMEOUT, None)  # a new connection: it never had the setting
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # A RESET would come back if the enclosing transaction rolled back: for this transaction only.
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return
        cursor.execute("RESET statement_timeout")
    setattr(connection, _SESSION_TIMEOUT, None)


class RenderedResponseCyclesMiddleware:
    """A DRF response, once rendered, lets go of its view: its data is freed when it is sent, not by the GC.

    DRF keeps the response in its own renderer context and on the view (view.response), and the view
    in the context: the response and all of its data (a list page's thousands of dicts and lists) were
    reference cycles, left for Python's garbage collector, whose passes over them (and over the live
    objects of the requests during which they ran) cost a tenth of a list request's time. Rendered,
    the response needs neither: both links are dropped. response.data stays (tests read it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        context = getattr(response, "renderer_context", None)
        if context and getattr(response, "is_rendered", False):
            view = context.get("view")
            if getattr(view, "response", None) is response:
                view.response = None
            response.renderer_context = None
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
