"""Server-side prepared statements for the few hot queries whose text never changes.

PostgreSQL parses and plans every statement psycopg2 sends. For the statements a worker runs for every
report, planning costs more than running: the gazetteer's version query (twenty-two index look-ups)
takes about 0.55 ms to plan and 0.2 ms to run, twice per report. Prepared once per connection with
PREPARE and then run with EXECUTE, it is planned once (a generic plan, after PostgreSQL's first few
custom ones).

What a statement must be to be prepared here: its text fixed (arrays rather than IN lists of varying
length), its result columns named (a `SELECT *` plan breaks when a migration changes the table), and
each parameter's type clear from where it stands or from a cast.

Prepared statements live in the database session, so the names prepared are kept with the connection
they were prepared on (a reconnection starts with none). They survive a rolled-back transaction.
Behind a transaction-mode pooler (PgBouncer), where consecutive transactions may run on different
server sessions, set DB_PREPARED_STATEMENTS=false: the statements are then sent as they are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from django.conf import settings

_PLACEHOLDER = re.compile(r"%s|%%")
# Where the names prepared on a connection are kept, on Django's DatabaseWrapper: (raw connection, names).
_PREPARED = "prepared_statements"


def execute_prepared(cursor, sql: str, params: Sequence = ()) -> None:
    """cursor.execute(sql, params), through a statement prepared once per connection on PostgreSQL."""
    db = cursor.db
    if db.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    name = "q_" + hashlib.sha1(sql.encode()).hexdigest()[:20]
    held = getattr(db, _PREPARED, None)
    if held is None or held[0] is not db.connection:
        held = (db.connection, set())
        setattr(db, _PREPARED, held)
    if name not in held[1]:
        cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")
        held[1].add(name)
    if params:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
    else:
        cursor.execute(f"EXECUTE {name}")


def _numbered(sql: str) -> str:
    """psycopg2's %s placeholders as PostgreSQL's $1, $2, ... (%% stays a literal %)."""
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)
