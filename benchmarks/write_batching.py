"""What writing reports in batches would save: prints figures, asserts nothing. An experiment behind a
design decision (docs/operations.md, Throughput), not a code path of the service.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/write_batching.py \
        [--reports 300] [--batches 1,10,25] [--recurring 0] [--seed 3]

For each batch size k, in a throw-away PostgreSQL database and one process: the same generated reports
are claimed k at a time (one UPDATE), extracted outside the write lock on one gazetteer, then written
under one lock acquisition in one transaction, one savepoint per report, each checked (and extracted
again where needed) against the gazetteer as the reports before it left it: the serial outcome, as a
batching worker would have to keep it. Prints milliseconds per report and how many were extracted
again. k = 1 is today's shape (one report per lock and transaction). Everything but the batching is the
service's own code (report_dedup, facts_write, extraction_holds).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._feed import grammar, report_payloads  # noqa: E402
from benchmarks._throwaway_db import records_truncate, throwaway_database_create, throwaway_database_drop  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", f"bench_neg_write_batching_{os.getpid()}")

WARM = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--batches", default="1,10,25")
    parser.add_argument("--recurring", type=int, default=0)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    bench = grammar()
    old_name = throwaway_database_create(require_postgres=True)
    try:
        for k in (int(x) for x in args.batches.split(",")):
            ms, again = run(bench, args, k)
            print(
                f"batches of {k:3d}: {ms:6.1f} ms per report, {again} of {args.reports} extracted again under the lock"
            )
    finally:
        throwaway_database_drop(old_name)


def run(bench, args, k: int) -> tuple[float, int]:
    from django.db import transaction
    from django.utils import timezone

    from events.models import Report
    from events.pipeline import report_dedup
    from events.pipeline.extract import extract_report, extraction_holds
    from events.services import reports
    from events.services.facts import facts_write
    from negotiations.services.gazetteer import gazetteer_load

    records_truncate()
    gazetteer_load()
    stories = bench.generate(args.reports + WARM, random.Random(args.seed), recurring=args.recurring)
    ids = [reports.report_submit(**p, enqueue=False)[0].id for p in report_payloads(stories)]
    for report_id in ids[:WARM]:
        reports.report_process(report_id=report_id)
    rest, again = ids[WARM:], 0
    t0 = time.perf_counter()
    for start in range(0, len(rest), k):
        batch = rest[start : start + k]
        Report.objects.filter(id__in=batch).update(status="processing", claimed_by="bench", updated_at=timezone.now())
        extracted_on = reports._default_gazetteer()
        items = []
        for report in Report.objects.filter(id__in=batch).order_by("id"):
            normalized = reports._normalize(report)
            items.append(
                (report, normalized, extract_report(normalized, extracted_on), report_dedup.signature(normalized.text))
            )
        with transaction.atomic():
            reports._lock_writes()
            # The gazetteers seen since the batch was extracted, each patched from the one before: an
            # extraction holds if no step between could change it.
            chain = [extracted_on]
            for report, normalized, extraction, signature in items:
                with transaction.atomic():
                    current = reports._default_gazetteer()
                    if current is not chain[-1]:
                        chain.append(current)
                    if not all(
                        extraction_holds(normalized.text, extraction, a, b)
                        for a, b in zip(chain, chain[1:], strict=False)
                    ):
                        extraction, again = extract_report(normalized, current), again + 1
                    reports._store_normalized(report, normalized)
                    reports._deduplicate(report, normalized, signature)
                    facts_write(report=report, extraction=extraction)
                    report.status, report.processed_at = Report.Status.PROCESSED, timezone.now()
                    report.save(update_fields=reports._PROCESSED_FIELDS)
    return (time.perf_counter() - t0) / len(rest) * 1000, again


if __name__ == "__main__":
    main()
