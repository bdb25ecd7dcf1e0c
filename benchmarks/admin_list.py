"""Benchmark the admin list pages on a realistically sized record: prints figures, asserts nothing.

Runs against a throw-away database (created and dropped here) on the configured server:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/admin_list.py \
        [--statements 100000] [--people 1000] [--reports 10000] [--repeat 5]

Builds N statements (each with one evidence row) spread over people, actors, negotiations and days,
N/20 meetings and the reports they were read in, then requests each admin list as a logged-in
superuser through the Django test client (the full request: middleware, session, templates) and
prints the median time and the number of SQL queries per page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", "bench_neg_admin_list")

PAGES = [
    ("statements", "events_statement", {}),
    ("statements, search 'ceasefire'", "events_statement", {"q": "ceasefire"}),
    ("statements, awaiting review", "events_statement", {"review_status__exact": "auto"}),
    ("statements, one year (year filter)", "events_statement", {"said_on_year": "2023"}),
    ("statements, a page in the middle", "events_statement", {"p": "MIDDLE"}),
    ("evidence", "events_evidence", {}),
    ("meetings", "events_meeting", {}),
    ("reports", "events_report", {}),
    ("reports, failed", "events_report", {"status__exact": "failed"}),
    ("people", "negotiations_person", {}),
    ("people, search by alias", "negotiations_person", {"q": "Envoy 7"}),
    ("actors", "negotiations_actor", {}),
    ("participations", "negotiations_participation", {}),
]

WORDS = (
    "ceasefire hostages talks proposal deal withdrawal humanitarian aid corridor guarantees prisoners border "
    "security council mediators framework phase truce negotiators delegation sanctions reconstruction "
    "monitoring mission envoy agreement violations shelling exchange release timeline"
).split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="print the two slowest queries of each page")
    args = parser.parse_args()

    old_name = throwaway_database_create()
    try:
        began = time.perf_counter()
        populate(statements=args.statements, people=args.people, reports=args.reports)
        print(
            f"built {args.statements} statements, {args.people} people, {args.reports} reports "
            f"in {time.perf_counter() - began:.1f} s"
        )
        measure(args.repeat, middle_page=max(1, args.statements // 50 // 2), verbose=args.verbose)
    finally:
        throwaway_database_drop(old_name)


def populate(*, statements: int, people: int, reports: int) -> None:
    import datetime as dt

    from django.db import connection

    from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
    from events.text import statement_text_key
    from negotiations.models import (
        Actor,
        Negotiation,
        Participation,
        Person,
        PersonAlias,
        ReviewStatus,
        normalize_name,
    )

    rng = random.Random(7)
    actors = Actor.objects.bulk_create(
        Actor(name=f"State {i}", normalized_name=f"state {i}", kind="state") for i in range(200)
    )
    negotiations = Negotiation.objects.bulk_create(
        Negotiation(title=f"Talks {i}", slug=f"talks-{i}") for i in range(50)
    )
    Participation.objects.bulk_create(
        Participation(negotiation=n, actor=actors[(i * 3 + k) % 200], role="party" if k < 2 else "mediator")
        for i, n in enumerate(negotiations)
        for k in range(4)
    )
    persons = Person.objects.bulk_create(
        Person(
            name=f"Envoy {i} Example",
            normalized_name=normalize_name(f"Envoy {i} Example"),
            title="Special Envoy",
            affiliation=actors[i % 200],
            review_status=ReviewStatus.AUTO if i % 4 == 0 else ReviewStatus.REVIEWED,
        )
        for i in range(people)
    )
    PersonAlias.objects.bulk_create(
        PersonAlias(person=p, name=f"E. {p.name}", normalized_name=normalize_name(f"E. {p.name}")) for p in persons
    )
    start = dt.date(2020, 1, 1)
    report_rows = Report.objects.bulk_create(
        (
            Report(
                url=f"https://news{i % 40}.example/{i}",
                canonical_url=f"https://news{i % 40}.example/{i}",
                outlet=f"Outlet {i % 40}",
                title=" ".join(rng.choices(WORDS, k=8)).capitalize(),
                text=" ".join(rng.choices(WORDS, k=900)),
                published_at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=i * 3),
                status="failed" if i % 50 == 0 else "processed",
                failure_reason="fetch: read timeout" if i % 50 == 0 else "",
            )
            for i in range(reports)
        ),
        batch_size=2000,
    )
    batch = 10_000
    for offset in range(0, statements, batch):
        rows = []
        for i in range(offset, min(statements, offset + batch)):
            text = " ".join(rng.choices(WORDS, k=rng.randint(8, 30))).capitalize() + f" ({i})."
            rows.append(
                Statement(
                    negotiation=negotiations[i % 50],
                    speaker_person=persons[rng.randrange(people)],
                    speaker_actor=actors[i % 200],
                    text=text,
                    text_key=statement_text_key(text),
                    said_on=start + dt.timedelta(days=rng.randrange(2000)),
                    review_status=ReviewStatus.AUTO if i % 3 else ReviewStatus.REVIEWED,
                )
            )
        rows = Statement.objects.bulk_create(rows)
        Evidence.objects.bulk_create(
            Evidence(report=report_rows[rng.randrange(reports)], statement=s, sentence=s.text) for s in rows
        )
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                negotiation=negotiations[i % 50],
                place_country=actors[i % 200],
                place_name=f"City {i % 300}",
                date_from=start + dt.timedelta(days=i % 2000),
                date_to=start + dt.timedelta(days=i % 2000),
            )
            for i in range(max(1, statements // 20))
        ),
        batch_size=5000,
    )
    MeetingParticipant.objects.bulk_create(
        (
            MeetingParticipant(meeting=m, person=persons[(i * 7 + k) % people])
            for i, m in enumerate(meetings)
            for k in range(3)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(repeat: int, middle_page: int, verbose: bool = False) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "pw")
    client = Client()
    client.force_login(user)
    print(f"{'page':<42} {'median ms':>10} {'max ms':>8} {'queries':>8} {'slowest query ms':>17}")
    for label, name, params in PAGES:
        url = reverse(f"admin:{name}_changelist")
        params = {k: (str(middle_page) if v == "MIDDLE" else v) for k, v in params.items()}
        client.get(url, params)  # warm-up: template loading, the first connection
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            queries = len(ctx.captured_queries)
            slowest = max(float(q["time"]) for q in ctx.captured_queries) * 1000
            if verbose:
                for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:2]:
                    print(f"    {float(q['time']) * 1000:8.1f} ms  {q['sql'][:300]}")
        print(f"{label:<42} {statistics.median(times):10.1f} {max(times):8.1f} {queries:8d} {slowest:17.1f}")


if __name__ == "__main__":
    main()
