"""The models' own rules, applied to many rows without a query per row.

Django's Model.validate_constraints() runs one query per row and constraint (Q.check and the
unique lookups). Here the same constraint objects from Model._meta are evaluated in Python, with
SQL's three-valued logic: a CHECK passes unless its condition is FALSE (NULL passes), a partial
unique index covers a row only when its condition is TRUE. Uniqueness against stored rows is checked
per batch with one query per constraint (see importer).
"""

from __future__ import annotations

import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

_OPERATORS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


class UnsupportedLookup(Exception):
    """A constraint uses a lookup this evaluator does not know; the caller must not guess."""


def _value(obj: models.Model, name: str):
    if name == "pk":
        return obj.pk
    return getattr(obj, obj._meta.get_field(name).attname)


def _lookup(obj: models.Model, lookup: str, expected) -> bool | None:
    name, _, op = lookup.partition("__")
    op = op or "exact"
    left = _value(obj, name)
    if op == "isnull":
        return (left is None) == bool(expected)
    if op == "in":
        return None if left is None else left in expected
    if op not in _OPERATORS:
        raise UnsupportedLookup(lookup)
    right = _value(obj, expected.name) if isinstance(expected, F) else expected
    if left is None or right is None:
        return None  # SQL: a comparison with NULL is unknown
    return _OPERATORS[op](left, right)


def q_value(q: Q, obj: models.Model) -> bool | None:
    """Evaluate a Q over an unsaved instance: True, False or None (unknown, as SQL NULL)."""
    results = [q_value(child, obj) if isinstance(child, Q) else _lookup(obj, *child) for child in q.children]
    if q.connector == Q.AND:
        value = False if False in results else (None if None in results else True)
    elif q.connector == Q.OR:
        value = True if True in results else (None if None in results else False)
    else:
        raise UnsupportedLookup(q.connector)
    if q.negated and value is not None:
        value = not value
    return value


def check_constraints(obj: models.Model) -> list[tuple[str, str]]:
    """(field, reason) for each CHECK constraint of the model the row breaks."""
    errors = []
    for constraint in obj._meta.constraints:
        if isinstance(constraint, models.CheckConstraint) and q_value(constraint.condition, obj) is False:
            errors.append((_constraint_field(constraint.condition), constraint.get_violation_error_message()))
    return errors


def _constraint_field(q: Q) -> str:
    """Name the field a constraint is about: the first one its condition mentions."""
    for child in q.children:
        if isinstance(child, Q):
            return _constraint_field(child)
        return child[0].split("__")[0]
    return "__all__"


def unique_constraints(model: type[models.Model]) -> list[tuple[str, tuple[str, ...], Q | None]]:
    """(name, attnames, condition) for every uniqueness rule: unique fields and UniqueConstraints."""
    rules = []
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            rules.append((f.name, (f.attname,), None))
    for fields in model._meta.unique_together:
        rules.append(("_".join(fields), tuple(model._meta.get_field(n).attname for n in fields), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            attnames = tuple(model._meta.get_field(n).attname for n in constraint.fields)
            rules.append((constraint.name, attnames, constraint.condition))
    return rules


def covered(condition: Q | None, obj: models.Model) -> bool:
    return condition is None or q_value(condition, obj) is True


def clean_fields(obj: models.Model, *, exclude: list[str]) -> list[tuple[str, str]]:
    """Model.clean_fields (types, choices, max_length, validators) as (field, reason) pairs."""
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as error:
        return [(name, " ".join(str(m) for m in messages)) for name, messages in error.message_dict.items()]
    except (TypeError, ValueError) as error:  # a value of a type the field's parser does not take
        return [("__all__", f"invalid value: {error}")]
    return []
