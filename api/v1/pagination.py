"""API v1 pagination: page numbers without a COUNT(*) unless asked, and keyset cursors for walking a whole list.

Page numbers: ?page=N&page_size=M (size capped at 200). `count` is null unless ?count=true asks for it:
an exact COUNT(*) on every request is what made lists slow on a large record. `next` is found by
fetching one row more than the page.

Cursors: ?cursor= (empty to start) answers {next, results}; `next` carries an opaque cursor holding the
last row's ordering values. Each page is one indexed range scan whatever its depth (no OFFSET). The
list's ordering must be one column and the id (the default of every hot list, or ?ordering=<column>).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections import OrderedDict

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.v1.selectors import CompiledRows, rows_list

_TRUE = {"1", "true", "yes", "on"}


class V1Pagination(PageNumberPagination):
    """?page=N&page_size=M (count only with ?count=true), or ?cursor= for keyset pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    count_query_param = "count"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.mode = "cursor" if self.cursor_query_param in request.query_params else "page"
        self.count = None
        self.next_link = None
        self.previous_link = None
        self.display_page_controls = False
        if self.mode == "cursor":
            return self._cursor_page(queryset, request)
        if self._count_asked(request):
            # DRF's Django Paginator: the exact count, the last page, the page controls of the browsable API.
            rows = super().paginate_queryset(queryset, request, view)
            self.count = self.page.paginator.count
            self.next_link = super().get_next_link()
            self.previous_link = super().get_previous_link()
            return rows
        return self._numbered_page(queryset, request)

    def rows_needed(self, request) -> int | None:
        """How many rows from the start of the ordering this request's page can reach; None: it may need all."""
        if self.cursor_query_param in request.query_params or self._count_asked(request):
            return None
        try:
            number = int(request.query_params.get(self.page_query_param) or 1)
        except ValueError:
            return None
        return number * self.get_page_size(request) + 1 if number >= 1 else None

    def _count_asked(self, request) -> bool:
        return request.query_params.get(self.count_query_param, "").lower() in _TRUE

    # --- page numbers without a count -------------------------------------------------------------------

    def _numbered_page(self, queryset, request):
        size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param) or 1
        try:
            number = int(raw)
            if number < 1:
                raise ValueError
        except (TypeError, ValueError):
            raise NotFound(
                self.invalid_page_message.format(page_number=raw, message="That page number is not valid.")
            ) from None
        offset = (number - 1) * size
        rows = rows_list(queryset[offset : offset + size + 1])
        if number > 1 and not rows:
            message = "That page contains no results."
            raise NotFound(self.invalid_page_message.format(page_number=number, message=message))
        url = request.build_absolute_uri()
        if len(rows) > size:
            rows = rows[:size]
            self.next_link = replace_query_param(url, self.page_query_param, number + 1)
        if number == 2:
            self.previous_link = remove_query_param(url, self.page_query_param)
        elif number > 2:
            self.previous_link = replace_query_param(url, self.page_query_param, number - 1)
        return rows

    # --- keyset cursors ---------------------------------------------------------------------------------

    def _cursor_page(self, queryset, request):
        size = self.get_page_size(request)
        keys = _keyset_ordering(queryset)
        signature = [("-" if desc else "") + name for name, desc in keys]
        token = request.query_params.get(self.cursor_query_param, "")
        sql_key = getattr(queryset, "keyset_sql_key", None)
        model = queryset.model
        queryset = queryset.order_by(*(_order_expression(name, desc) for name, desc in keys))
        values = cursor_values_clean(model, keys, _cursor_decode(token, signature)) if token else []
        if sql_key is not None:
            rows = _keyset_rows(queryset, keys, values, sql_key=sql_key, limit=size + 1)
        else:
            if values:
                queryset = queryset.filter(_after(model, keys, values))
            rows = rows_list(queryset[: size + 1])
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            model = queryset.model
            values = [_cursor_value(model, name, _row_value(model, last, name)) for name, _desc in keys]
            url = remove_query_param(request.build_absolute_uri(), self.page_query_param)
            self.next_link = replace_query_param(url, self.cursor_query_param, _cursor_encode(signature, values))
        return rows

    # --- responses ----------------------------------------------------------------------------------------

    def get_next_link(self):
        return self.next_link

    def get_previous_link(self):
        return self.previous_link

    def get_paginated_response(self, data):
        if self.mode == "cursor":
            return Response(OrderedDict([("next", self.next_link), ("results", data)]))
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("next", self.next_link),
                    ("previous", self.previous_link),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["nullable"] = True
        response["properties"]["count"]["description"] = (
            "Exact number of rows, with ?count=true; null otherwise. Absent with ?cursor=, which answers "
            "only next and results."
        )
        # A cursor page answers only next and results, so count is not required.
        response["required"] = ["results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters += [
            {
                "name": self.count_query_param,
                "required": False,
                "in": "query",
                "description": "true: answer the exact count (a COUNT(*); omitted by default).",
                "schema": {"type": "boolean"},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Keyset pages: empty to start, then the cursor in each page's next link.",
                "schema": {"type": "string"},
            },
        ]
        return parameters


