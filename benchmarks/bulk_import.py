"""Bulk import benchmark: rows/s and peak memory of import_events and import_reports, against two
references on the same rows: a per-row ORM save() loop and PostgreSQL COPY into the same tables.

Run against PostgreSQL (it creates and drops its own database, bench_bulk_<pid>):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations \
        .venv/bin/python benchmarks/bulk_import.py --statements 100000 --reports 10000

Every case runs in its own subprocess, so its peak memory (ru_maxrss from wait4) is its own.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

WORDS = (
    "talks cease-fire truce delegation mediators hostages prisoners exchange border withdrawal guarantees "
    "framework proposal response humanitarian aid corridor monitoring sanctions reconstruction elections "
    "security arrangements phase implementation timetable committee envoy agreement principles we will not "
    "accept any deal that ignores the rights of our people negotiations continue tomorrow progress serious "
    "constructive difficult positive atmosphere gaps remain details bridging"
).split()
PLACES = ["Doha", "Cairo", "Geneva", "Muscat", "Istanbul", "Jeddah", "Washington", "Rome", "Oslo", "Addis Ababa"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate_events(path: Path, *, statements: int, seed: int = 7) -> int:
    """Actors, negotiations, participations, people, meetings (+ participants) and statements."""
    rng = random.Random(seed)
    n_actors, n_negotiations = 500, 50
    n_people = max(statements // 5, 10)
    n_meetings = max(statements // 10, 5)
    lines = 0
    with open(path, "w", encoding="utf-8") as out:

        def emit(record):
            nonlocal lines
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            lines += 1

        for i in range(n_actors):
            emit(
                {
                    "type": "actor",
                    "name": f"Actor {i}",
                    "kind": rng.choice(["state", "armed_group", "ngo"]),
                    "description": sentence(rng, 8),
                }
            )
        for i in range(n_negotiations):
            emit(
                {
                    "type": "negotiation",
                    "slug": f"talks-{i}",
                    "title": f"Talks {i}",
                    "topic": sentence(rng, 4),
                    "started_on": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}",
                }
            )
            for role, k in (("party", 2), ("mediator", 1)):
                for j in range(k):
                    emit(
                        {
                            "type": "participation",
                            "negotiation": f"talks-{i}",
                            "actor": f"Actor {(i * 3 + j + (role == 'mediator') * 2) % n_actors}",
                            "role": role,
                        }
                    )
        for i in range(n_people):
            emit(
                {
                    "type": "person",
                    "uid": f"person-{i}",
                    "name": f"Person {i} {rng.choice(WORDS).title()}",
                    "title": rng.choice(["Foreign Minister", "Envoy", "President", "Spokesperson", ""]),
                    "affiliation": f"Actor {i % n_actors}",
                }
            )
        for i in range(n_meetings):
            day = 1 + i % 28
            emit(
                {
                    "type": "meeting",
                    "uid": f"meeting-{i}",
                    "negotiation": f"talks-{i % n_negotiations}",
                    "kind": rng.choice(["talks", "visit", "call", "conference"]),
                    "date_from": f"2024-{1 + i % 12:02d}-{day:02d}",
                    "date_to": f"2024-{1 + i % 12:02d}-{day:02d}",
                    "place_name": rng.choice(PLACES),
                    "place_country": f"Actor {i % n_actors}",
                    "summary": sentence(rng, 12),
                }
            )
            for j in range(2):
                emit(
                    {"type": "meeting_person", "meeting": f"meeting-{i}", "person": f"person-{(i * 2 + j) % n_people}"}
                )
        for i in range(statements):
            emit(
                {
                    "type": "statement",
                    "uid": f"statement-{i}",
                    "negotiation": f"talks-{i % n_negotiations}",
                    "speaker_person": f"person-{i % n_people}",
                    "text": f"{sentence(rng, rng.randint(8, 30))} ({i})",
                    "kind": rng.choice(["direct", "reported"]),
                    "said_on": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                }
            )
    return lines


def generate_reports(path: Path, *, reports: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(reports):
            place = rng.choice(PLACES)
            paragraphs = [
                f"{place} - Mediators said on Monday that talks on a cease-fire would resume, report {i}.",
                f"\u201c{sentence(rng, rng.randint(10, 25))}\u201d the Foreign Minister of Actor {i % 500} said.",
            ] + [sentence(rng, rng.randint(15, 40)) for _ in range(rng.randint(3, 12))]
            out.write(
                json.dumps(
                    {
                        "url": f"https://news.example.org/{i}",
                        "outlet": "Example",
                        "title": f"Report {i}",
                        "published_at": "2025-01-16",
                        "text": "\n".join(paragraphs),
                    }
                )
                + "\n"
            )
    return reports


# ---- cases, each run in a child process -----------------------------------------------------------


def _django():
    import django

    django.setup()


def case_import_events(path: str, batch_size: str = "1000") -> dict:
    _django()
    from events.bulk.importer import events_import

    start = time.perf_counter()
    summary = events_import(path=Path(path), batch_size=int(batch_size))
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "rows": summary.read,
        "created": summary.created,
        "rejected": summary.rejected,
        "unchanged": summary.unchanged,
    }


def case_row_loop(path: str, limit: str) -> dict:
    """The naive reference: for each line, look up its references and save() one row (autocommit)."""
    _django()
    from events.bulk.records import BY_NAME, KEY_LOOKUPS

    limit_n = int(limit)
    rows = 0
    start = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            if rows >= limit_n:
                break
            data = json.loads(text)
            rtype = BY_NAME[data.pop("type")]
            values = {name: data[name] for name in rtype.fields if name in data}
            if "uid" in values:
                values["uid"] = KEY_LOOKUPS["person"][2](values["uid"])
            for ref in rtype.refs:
                if data.get(ref.field):
                    model, column, fold, extra = KEY_LOOKUPS[ref.target]
                    values[ref.attname] = model._default_manager.get(**{column: fold(data[ref.field])}, **extra).id
            rtype.model(**values).save()
            rows += 1
    return {"seconds": time.perf_counter() - start, "rows": rows}


def case_copy(path: str) -> dict:
    """The floor: rows prepared in memory (ids assigned here), then COPY into the same tables."""
    _django()
    import io
    import uuid

    from django.db import connection

    from events.bulk.records import BY_NAME, KEY_LOOKUPS, uid_from_key
    from events.text import statement_text_key
    from negotiations.models import normalize_name

    tables: dict[str, tuple[list[str], io.StringIO]] = {}
    ids: dict[tuple[str, object], int] = {}
    counters: dict[str, int] = {}
    now = "2025-01-01 00:00:00+00"

    def clean(value):
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    rows = 0
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            data = json.loads(text)
            rtype = BY_NAME[data.pop("type")]
            model = rtype.model
            values = {}
            for f in model._meta.concrete_fields:
                if f.name in data and not f.is_relation:
                    values[f.attname] = data[f.name]
            for ref in rtype.refs:
                if data.get(ref.field):
                    values[ref.attname] = ids[(ref.target, KEY_LOOKUPS[ref.target][2](data[ref.field]))]
            counters[rtype.name] = pk = counters.get(rtype.name, 0) + 1
            values["id"] = pk
            if "uid" in values:
                values["uid"] = uid_from_key(values["uid"])
            if rtype.name in ("actor", "person"):
                values["normalized_name"] = normalize_name(values["name"])
            if rtype.name == "statement":
                values["text_key"] = statement_text_key(values["text"])
            key_target = {
                "actor": ("actor", normalize_name(data.get("name", ""))),
                "negotiation": ("negotiation", data.get("slug")),
                "person": ("person", values.get("uid")),
                "meeting": ("meeting", values.get("uid")),
                "statement": ("statement", values.get("uid")),
            }.get(rtype.name)
            if key_target:
                ids[key_target] = pk
            columns = []
            cells = []
            for f in model._meta.concrete_fields:
                columns.append(f.column)
                if f.attname in values:
                    cells.append(values[f.attname])
                elif f.name in ("created_at", "updated_at"):
                    cells.append(now)
                elif f.has_default():
                    default = f.get_default()
                    cells.append(str(default) if isinstance(default, uuid.UUID) else default)
                else:
                    cells.append(None if f.null else "")
            entry = tables.setdefault(model._meta.db_table, (columns, io.StringIO()))
            entry[1].write("\t".join(clean(c) for c in cells) + "\n")
            rows += 1
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table, (columns, buffer) in tables.items():
            buffer.seek(0)
            cursor.cursor.copy_from(buffer, table, columns=columns)
    return {"seconds": time.perf_counter() - start, "rows": rows}


def case_import_reports(path: str, sync: str) -> dict:
    _django()
    from events.bulk.reports import reports_import
    from events.services import queue

    if sync != "1":
        # Measure the import itself: no broker here, and a shared one must not receive these tasks.
        queue.report_enqueue = lambda *, report_id: True

    start = time.perf_counter()
    summary = reports_import(paths=[Path(path)], sync=sync == "1", processor=None)
    return {
        "seconds": time.perf_counter() - start,
        "rows": summary.read,
        "created": summary.created,
        "processed": summary.processed,
        "failed": summary.failed,
    }


def case_report_loop(path: str) -> dict:
    _django()
    from events.models import Report

    start = time.perf_counter()
    rows = 0
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            data = json.loads(text)
            Report(
                url=data["url"],
                canonical_url=data["url"],
                outlet=data["outlet"],
                title=data["title"],
                text=data["text"],
            ).save()
            rows += 1
    return {"seconds": time.perf_counter() - start, "rows": rows}


def case_report_copy(path: str) -> dict:
    _django()
    import io

    from django.db import connection

    from events.models import Report

    given = {"id", "url", "canonical_url", "outlet", "title", "text", "created_at", "updated_at"}
    # Every other column gets the model's default, so the copy follows the model as it changes.
    others = [f for f in Report._meta.concrete_fields if f.attname not in given]
    columns = ["id", "url", "canonical_url", "outlet", "title", "text", "created_at", "updated_at"]
    columns += [f.column for f in others]

    def cell(value):
        return "\\N" if value is None else str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")

    defaults = [cell(f.get_default() if f.has_default() else (None if f.null else "")) for f in others]
    buffer = io.StringIO()
    rows = 0
    with open(path, encoding="utf-8") as handle:
        for i, text in enumerate(handle, start=1):
            d = json.loads(text)
            cells = [
                str(i),
                cell(d["url"]),
                cell(d["url"]),
                cell(d["outlet"]),
                cell(d["title"]),
                cell(d["text"]),
                "2025-01-01 00:00:00+00",
                "2025-01-01 00:00:00+00",
            ] + defaults
            buffer.write("\t".join(cells) + "\n")
            rows += 1
    start = time.perf_counter()
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_from(buffer, "events_report", columns=columns)
    return {"seconds": time.perf_counter() - start, "rows": rows}


CASES = {
    "import_events": case_import_events,
    "row_loop": case_row_loop,
    "copy": case_copy,
    "import_reports": case_import_reports,
    "report_loop": case_report_loop,
    "report_copy": case_report_copy,
}


# ---- driver ----------------------------------------------------------------------------------------


def _run_case(db_url: str, name: str, *args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": db_url, "CELERY_TASK_ALWAYS_EAGER": "true"}
    process = subprocess.Popen(
        [sys.executable, __file__, "--case", name, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"case {name} failed (status {status})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def _truncate(db_url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(db_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND "
            "(tablename LIKE 'events\\_%' OR tablename LIKE 'negotiations\\_%')"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    conn.close()


def _create_database(name: str) -> str:
    _django()
    from django.conf import settings
    from django.db import connection

    settings.MIGRATION_MODULES = {app.label: None for app in __import__("django.apps").apps.apps.get_app_configs()}
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _line(label: str, r: dict, reference: dict | None = None, extra: str = "") -> str:
    rate = r["rows"] / r["seconds"] if r["seconds"] else float("inf")
    text = f"{label:<44} {r['rows']:>9} rows {r['seconds']:>8.2f} s {rate:>10.0f} rows/s  peak {r['peak_mb']:>7.1f} MB"
    return text + (f"  {extra}" if extra else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--sync-reports", type=int, default=None, help="reports for --sync (default: --reports)")
    parser.add_argument("--loop-rows", type=int, default=20_000, help="lines timed for the per-row save() loop")
    parser.add_argument("--memory-lines", type=int, default=1_000_000, help="big file for the memory check (0: skip)")
    parser.add_argument("--skip-events", action="store_true", help="only the reports cases")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.case:
        print(json.dumps(CASES[args.case](*rest)))
        return

    from django.db import connection

    work = Path(tempfile.mkdtemp(prefix="bench_bulk_"))
    db_url = _create_database(f"bench_bulk_{os.getpid()}")
    try:
        if not args.skip_events:
            _events_cases(args, work, db_url)
        _reports_cases(args, work, db_url)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _events_cases(args, work: Path, db_url: str) -> None:
    if True:
        events = work / "events.jsonl"
        n_lines = generate_events(events, statements=args.statements)
        print(
            f"generated {n_lines} lines ({args.statements} statements with their people, actors, meetings), "
            f"{events.stat().st_size / 1e6:.1f} MB"
        )

        bulk = _run_case(db_url, "import_events", str(events))
        rerun = _run_case(db_url, "import_events", str(events))
        _truncate(db_url)
        # The loop is slow: time it on a smaller file of the same composition.
        loop_file = work / "loop.jsonl"
        generate_events(loop_file, statements=max(args.statements * args.loop_rows // n_lines, 100))
        loop = _run_case(db_url, "row_loop", str(loop_file), str(args.loop_rows))
        _truncate(db_url)
        copy = _run_case(db_url, "copy", str(events))
        _truncate(db_url)
        bulk_rate, loop_rate, copy_rate = (r["rows"] / r["seconds"] for r in (bulk, loop, copy))
        print(
            _line(
                "import_events (bulk, validated, history)",
                bulk,
                extra=f"created {bulk['created']}, rejected {bulk['rejected']}",
            )
        )
        print(_line("import_events rerun (all unchanged)", rerun, extra=f"unchanged {rerun['unchanged']}"))
        print(_line("per-row ORM save() loop (same mix, smaller)", loop))
        print(_line("PostgreSQL COPY (same rows, no history)", copy))
        print(
            f"import_events / per-row loop: {bulk_rate / loop_rate:.1f}x   import_events / "
            f"COPY: {bulk_rate / copy_rate:.3f}"
        )

        if args.memory_lines:
            small = work / "memory_small.jsonl"
            big = work / "memory_big.jsonl"
            generate_events(small, statements=args.memory_lines // 15)
            generate_events(big, statements=args.memory_lines * 10 // 15)
            small_lines = sum(1 for _ in open(small))
            big_lines = sum(1 for _ in open(big))
            m_small = _run_case(db_url, "import_events", str(small))
            _truncate(db_url)
            m_big = _run_case(db_url, "import_events", str(big))
            _truncate(db_url)
            print(_line(f"import_events {small_lines} lines", m_small))
            print(_line(f"import_events {big_lines} lines", m_big))
            print(f"peak memory {big_lines} lines / {small_lines} lines: {m_big['peak_mb'] / m_small['peak_mb']:.2f}x")


def _reports_cases(args, work: Path, db_url: str) -> None:
    if True:
        reports = work / "reports.jsonl"
        generate_reports(reports, reports=args.reports)
        sync_n = args.sync_reports or args.reports
        sync_file = work / "reports_sync.jsonl"
        generate_reports(sync_file, reports=sync_n, seed=13)
        enq = _run_case(db_url, "import_reports", str(reports), "0")
        _truncate(db_url)
        sync = _run_case(db_url, "import_reports", str(sync_file), "1")
        _truncate(db_url)
        rloop = _run_case(db_url, "report_loop", str(reports))
        _truncate(db_url)
        rcopy = _run_case(db_url, "report_copy", str(reports))
        print(_line("import_reports (submit, enqueue stubbed)", enq, extra=f"created {enq['created']}"))
        print(
            _line(
                "import_reports --sync (whole pipeline)",
                sync,
                extra=f"processed {sync['processed']}, failed {sync['failed']}",
            )
        )
        print(_line("per-row Report.save() loop", rloop))
        print(_line("PostgreSQL COPY into events_report", rcopy))


if __name__ == "__main__":
    main()
