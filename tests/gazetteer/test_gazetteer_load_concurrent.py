import threading

import pytest
from django.db import connection

from events.pipeline.gazetteer import default_gazetteer
from negotiations.models import Actor, ActorAlias
from negotiations.services.gazetteer import gazetteer_load


@pytest.mark.django_db(transaction=True)
def test_it_serialises_concurrent_loads_so_neither_fails():
    results, errors = [], []
    start = threading.Barrier(2)

    def load():
        try:
            start.wait()
            results.append(gazetteer_load())
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    expected = len(default_gazetteer().actors)
    assert sorted(r.actors_created for r in results) == [0, expected]
    assert Actor.objects.count() == expected
    assert ActorAlias.objects.count() == sum(len(a.aliases) for a in default_gazetteer().actors)
