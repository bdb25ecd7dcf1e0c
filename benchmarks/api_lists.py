"""Benchmark the API v1 list endpoints on a realistically sized record: prints figures, asserts nothing.

Runs against a throw-away database (created and dropped here) on the configured server:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/api_lists.py \
        [--statements 100000] [--people 1000] [--reports 10000] [--repeat 5]

The data is built by benchmarks/admin_list.py's populate() (statements with evidence, meetings with
participants, reports), then each list is requested anonymously through the Django test client (the
full request: middleware, throttles, filters, pagination, serializers) and the median time and the
number of SQL queries are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", "bench_neg_api_lists")
# The benchmark's own requests must not be throttled.
os.environ.setdefault("API_ANON_THROTTLE", "1000000/minute")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only lists whose label contains this")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each list's slowest query")
    args = parser.parse_args()

    from benchmarks.admin_list import populate

    old_name = throwaway_database_create()
    try:
        began = time.perf_counter()
        populate(statements=args.statements, people=args.people, reports=args.reports)
        _link_duplicates()
        print(
            f"built {args.statements} statements, {args.people} people, {args.reports} reports "
            f"in {time.perf_counter() - began:.1f} s"
        )
        measure(args.repeat, statements=args.statements, only=args.only, explain=args.explain)
    finally:
        throwaway_database_drop(old_name)


def _link_duplicates() -> None:
    # Every tenth report a syndicated copy of the one before it, so corroboration and ?report= do real work.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE events_report r SET duplicate_of_id = p.id FROM events_report p "
            "WHERE r.id % 10 = 0 AND p.id = r.id - 1"
        )
        cursor.execute("ANALYZE")


def measure(repeat: int, statements: int, only: str = "", explain: bool = False) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import Report
    from negotiations.models import Negotiation

    report_id = Report.objects.filter(duplicate_of__isnull=False).values_list("duplicate_of_id", flat=True).first()
    negotiation_id = Negotiation.objects.order_by("id").values_list("id", flat=True).first()
    middle = max(1, statements // 50 // 2)
    pages = [
        ("statements", "/api/v1/statements/", {}),
        ("statements, page_size=200", "/api/v1/statements/", {"page_size": 200}),
        ("statements, a page in the middle", "/api/v1/statements/", {"page": middle}),
        ("statements, ?q=ceasefire", "/api/v1/statements/", {"q": "ceasefire"}),
        ("statements, ?report= (cluster)", "/api/v1/statements/", {"report": report_id}),
        ("statements, ?updated_since=", "/api/v1/statements/", {"updated_since": "2000-01-01T00:00:00Z"}),
        (
            "statements, ?negotiation=&said_after=",
            "/api/v1/statements/",
            {"negotiation": negotiation_id, "said_after": "2023-01-01"},
        ),
        ("meetings", "/api/v1/meetings/", {}),
        ("meetings, page_size=200", "/api/v1/meetings/", {"page_size": 200}),
        ("timeline of one negotiation", f"/api/v1/negotiations/{negotiation_id}/timeline/", {}),
        ("negotiations", "/api/v1/negotiations/", {}),
        ("actors", "/api/v1/actors/", {}),
        ("people", "/api/v1/people/", {}),
        ("parties", "/api/v1/parties/", {}),
        ("reports", "/api/v1/reports/", {}),
        ("tombstones", "/api/v1/tombstones/", {}),
    ]
    client = Client()
    print(f"{'list':<42} {'median ms':>10} {'max ms':>8} {'queries':>8} {'rows':>5}")
    for label, url, params in pages:
        if only and only not in label:
            continue
        client.get(url, params)  # warm-up
        times, queries, rows = [], 0, 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (label, response.status_code, response.content[:300])
            queries, rows = len(ctx.captured_queries), len(response.json()["results"])
        print(f"{label:<42} {statistics.median(times):10.1f} {max(times):8.1f} {queries:8d} {rows:5d}")
        if explain:
            slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
                print("\n".join("    " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
