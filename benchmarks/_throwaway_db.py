"""A throw-away database for the benchmarks, built from the migrations and dropped afterwards."""

from __future__ import annotations

import sys


def throwaway_database_create(*, require_postgres: bool = False) -> str:
    """Set Django up and create a fresh test database; returns the name to restore when dropping it."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if require_postgres and connection.vendor != "postgresql":
        sys.exit("run against PostgreSQL: set DATABASE_URL (see the docstring)")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return old_name


def throwaway_database_drop(old_name: str) -> None:
    from django.db import connection

    connection.close()
    connection.creation.destroy_test_db(old_name, verbosity=0)


def records_truncate() -> None:
    """Back to "gazetteer only": reports and every fact drawn from them (and people: the gazetteer
    loads actors, not people), with this thread's gazetteer cache, which may hold the people."""
    from django.db import connection

    from events.gazetteer import gazetteer_cache_clear

    with connection.cursor() as cursor:
        cursor.execute(
            'TRUNCATE "events_report", "events_statement", "events_meeting", '
            '"negotiations_negotiation", "negotiations_person" CASCADE'
        )
    gazetteer_cache_clear()
