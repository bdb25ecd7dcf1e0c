"""Cost of processing one report as the record grows: prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/write_scale.py \
        [--sizes 0,10000,100000] [--reports 100] [--recurring 4] [--seed 5] [--show-sql] [--by-kind] [--profile]

In a throw-away PostgreSQL database: a newsroom feed (benchmarks/extraction_dedup.py's grammar with
--recurring negotiations and their recurring casts) is first processed through the real services to
create the negotiations and people. Then, for each size, the record is grown to that many statements
(bulk-inserted for the same speakers and negotiations, spread over the two years before the feed, with
evidence in as many reports) and a further batch of new reports is processed one by one in this
process (report_submit + report_process: normalize, dedupe, extract, write). Prints the time and the SQL
queries per report at each size, for the whole and for the write step alone (what runs under the
write locks: dedupe the report against the record, write its facts): a write step whose reads are
bounded stays flat as the record grows.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._feed import grammar, report_payloads  # noqa: E402
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402
from benchmarks._writecount import WriteCount, counting  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", f"bench_neg_write_scale_{os.getpid()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--reports", type=int, default=100, help="reports processed at each size")
    parser.add_argument("--recurring", type=int, default=4)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show-sql", action="store_true", help="print the write step's SQL for one report")
    parser.add_argument("--by-kind", action="store_true", help="print the write step's queries per report by kind")
    parser.add_argument("--profile", action="store_true", help="print where the write step's time goes")
    args = parser.parse_args()
    bench = grammar()
    old_name = throwaway_database_create(require_postgres=True)
    try:
        run(args, bench)
    finally:
        throwaway_database_drop(old_name)


def _process(payloads, *, show_sql: bool = False, profile: cProfile.Profile | None = None) -> dict:
    """Per report, processing each in turn: median ms and mean queries of the whole (submit, claim,
    normalize, extract, write) and of the write step alone (under the locks: dedupe the report, write
    its facts, mark it processed)."""
    from events.services.reports import report_process, report_submit

    kinds: Counter = Counter()

    def seen(sql):
        kinds[_query_kind(sql)] += 1
        if show_sql and not counter.write_times:  # during the first write step only
            print("   ", sql[:160])

    counter = WriteCount(on_write_sql=seen)
    with counting(counter):
        for p in payloads:
            with counter.report():
                report, _ = report_submit(**p, enqueue=False)
                if profile is not None:
                    profile.enable()
                report_process(report_id=report.id)
                if profile is not None:
                    profile.disable()
    figures = counter.figures(len(payloads))
    figures["kinds"] = {kind: n / len(payloads) for kind, n in kinds.most_common()}
    return figures


def _query_kind(sql: str) -> str:
    """'INSERT events_evidence', 'SELECT negotiations_person', 'WITH <tables>': what a write-step query does."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    tables = re.findall(r'(?:FROM|INTO|UPDATE|JOIN)\s+"?(\w+)"?', sql)
    if verb == "WITH":
        return f"WITH {'/'.join(dict.fromkeys(tables))}"
    return f"{verb} {tables[0]}" if tables else verb


def _grow(target: int, rng: random.Random, bench) -> None:
    """Bulk-insert statements (and one evidence row each) for the feed's speakers up to `target`."""
    from events.models import Evidence, Report, Statement
    from events.text import statement_text_key

    have = Statement.objects.count()
    if have >= target:
        return
    speakers = list(Statement.objects.values_list("negotiation_id", "speaker_person_id", "speaker_actor_id").distinct())
    quotes = bench.Grammar(rng)
    start = dt.date(2023, 3, 1)
    batch = 5000
    while have < target:
        n = min(batch, target - have)
        report = Report.objects.create(
            url=f"https://bench.example/archive/{have}",
            canonical_url=f"https://bench.example/archive/{have}",
            outlet="Archive",
            status=Report.Status.PROCESSED,
        )
        rows = []
        for i in range(n):
            negotiation_id, person_id, actor_id = rng.choice(speakers)
            text = f"{quotes.quote()} ({have + i})"
            rows.append(
                Statement(
                    negotiation_id=negotiation_id,
                    speaker_person_id=person_id,
                    speaker_actor_id=actor_id,
                    text=text,
                    text_key=statement_text_key(text),
                    said_on=start + dt.timedelta(days=rng.randrange(700)),
                    review_status="auto",
                )
            )
        Statement.objects.bulk_create(rows, batch_size=2000)
        Evidence.objects.bulk_create(
            [Evidence(report=report, statement=s, sentence=s.text) for s in rows], batch_size=2000
        )
        have += n


def run(args, bench) -> None:
    from django.db import connection

    from events.models import Statement
    from negotiations.models import Person
    from negotiations.services.gazetteer import gazetteer_load
    from negotiations.services.reference import negotiation_reference_load

    gazetteer_load()
    negotiation_reference_load()
    rng = random.Random(args.seed)
    sizes = [int(x) for x in args.sizes.split(",")]
    stories = bench.generate(args.reports * (len(sizes) + 1), rng, recurring=args.recurring)
    warm, rest = stories[: args.reports], stories[args.reports :]
    _process(report_payloads(warm, prefix="warm"))
    print(
        f"feed: {args.recurring} negotiations with recurring casts; warm-up of {len(warm)} reports gave "
        f"{Statement.objects.count()} statements by {Person.objects.count()} people"
    )
    for i, size in enumerate(sizes):
        _grow(size, rng, bench)
        with connection.cursor() as cursor:
            # The steady state of a grown record: vacuumed (visibility map, GIN pending lists) and analysed,
            # not autovacuum catching up with the bulk load in the middle of the measurement.
            cursor.execute("VACUUM ANALYZE")
        batch = rest[i * args.reports : (i + 1) * args.reports]
        profile = cProfile.Profile() if args.profile else None
        figures = _process(
            report_payloads(batch, prefix=f"s{size}"), show_sql=args.show_sql and i == 0, profile=profile
        )
        print(
            f"{Statement.objects.count():>8} statements stored: whole {figures['ms']:6.1f} ms per report "
            f"(median), {figures['queries']:.1f} SQL queries; write step {figures['write_ms']:5.1f} ms "
            f"({figures['write_cpu_ms']:.1f} ms of it on this process's CPU), {figures['write_queries']:.1f} queries"
        )
        if args.by_kind:
            for kind, n in figures["kinds"].items():
                print(f"    {n:5.2f}  {kind}")
        if profile is not None:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
