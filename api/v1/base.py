"""The one place that fixes auth, permissions, pagination, filtering and throttling for API v1.

Read the Docs api/v3 style: every v1 view inherits V1Mixin, so a v2 can choose
differently without touching v1.
"""

from __future__ import annotations

import codecs
import copy

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.http import parse_header_parameters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.fields import CharField
from rest_framework.filters import OrderingFilter, SearchFilter, search_smart_split
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from api.errors import Conflict, RequestTooLarge, django_validation_error_to_drf
from api.v1.pagination import V1Pagination
from api.v1.permissions import ModelPermissionsOrAnonReadOnly
from api.v1.selectors import CompiledRows
from api.v1.throttling import V1AnonThrottle, V1UserThrottle

# Every search word adds an OR of ILIKEs (through joins) to the query: an anonymous ?q= of hundreds of
# words held the database for minutes. Longer or wordier searches are refused with a 400.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 10


class QSearchFilter(SearchFilter):
    # ?q=words (or ?search=words): every word must match one of the view's search_fields.
    search_param = "q"
    search_description = (
        f"Words that must all match (name, title, text...). At most {SEARCH_MAX_CHARS} characters "
        f"and {SEARCH_MAX_WORDS} words, else 400."
    )

    def get_search_terms(self, request):
        param = self.search_param if self.search_param in request.query_params else "search"
        # The field rejects NUL characters with a 400 (PostgreSQL would raise on them).
        value = CharField(trim_whitespace=False, allow_blank=True).run_validation(request.query_params.get(param, ""))
        if len(value) > SEARCH_MAX_CHARS:
            raise serializers.ValidationError({param: [f"At most {SEARCH_MAX_CHARS} characters."]})
        terms = search_smart_split(value)
        if len(terms) > SEARCH_MAX_WORDS:
            raise serializers.ValidationError({param: [f"At most {SEARCH_MAX_WORDS} words."]})
        return terms

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = SEARCH_MAX_CHARS
        return parameters


class V1FilterBackend(DjangoFilterBackend):
    # Building a FilterSet (its form, a deep copy of every filter's form field) was a fifth of the Python
    # time of a list request that filters nothing. With none of its parameters in the query string a
    # FilterSet filters nothing (its filters skip empty values and none is required), so it is not built.
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not filter_parameters_given(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def filter_parameters_given(query_params, filterset_class) -> bool:
    """Whether the query string names one of the FilterSet's filters (or a suffixed part, e.g. date_after)."""
    names = filterset_class.base_filters.keys()
    return any(key == name or key.startswith(f"{name}_") for key in query_params for name in names)


class StableOrderingFilter(OrderingFilter):
    def remove_invalid_fields(self, queryset, fields, view, request):
        # DRF drops unknown fields silently, so a typo gave the default order without a word: a 400 instead.
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields):
            allowed = sorted(name for name, _label in self.get_valid_fields(queryset, view, {"request": request}))
            unknown = [field for field in fields if field not in valid]
            raise serializers.ValidationError(
                {
                    self.ordering_param: [
                        f"Unknown ordering {', '.join(unknown)!r}: use one of {', '.join(allowed)}"
                        " (prefix - for descending, commas between several)."
                    ]
                }
            )
        return valid

    # Rows that tie on the requested ordering (many statements share a said_on) would move between
    # pages from one request to the next; the id breaks ties so paging is stable.
    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering


# Request bodies are decoded as UTF-8 (ASCII is a subset). Any other charset is refused: Python codecs
# such as rot13 crashed the parser, and zlib or bz2 inflated a small body past the size limit.
ACCEPTED_CHARSETS = frozenset({"utf-8", "ascii"})

# JSON deeper than this is refused: nothing the API accepts nests more than a few levels, and the
# decoder recurses per level (1,000 levels hit Python's recursion limit).
JSON_MAX_DEPTH = 64


def request_charset_check(request) -> None:
    _media_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    charset = params.get("charset")
    if charset is None:
        return
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        name = ""
    if name not in ACCEPTED_CHARSETS:
        raise exceptions.UnsupportedMediaType(
            request.META.get("CONTENT_TYPE", ""), detail=f"Request bodies must be UTF-8 (charset {charset!r} given)."
        )


def _json_depth_check(data) -> None:
    # Iterative, so checking cannot itself hit the recursion limit.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > JSON_MAX_DEPTH:
            raise exceptions.ParseError(f"JSON nested too deep (more than {JSON_MAX_DEPTH} levels).")
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


class V1JSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(f"JSON nested too deep (more than {JSON_MAX_DEPTH} levels).") from None
        _json_depth_check(data)
        return data


# Query parameters that leave a list's SQL as it is: the page only moves its LIMIT/OFFSET.
_PAGE_ONLY_PARAMS = frozenset({"page", "page_size"})
_CURSOR_ONLY_PARAMS = frozenset({"page", "page_size", "cursor"})


