"""The API under load at 10^5-10^6 statements, beside a raw baseline: prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/negotiations .venv/bin/python benchmarks/api_scale.py \
        [--statements 1000000] [--seconds 8]

1. Builds the record in a throw-away database (created and dropped here) with generate_series in SQL:
   N statements (8-30 words, 1% undated) with evidence, N/20 meetings, N/10 reports, 1,000 people,
   200 actors, 50 negotiations. The API's own indexes are dropped during the load and rebuilt after it
   (what a bulk load does), then VACUUM ANALYZE.
2. Serves the app with gunicorn (2 workers) and, beside it, benchmarks/_api_baseline.py (psycopg2 +
   orjson, 2 workers), checks that both answer the same JSON for page 1 of the statements, and drives
   each URL with wrk (8 connections, --seconds each) on 127.0.0.1, or without wrk a Python loop with a
   fixed number of requests.
3. Prints req/s under load and the median latency of sequential requests: page 1 against the baseline
   (alternated, best of three rounds each),
   a deep cursor page (90% of the way through) against page 1, ?q=, the timeline of one negotiation
   and the meetings list; and, for contrast, one request for the same depth by page number (OFFSET).
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._throwaway_db import throwaway_database_create, throwaway_database_drop  # noqa: E402
from benchmarks.admin_list import WORDS  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
os.environ.setdefault("TEST_DB_NAME", "bench_neg_api_scale")

CONNECTIONS = 8
SIZE = 100
NEGOTIATIONS, ACTORS, PEOPLE = 50, 200, 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per URL")
    parser.add_argument("--requests", type=int, default=400, help="per URL, without wrk")
    args = parser.parse_args()

    old_name = throwaway_database_create(require_postgres=True)
    servers = []
    try:
        began = time.perf_counter()
        record_build(statements=args.statements)
        print(f"built {args.statements:,} statements in {time.perf_counter() - began:.0f} s")
        from django.db import connection

        dsn = _dsn(connection.settings_dict)
        app_port, base_port = _free_port(), _free_port()
        app_url, base_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{base_port}"
        env = {
            **os.environ,
            "DATABASE_URL": dsn,
            "API_ANON_THROTTLE": "100000000/minute",
            "API_USER_THROTTLE": "100000000/minute",
            "DEBUG": "false",
            "BENCH_DSN": dsn,
            "BENCH_BASE_URL": app_url,
        }
        servers.append(_gunicorn("negotiations.wsgi:application", app_port, env))
        servers.append(_gunicorn("benchmarks._api_baseline:application", base_port, env))
        page_one = f"/api/v1/statements/?page_size={SIZE}"
        for url in (app_url + page_one, base_url + page_one):
            _wait_until_up(url)
        app_json, base_json = _get_json(app_url + page_one), _get_json(base_url + page_one)
        same = app_json == base_json
        print(f"page 1: the API and the baseline answer the same JSON: {same}")
        if not same:
            _print_difference(app_json, base_json)
        measure(app_url, base_url, statements=args.statements, seconds=args.seconds, requests=args.requests)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        throwaway_database_drop(old_name)


# --- the record ------------------------------------------------------------------------------------


def record_build(*, statements: int) -> None:
    from django.db import connection

    indexes = importlib.import_module("events.migrations.0003_api_indexes")
    reports, meetings = max(100, statements // 10), max(10, statements // 20)
    with connection.schema_editor() as editor:
        indexes.indexes_drop(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO negotiations_actor (created_at, updated_at, review_status, name, normalized_name, kind, "
            "iso_code, description) SELECT now(), now(), 'reviewed', 'State ' || i, 'state ' || i, 'state', '', '' "
            "FROM generate_series(0, %s - 1) i",
            [ACTORS],
        )
        cursor.execute(
            "INSERT INTO negotiations_negotiation (created_at, updated_at, review_status, title, slug, topic, summary, "
            "status, source) SELECT now(), now(), 'reviewed', 'Talks ' || i, 'talks-' || i, '', '', 'active', "
            "'pipeline' FROM generate_series(0, %s - 1) i",
            [NEGOTIATIONS],
        )
        actor0, negotiation0 = _first_id(cursor, "negotiations_actor"), _first_id(cursor, "negotiations_negotiation")
        cursor.execute(
            "INSERT INTO negotiations_person (created_at, updated_at, review_status, uid, name, normalized_name, "
            "title, affiliation_id) SELECT now(), now(), 'reviewed', gen_random_uuid(), 'Envoy ' || i || ' Example', "
            "'envoy ' || i || ' example', 'Special Envoy', %s + i %% %s FROM generate_series(0, %s - 1) i",
            [actor0, ACTORS, PEOPLE],
        )
        person0 = _first_id(cursor, "negotiations_person")
        cursor.execute(
            "INSERT INTO events_report (created_at, updated_at, url, canonical_url, outlet, title, published_at, "
            "language, text, html, fingerprint, status, failure_reason, attempts, claimed_by) "
            "SELECT now(), now(), 'https://news' || i %% 40 || '.example/' || i, "
            "'https://news' || i %% 40 || '.example/' || i, 'Outlet ' || i %% 40, 'Report ' || i, "
            "timestamptz '2020-01-01 00:00+00' + i * interval '3 hours', 'en', '', '', '', 'processed', '', 1, '' "
            "FROM generate_series(0, %s - 1) i",
            [reports],
        )
        report0 = _first_id(cursor, "events_report")
        # Every tenth report a syndicated copy of the one before it: corroboration counts it once.
        cursor.execute("UPDATE events_report r SET duplicate_of_id = r.id - 1 WHERE (r.id - %s) %% 10 = 9", [report0])
        cursor.execute(
            "INSERT INTO events_statement (created_at, updated_at, review_status, uid, negotiation_id, "
            "speaker_person_id, speaker_actor_id, speaker_title, text, text_key, kind, said_on, said_on_precision, "
            "setting) "
            "SELECT now(), now(), CASE WHEN i %% 3 = 0 THEN 'reviewed' ELSE 'auto' END, gen_random_uuid(), "
            "%(n0)s + i %% %(n)s, %(p0)s + (i::bigint * 7919) %% %(p)s, %(a0)s + i %% %(a)s, '', t.text, "
            "substr(md5(t.text), 1, 40), 'direct', "
            "CASE WHEN i %% 100 = 7 THEN NULL ELSE date '2020-01-01' + (i * 37) %% 2000 END, 'day', '' "
            "FROM generate_series(0, %(s)s - 1) i, LATERAL (SELECT array_to_string(ARRAY("
            "  SELECT (%(words)s::text[])[1 + floor(random() * %(w)s)::int] FROM generate_series(1, 8 + i %% 23)"
            "), ' ') || ' (' || i || ').' AS text) t",
            {
                "n0": negotiation0,
                "n": NEGOTIATIONS,
                "p0": person0,
                "p": PEOPLE,
                "a0": actor0,
                "a": ACTORS,
                "s": statements,
                "words": list(WORDS),
                "w": len(WORDS),
            },
        )
        cursor.execute(
            "INSERT INTO events_evidence (created_at, updated_at, report_id, statement_id, sentence, char_start, "
            "char_end) SELECT now(), now(), %(r0)s + (s.id * 31) %% %(r)s, s.id, s.text, 0, length(s.text) "
            "FROM events_statement s",
            {"r0": report0, "r": reports},
        )
        cursor.execute(
            "INSERT INTO events_evidence (created_at, updated_at, report_id, statement_id, sentence) "
            "SELECT now(), now(), %(r0)s + (s.id * 31 + 1) %% %(r)s, s.id, s.text FROM events_statement s "
            "WHERE s.id %% 5 = 0",
            {"r0": report0, "r": reports},
        )
        cursor.execute(
            "INSERT INTO events_meeting (created_at, updated_at, review_status, uid, negotiation_id, kind, date_from, "
            "date_to, date_precision, place_name, place_country_id, summary) "
            "SELECT now(), now(), 'reviewed', gen_random_uuid(), %(n0)s + i %% %(n)s, 'talks', "
            "date '2020-01-01' + i %% 2000, date '2020-01-01' + i %% 2000, 'day', 'City ' || i %% 300, "
            "%(a0)s + i %% %(a)s, 'Round ' || i || ' of talks' FROM generate_series(0, %(m)s - 1) i",
            {"n0": negotiation0, "n": NEGOTIATIONS, "a0": actor0, "a": ACTORS, "m": meetings},
        )
        cursor.execute(
            "INSERT INTO events_meetingparticipant (meeting_id, person_id) "
            "SELECT m.id, %(p0)s + (m.id * 7 + k) %% %(p)s FROM events_meeting m, generate_series(0, 2) k",
            {"p0": person0, "p": PEOPLE},
        )
        cursor.execute(
            "INSERT INTO events_evidence (created_at, updated_at, report_id, meeting_id, sentence) "
            "SELECT now(), now(), %(r0)s + (m.id * 13) %% %(r)s, m.id, m.summary FROM events_meeting m",
            {"r0": report0, "r": reports},
        )
    with connection.schema_editor() as editor:
        indexes.indexes_create(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _first_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT min(id) FROM {table}")
    return cursor.fetchone()[0]


# --- servers -----------------------------------------------------------------------------------------


def _dsn(settings: dict) -> str:
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _get(url: str) -> bytes:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status} {body[:300]!r}")
        return body
    finally:
        conn.close()


def _get_json(url: str):
    return json.loads(_get(url))


def _print_difference(app, base) -> None:
    for key in app:
        if app[key] != base.get(key):
            if key == "results":
                for a, b in zip(app["results"], base["results"], strict=False):
                    if a != b:
                        print("  first differing row:\n   api:      ", a, "\n   baseline: ", b)
                        return
            print(f"  {key}: api {app[key]!r} baseline {base.get(key)!r}")


# --- load --------------------------------------------------------------------------------------------


def load(url: str, *, seconds: int, requests: int) -> float:
    """Requests per second with CONNECTIONS connections: wrk if installed, else a fixed number of requests."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", url], capture_output=True, text=True, check=True
        ).stdout
        if "Non-2xx" in out:
            raise RuntimeError(f"{url}: errors under load\n{out}")
        return float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    return _python_load(url, requests)