# The SQL of cursor pages, by the list (V1Mixin.list_rows: a list whose query string names only the page
# and the cursor) and the kind of cursor (none, or which of its values are NULL): see _keyset_rows.
_KEYSET_SQL: dict[tuple, tuple | None] = {}


def _keyset_rows(queryset, keys, values: list, *, sql_key, limit: int) -> list:
    """The rows after the cursor `values` (all rows without one), up to limit, of a list whose queryset
    is the same on every request: its SQL compiled once for each kind of cursor, the cursor's values
    put in as parameters.

    Building the page's query (the keyset condition, its compilation) cost as much as running it. The
    first request of a kind compiles it twice: with its values and with stand-ins, to find which
    parameters are the cursor's; the SQL is kept only if putting the values back in gives exactly the
    SQL and parameters the ORM compiled, else every such page is built by the ORM as before.
    """
    shape = (sql_key, tuple(keys), tuple(value is None for value in values) if values else None)
    entry = _KEYSET_SQL.get(shape, False)
    if entry is False:
        entry = _KEYSET_SQL[shape] = _keyset_sql(queryset, keys, values)
    if entry is None:
        if values:
            queryset = queryset.filter(_after(queryset.model, keys, values))
        return rows_list(queryset[:limit])
    sql, slots, names = entry
    params = tuple(values[slot] if kind else slot for kind, slot in slots)
    return CompiledRows(sql, params, names)[0:limit]


def _keyset_sql(queryset, keys, values: list) -> tuple | None:
    def compiled(cursor_values):
        rows = queryset.filter(_after(queryset.model, keys, cursor_values)) if cursor_values else queryset
        return CompiledRows.of(rows)

    real = compiled(values)
    if real is None:
        return None
    stand_ins = [_stand_in(value, index) for index, value in enumerate(values)]
    if any(stand_in is None and value is not None for stand_in, value in zip(stand_ins, values, strict=True)):
        return None  # a type without a stand-in
    probe = compiled(stand_ins) if values else real
    if probe is None or probe.sql != real.sql:
        return None
    # Each parameter: (True, index of the cursor value it is) or (False, the constant it is).
    slots = []
    for param in probe.params:
        found = [i for i, stand_in in enumerate(stand_ins) if type(param) is type(stand_in) and param == stand_in]
        slots.append((True, found[0]) if found else (False, param))
    rebuilt = tuple(values[slot] if kind else slot for kind, slot in slots)
    if rebuilt != real.params or [type(p) for p in rebuilt] != [type(p) for p in real.params]:
        return None
    return real.sql, tuple(slots), real.names