class V1Mixin:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [ModelPermissionsOrAnonReadOnly]
    pagination_class = V1Pagination
    filter_backends = [V1FilterBackend, QSearchFilter, StableOrderingFilter]
    throttle_classes = [V1AnonThrottle, V1UserThrottle]
    parser_classes = [V1JSONParser, FormParser, MultiPartParser]
    # Every v1 resource is addressed by its integer id; anything else is a 404 at the router.
    lookup_value_regex = r"[0-9]+"

    def initial(self, request, *args, **kwargs):
        # Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when request.body/POST is read, but DRF's
        # parsers read the stream directly. The stream is cut at CONTENT_LENGTH (and a body without
        # one is read as empty), so checking the header bounds what any parser can read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            raise RequestTooLarge(f"Request bodies are limited to {limit} bytes.")
        if request.method not in SAFE_METHODS:
            request_charset_check(request)
        self._page_size_check(request)
        super().initial(request, *args, **kwargs)

    # SQL of the lists whose query string named nothing but the page, by (view class, database): see list_rows.
    _page_only_rows: dict[tuple[type, str], CompiledRows | None] = {}

    def list_rows(self, rows_of):
        """The rows to paginate for a list: rows_of(filtered queryset), a values() queryset.

        A query string that names nothing but the page (no filter, search, ordering, cursor or count)
        gives the same queryset on every request, whoever asks (the view's get_queryset must depend
        on the query string alone for its list): its SQL is compiled on the first such request and run
        again after that (CompiledRows), without building the queryset.
        """
        params = self.request.query_params.keys()
        key = (type(self), connection.alias)
        if params <= _PAGE_ONLY_PARAMS:
            rows = V1Mixin._page_only_rows.get(key, False)
            if rows is False:
                rows = CompiledRows.of(rows_of(self.filter_queryset(self.get_queryset())))
                V1Mixin._page_only_rows[key] = rows
            if rows is not None:
                return rows
        rows = rows_of(self.filter_queryset(self.get_queryset()))
        if params <= _CURSOR_ONLY_PARAMS:
            # The same for cursor pages: the paginator keeps the SQL of each kind of cursor (V1Pagination).
            rows.keyset_sql_key = key
        return rows

    def _page_size_check(self, request):
        # DRF falls back to the default size for a page_size it cannot read: say so instead.
        # (Sizes above the maximum are still capped to it, as documented.)
        param = getattr(self.paginator, "page_size_query_param", None)
        if not param or param not in request.query_params:
            return
        raw = request.query_params[param]
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise serializers.ValidationError({param: ["A whole number of at least 1."]})


class ModelRulesSerializer(serializers.ModelSerializer):
    # Input serializer whose rules are the model's own: clean_fields(), clean(), validate_unique()
    # and validate_constraints() on the unsaved instance. The bulk importer validates with the same
    # model rules, so the API and the importer cannot disagree. Subclasses may override
    # prepare(instance) to fill derived columns that save() would compute (e.g. normalized_name)
    # before constraints are checked. (Comments, not a docstring: the schema would show it.)

    # Columns prepare() derives that must be saved too (e.g. a default slug).
    derived_fields: tuple[str, ...] = ()

    def prepare(self, instance) -> None:
        pass

    def _m2m_names(self) -> set[str]:
        model = self.Meta.model
        return {f.name for f in model._meta.many_to_many}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        m2m = self._m2m_names()
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in m2m:
                setattr(instance, name, value)
        self.prepare(instance)
        try:
            # Related objects were already resolved by the serializer's fields.
            instance.clean_fields(exclude=self._clean_fields_exclude(model))
            instance.clean()
            instance.validate_unique()
            instance.validate_constraints()
        except DjangoValidationError as exc:
            raise django_validation_error_to_drf(exc) from None
        for name in self.derived_fields:
            attrs[name] = getattr(instance, name)
        return attrs

    def _clean_fields_exclude(self, model) -> list[str]:
        return [f.name for f in model._meta.concrete_fields if f.is_relation]

    def create(self, validated_data):
        m2m = {k: validated_data.pop(k) for k in list(validated_data) if k in self._m2m_names()}
        instance = self.Meta.model(**validated_data)
        self._save(instance)
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        return instance

    def update(self, instance, validated_data):
        m2m = {k: validated_data.pop(k) for k in list(validated_data) if k in self._m2m_names()}
        for name, value in validated_data.items():
            setattr(instance, name, value)
        self._save(instance)
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        return instance

    def _save(self, instance):
        # The view sets `_history_user` on the serializer context's request user.
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            instance._history_user = request.user
        instance.save()

    def get_validators(self):
        # The model's constraints are checked in validate(); DRF's copies of them would run twice.
        return []


class V1ModelViewSet(V1Mixin, viewsets.ModelViewSet):
    # Read with serializer_class (output); write with input_serializer_class, answer with the output.
    # HackSoft style: the input serializer only validates and saves; the answer is re-read through
    # get_queryset() so it has the same shape (and prefetches) as GET. (Comments: the schema shows docstrings.)

    input_serializer_class: type[serializers.Serializer] | None = None

    def get_serializer_class(self):
        # Writes, and the forms the browsable API and OPTIONS describe for them, use the input serializer.
        # (Those clone the request with the write method while the action is still list/retrieve/metadata.)
        writing = self.action in ("create", "update", "partial_update") or (
            self.request is not None and self.request.method in ("POST", "PUT", "PATCH")
        )
        if writing and self.input_serializer_class:
            return self.input_serializer_class
        return self.serializer_class

    def _answer(self, instance, status_code):
        instance = self.get_queryset().get(pk=instance.pk)
        data = self.serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def _save(self, serializer):
        try:
            with transaction.atomic():
                return serializer.save()
        except IntegrityError:
            raise Conflict("A record with these values already exists.") from None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self._save(serializer)
        return self._answer(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self._save(serializer)
        return self._answer(instance, status.HTTP_200_OK)

    def perform_destroy(self, instance):
        # Token-authenticated requests are invisible to simple_history's middleware user lookup.
        instance._history_user = self.request.user
        instance.delete()


class V1ReadOnlyViewSet(V1Mixin, viewsets.ReadOnlyModelViewSet):
    pass
