"""Accent- and hyphen-insensitive admin search: "Erdogan" finds Erdoğan, "ceasefire" finds cease-fire.

``folded`` is a lookup for text columns: ``name__folded="Erdogan"`` compares the column and the term
both lower-cased, without accents and without hyphens, as a substring. Admin search fields use it
("name__folded"): the admin accepts a lookup named after a field.

On PostgreSQL the column is folded by the ``unaccent`` extension (installed by the migration
negotiations 0003_unaccent); on SQLite, the embedded default, by the same Python function that folds
the term, registered on the connection.
"""

from __future__ import annotations

import unicodedata

from django.db import models

# Letters NFKD does not decompose, folded the way PostgreSQL's unaccent folds them.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
    }
)
# Hyphens of every kind are dropped: "cease-fire", "cease‐fire" and "ceasefire" are one word.
_HYPHENS = str.maketrans({"-": None, "\u2010": None, "\u2011": None})


def fold(value: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().translate(_HYPHENS)


SQLITE_FUNCTION = "negotiations_fold"


@models.CharField.register_lookup
@models.TextField.register_lookup
class Folded(models.Lookup):
    lookup_name = "folded"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(fold(str(value)))}%"]

    def as_sql(self, compiler, connection):
        # Portable fallback: case-insensitive only (a backend without accent folding).
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"LOWER({lhs}) LIKE {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        hyphens = "".join(("-", "\u2010", "\u2011"))
        return (f"TRANSLATE(LOWER(unaccent({lhs}::text)), '{hyphens}', '') LIKE {rhs}", [*lhs_params, *rhs_params])

    def as_sqlite(self, compiler, connection):
        connection.ensure_connection()
        # deterministic: SQLite may then call it once per value; idempotent, so safe on every query.
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{SQLITE_FUNCTION}({lhs}) LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]