def _python_load(url: str, requests: int) -> float:
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}"
    per_connection = max(1, requests // CONNECTIONS)

    def run():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        for _ in range(per_connection):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (url, response.status)
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(CONNECTIONS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return per_connection * CONNECTIONS / (time.perf_counter() - start)


def latency_ms(url: str, repeat: int = 15) -> float:
    """Median of sequential requests, one at a time (after one warm-up)."""
    _get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        _get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(app_url: str, base_url: str, *, statements: int, seconds: int, requests: int) -> None:
    from django.db import connection

    from api.v1.pagination import _cursor_encode

    depth = int(statements * 0.9)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT said_on, id FROM events_statement ORDER BY said_on DESC NULLS FIRST, id DESC OFFSET %s LIMIT 1",
            [depth],
        )
        said_on, last_id = cursor.fetchone()
        negotiation_id = _first_id(cursor, "negotiations_negotiation")
    token = _cursor_encode(["-said_on", "-id"], [said_on.isoformat() if said_on else None, last_id])
    rows = [
        ("statements, page 1 (baseline)", base_url, f"/api/v1/statements/?page_size={SIZE}"),
        ("statements, page 1", app_url, f"/api/v1/statements/?page_size={SIZE}"),
        (f"statements, cursor page at row {depth:,}", app_url, f"/api/v1/statements/?page_size={SIZE}&cursor={token}"),
        ("statements, ?q=ceasefire", app_url, f"/api/v1/statements/?page_size={SIZE}&q=ceasefire"),
        ("timeline of one negotiation", app_url, f"/api/v1/negotiations/{negotiation_id}/timeline/"),
        ("meetings, page 1", app_url, f"/api/v1/meetings/?page_size={SIZE}"),
    ]
    how = f"wrk, {CONNECTIONS} connections, {seconds} s" if shutil.which("wrk") else f"{requests} requests"
    print(f"\n{'at ' + format(statements, ',') + ' statements':<44} {'req/s':>8} {'median ms':>10}   ({how})")
    figures = {}
    # The machine is shared: page 1 and its baseline are measured in alternation, three rounds, and the
    # best round of each is kept, so a burst of other work does not land on one side only.
    for _round in range(3):
        for label, host, path in rows[:2]:
            rate, median = load(host + path, seconds=seconds, requests=requests), latency_ms(host + path)
            best = figures.get(label, (0.0, float("inf")))
            figures[label] = (max(rate, best[0]), min(median, best[1]))
    for label, host, path in rows:
        if label not in figures:
            figures[label] = (load(host + path, seconds=seconds, requests=requests), latency_ms(host + path))
        rate, median = figures[label]
        print(f"{label:<44} {rate:8.1f} {median:10.1f}")
    page = depth // SIZE + 1
    start = time.perf_counter()
    _get(f"{app_url}/api/v1/statements/?page_size={SIZE}&page={page}")
    offset_ms = (time.perf_counter() - start) * 1000
    print(f"{'statements, ?page=' + str(page) + ' (OFFSET), one request':<44} {'':>8} {offset_ms:10.1f}")

    base_rate = figures["statements, page 1 (baseline)"][0]
    page_rate, page_ms = figures["statements, page 1"]
    deep_ms = figures[f"statements, cursor page at row {depth:,}"][1]
    print("\nratios and targets")
    print(f"  page 1 req/s, API / baseline:         {page_rate / base_rate:5.2f}x   (target >= 0.5x)")
    print(f"  deep cursor page / page 1 latency:    {deep_ms / page_ms:5.2f}x   (target <= 1.5x)")
    print(f"  ?q= median latency:                   {figures['statements, ?q=ceasefire'][1]:5.1f} ms (target <= 50 ms)")
    print(
        f"  timeline median latency:              {figures['timeline of one negotiation'][1]:5.1f} ms "
        "(target <= 30 ms at 10^5)"
    )
    print(f"  meetings page 1 req/s / statements:   {figures['meetings, page 1'][0] / page_rate:5.2f}x")


if __name__ == "__main__":
    main()
