"""The OpenAPI schema tells the truth about v1: what writes answer, the errors, and anonymous reads.

drf-spectacular's defaults documented writes with their input serializer (they answer the read
representation), no 4xx at all, and every read as needing a token. V1AutoSchema corrects that for
every view; `postprocess` adds the bounds on ids and page numbers the API enforces.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. invalid, not_found, throttled.")
    message = serializers.CharField(help_text="For humans.")
    fields = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text='Validation errors only: field name (or "non_field_errors") to a list of messages.',
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERRORS = {
    400: "Invalid input: a query parameter or body field (see error.fields), or a malformed body.",
    401: "The token is unknown, or writing needs a token.",
    403: "The user lacks the model permission this needs.",
    404: "No such row, page, or format.",
    405: "Method not allowed here.",
    406: "No representation matches the Accept header.",
    429: "Throttled: retry after the Retry-After header's seconds.",
    503: "An anonymous request's query ran out of time (API_ANON_STATEMENT_TIMEOUT_MS); narrow it or retry.",
}
_WRITE_ERRORS = {
    409: "Conflicts with existing rows (a unique value taken, rows still referring to this one).",
    413: "The body is larger than the server accepts.",
    415: "Unsupported content type or charset (bodies are JSON, form or multipart, in UTF-8).",
}


class V1AutoSchema(AutoSchema):
    def get_response_serializers(self):
        # V1ModelViewSet validates with input_serializer_class but answers with serializer_class.
        view = self.view
        if getattr(view, "input_serializer_class", None) and getattr(view, "action", None) in (
            "create",
            "update",
            "partial_update",
        ):
            return view.serializer_class
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(_ERRORS)
        if self.method not in SAFE_METHODS:
            errors.update(_WRITE_ERRORS)
        for status_code, description in sorted(errors.items()):
            responses.setdefault(
                str(status_code),
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description),
                    str(status_code),
                    media_types=["application/json"],
                    direction=direction,
                ),
            )
        return responses

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = (DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly)
        if self.method in SAFE_METHODS and any(isinstance(p, anonymous_reads) for p in self.view.get_permissions()):
            if {} in auths:
                auths.remove({})
            auths.insert(0, {})
        return auths

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # Ids are positive: a row id, or a reference to one.
        if isinstance(field, serializers.PrimaryKeyRelatedField) or (
            isinstance(field, serializers.IntegerField) and field.field_name == "id"
        ):
            _at_least_one(schema)
        elif isinstance(field, serializers.ManyRelatedField) and isinstance(
            field.child_relation, serializers.PrimaryKeyRelatedField
        ):
            _at_least_one(schema.get("items", {}))
        return schema


def _at_least_one(schema: dict) -> None:
    if schema.get("type") == "integer":
        schema["minimum"] = max(1, schema.get("minimum", 1))


def postprocess(result, generator, request, public):
    """SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: path ids and page numbers are at least 1."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                name, where = parameter.get("name"), parameter.get("in")
                if where == "path" and name == "id":
                    # The router takes digits only (lookup_value_regex): a positive integer id.
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
                elif where == "query" and name in ("page", "page_size"):
                    _at_least_one(parameter.get("schema", {}))
    return result
