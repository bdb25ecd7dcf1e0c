"""Prepared statements: prepared once per connection, again on a new one, sent as they are when disabled."""

import pytest
from django.db import connection, transaction

from events.gazetteer import gazetteer_version
from negotiations.prepared import execute_prepared

pytestmark = pytest.mark.django_db(transaction=True)

SQL = "SELECT %s::integer + 1, 'per cent: %%' || %s::text"


class _Sent(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def _run(sql=SQL, params=(41, "x")) -> tuple:
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        return cursor.fetchone()


def _sent_while(fn) -> list[str]:
    sent = _Sent()
    with connection.execute_wrapper(sent):
        fn()
    return sent


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_it_prepares_a_statement_once_per_connection():
    assert _run() == (42, "per cent: %x")
    sent = _sent_while(lambda: [_run(params=(n, "y")) for n in range(3)])
    assert [s.split()[0] for s in sent] == ["EXECUTE"] * 3
    assert _run(params=(1, "z")) == (2, "per cent: %z")
    assert len([name for name in _prepared_names() if name.startswith("q_")]) == 1


def test_it_prepares_again_on_a_new_connection():
    _run()
    connection.close()
    sent = _sent_while(_run)
    assert [s.split()[0] for s in sent] == ["PREPARE", "EXECUTE"]
    assert _run() == (42, "per cent: %x")


def test_a_statement_prepared_in_a_rolled_back_transaction_is_still_there():
    with pytest.raises(RuntimeError), transaction.atomic():
        _run()
        raise RuntimeError("roll back")
    sent = _sent_while(_run)
    assert [s.split()[0] for s in sent] == ["EXECUTE"]
    assert _run() == (42, "per cent: %x")


def test_it_sends_the_statement_as_it_is_when_disabled(settings):
    settings.DB_PREPARED_STATEMENTS = False
    sent = _sent_while(_run)
    assert sent == [SQL]
    assert _run() == (42, "per cent: %x")


def test_the_gazetteer_version_is_prepared_and_the_same_as_unprepared(settings):
    prepared = gazetteer_version()
    assert _sent_while(gazetteer_version)[0].startswith("EXECUTE ")
    settings.DB_PREPARED_STATEMENTS = False
    assert gazetteer_version() == prepared