def _stand_in(value, index: int):
    """A value of the cursor value's type that no list holds, different for each position; None for NULL."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 2**62 + 7919 * (index + 1)
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1, 1, 1, 0, 0, index + 1, 424242, tzinfo=value.tzinfo)
    if isinstance(value, datetime.date):
        return datetime.date(1, 1, index + 2)
    if isinstance(value, str):
        return f"\x01keyset stand-in {index}\x01"
    return None


def _bad_cursor(message: str) -> ValidationError:
    return ValidationError({"cursor": [message]})


def _keyset_ordering(queryset) -> list[tuple[str, bool]]:
    """The list's ordering as (field name, descending) pairs: at most one column, then the id."""
    ordering = list(queryset.query.order_by) or list(queryset.query.get_meta().ordering)
    keys = []
    for item in ordering:
        if isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, desc = item.expression.name, item.descending
        elif isinstance(item, str):
            name, desc = item.lstrip("-"), item.startswith("-")
        else:
            raise _bad_cursor("Cursor pages are not available for this list; use ?page=.")
        keys.append(("id" if name == "pk" else name, desc))
    usable = keys and keys[-1][0] == "id" and len(keys) <= 2 and all(_is_column(queryset.model, n) for n, _ in keys)
    if not usable:
        raise _bad_cursor("Cursor pages need an ordering by one column (then id); use ?page= for this ordering.")
    return keys


def _is_column(model, name: str) -> bool:
    if "__" in name:
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return getattr(field, "concrete", False) and not field.many_to_many


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def _row_value(model, row, name: str):
    # Model instances, or the dicts of a values() list (the hot lists read those).
    return row[name] if isinstance(row, dict) else getattr(row, _attname(model, name))


def _order_expression(name: str, desc: bool) -> OrderBy:
    # NULL sorts as the largest value, PostgreSQL's default (so its plain indexes serve the order);
    # written out so SQLite, which sorts NULL first, pages the same way.
    return F(name).desc(nulls_first=True) if desc else F(name).asc(nulls_last=True)


def _after(model, keys: list[tuple[str, bool]], values: list) -> Q:
    """Rows strictly after `values` in the (column, id) ordering, NULL being the largest value."""
    *head, (_id, id_desc) = keys
    last_id = values[-1]
    id_after = Q(id__lt=last_id) if id_desc else Q(id__gt=last_id)
    if not head:
        return id_after
    (name, desc), value = head[0], values[0]
    nullable = model._meta.get_field(name).null
    if value is None:
        # Past the NULLs (last in ascending order, first in descending order).
        rest = Q(**{f"{name}__isnull": True}) & id_after
        return rest | Q(**{f"{name}__isnull": False}) if desc else rest
    # The bound on the column alone lets the index range scan start at the cursor.
    bound, beyond = ("lte", "lt") if desc else ("gte", "gt")
    after = Q(**{f"{name}__{bound}": value}) & (Q(**{f"{name}__{beyond}": value}) | id_after)
    if nullable and not desc:
        after |= Q(**{f"{name}__isnull": True})
    return after


def _cursor_value(model, name: str, value):
    if value is None or isinstance(value, (int, str)):
        return value
    return model._meta.get_field(name).value_to_string(_Holder(model, name, value))


class _Holder:
    # value_to_string() reads the value off an instance: this stands in for one.
    def __init__(self, model, name, value):
        setattr(self, model._meta.get_field(name).attname, value)


def _cursor_encode(signature: list[str], values: list) -> str:
    raw = json.dumps({"o": signature, "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(token: str, signature: list[str]) -> list:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        ordering, values = data["o"], data["v"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise _bad_cursor("Invalid cursor: start with an empty ?cursor= and follow the next links.") from None
    if ordering != signature or not isinstance(values, list) or len(values) != len(signature):
        raise _bad_cursor("This cursor belongs to another ordering: start again with an empty ?cursor=.")
    return values


def cursor_values_clean(model, keys: list[tuple[str, bool]], values: list) -> list:
    """The cursor's values as the columns' Python types (a 400 for a value the column cannot hold)."""
    cleaned = []
    for (name, _desc), value in zip(keys, values, strict=False):
        if name == "id":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                raise _bad_cursor("Invalid cursor: start with an empty ?cursor= and follow the next links.")
            cleaned.append(value)
            continue
        if value is None:
            cleaned.append(None)
            continue
        if isinstance(value, str) and "\x00" in value:
            raise _bad_cursor("Invalid cursor: start with an empty ?cursor= and follow the next links.")
        try:
            cleaned.append(model._meta.get_field(name).to_python(value))
        except (DjangoValidationError, TypeError, ValueError):
            raise _bad_cursor("Invalid cursor: start with an empty ?cursor= and follow the next links.") from None
    return cleaned
