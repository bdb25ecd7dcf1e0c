"""One JSON error shape for every API version.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}

`fields` is present only for validation errors and maps a field name (or
"non_field_errors") to a list of messages. Clients can rely on `status` and
`code`; `message` is for humans.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body is larger than the server accepts."
    default_code = "request_too_large"


class BadRequest(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request is malformed."
    default_code = "bad_request"


class QueryTimeout(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The query took too long and was stopped; narrow it (fewer search words, filters) or retry."
    default_code = "query_timeout"


# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def django_validation_error_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """Map a model ValidationError (clean_fields, validate_constraints) onto DRF field errors."""
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if key == "__all__" else key): messages for key, messages in exc.message_dict.items()
        }
    else:
        detail = {"non_field_errors": exc.messages}
    return exceptions.ValidationError(detail)


def _convert(exc: Exception) -> Exception:
    """Turn Django and database exceptions that reach a view into API exceptions (never a 500 for bad input)."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    if isinstance(exc, SuspiciousOperation):
        # Too many form fields or files, a malformed multipart body: the client's fault, a 400.
        return BadRequest()
    if isinstance(exc, DjangoValidationError):
        return django_validation_error_to_drf(exc)
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict("Other records still refer to this one; remove or reassign them first.")
    if isinstance(exc, OperationalError) and getattr(exc.__cause__, "pgcode", None) == QUERY_CANCELED:
        return QueryTimeout()
    if isinstance(exc, IntegrityError):
        # Validation runs the model's constraints first; this is the race where a
        # concurrent write took the same unique value in between.
        return Conflict("A record with these values already exists.")
    return exc


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {key: value if isinstance(value, (list, dict)) else [value] for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def _first_code(codes) -> str:
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)


def error_body(*, status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every API error in one shape."""
    exc = _convert(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # A real bug: let Django answer 500 and log it.

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = "%d" % exc.wait

    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            status_code=exc.status_code,
            code="invalid",
            message="The request has invalid fields.",
            fields=_fields(exc.detail),
        )
    else:
        detail = exc.detail
        message = str(detail) if not isinstance(detail, (dict, list)) else str(exc.default_detail)
        body = error_body(status_code=exc.status_code, code=_first_code(exc.get_codes()), message=message)

    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def error_response(*, status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(status_code=status_code, code=code, message=message), status=status_code)


def not_found(request, *args, **kwargs):
    """Any unknown path under /api/ answers a JSON 404, not Django's HTML page."""
    return error_response(status_code=404, code="not_found", message=f"No API endpoint at {request.path}.")


def page_not_found(request, exception=None, *args, **kwargs):
    """handler404: a path no pattern matches (e.g. one holding a newline) under /api/ answers JSON."""
    if is_api_request(request):
        return not_found(request)
    from django.views.defaults import page_not_found as django_page_not_found

    return django_page_not_found(request, exception, *args, **kwargs)


def bad_request(request, exception=None, *args, **kwargs):
    """handler400: a Host not allowed, too many fields... raised outside a DRF view."""
    if is_api_request(request):
        return error_response(status_code=400, code="bad_request", message="The request is malformed.")
    from django.views.defaults import bad_request as django_bad_request

    return django_bad_request(request, exception, *args, **kwargs)


def permission_denied(request, exception=None, *args, **kwargs):
    """handler403 for /api/ paths outside DRF views."""
    if is_api_request(request):
        return error_response(
            status_code=403, code="permission_denied", message="You do not have permission to perform this action."
        )
    from django.views.defaults import permission_denied as django_permission_denied

    return django_permission_denied(request, exception, *args, **kwargs)


def csrf_failure(request, reason="", *args, **kwargs):
    """CSRF_FAILURE_VIEW: JSON under /api/, Django's page elsewhere."""
    if is_api_request(request):
        return error_response(status_code=403, code="csrf_failed", message=f"CSRF check failed: {reason}")
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)


def server_error(request, *args, **kwargs):
    """handler500: a bug under /api/ still answers the one JSON shape; elsewhere Django's page."""
    if is_api_request(request):
        return error_response(status_code=500, code="server_error", message="A server error occurred.")
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request, *args, **kwargs)
