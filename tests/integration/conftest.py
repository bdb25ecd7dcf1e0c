"""Integration fixtures: a private redis-server and real celery worker/beat processes on the test DB.

The worker processes connect to the pytest-django test database (DATABASE_URL with its name), so tests
use `transactional_db`: what the test commits the worker sees, and what the worker commits the test sees.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection

from tests.integration.procs import CeleryProcess, RedisServer, celery_publishing_to
from tests.integration.slow_worker import DELAY_ENV

DATA = Path(__file__).resolve().parents[1] / "data"
# Different stories about different negotiations (no copies of each other), so the outcome does not
# depend on the order in which concurrent workers happen to process them.
REPORT_FILES = [
    "seed/seed-report.json",
    "reports/ap-us-iran-muscat-2025-04-12.json",
    "reports/bbc-armenia-azerbaijan-white-house-2025-08-09.json",
    "reports/aljazeera-sudan-jeddah-ceasefire-2023-05-21.json",
    "reports/afp-drc-rwanda-washington-2025-06-28.json",
    "reports/reuters-russia-ukraine-istanbul-2025-05-16.json",
]
API_FIELDS = ("url", "outlet", "title", "published_at", "text", "html", "language")


def pytest_configure(config):
    config.addinivalue_line("markers", "integration: real redis-server and celery worker processes (slow)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def report_payloads() -> list[dict]:
    payloads = []
    for name in REPORT_FILES:
        raw = json.loads((DATA / name).read_text())
        payloads.append({k: raw[k] for k in API_FIELDS if raw.get(k)})
    return payloads


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server):
    """An empty private broker (restarted if a test stopped it); this process publishes to it."""
    if not redis_server.ping():
        redis_server.start()
    redis_server.client().flushall()
    with celery_publishing_to(redis_server.url):
        yield redis_server
    if not redis_server.ping():
        redis_server.start()


def _test_database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Cluster:
    """Starts celery workers and beat for one test; stops (or has already killed) them all at the end."""

    def __init__(self, broker: RedisServer, tmp_path: Path):
        self.broker = broker
        self.tmp_path = tmp_path
        self.processes: list[CeleryProcess] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": broker.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # Unacknowledged messages of a dead worker come back after 5 s, within the test.
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "REPORTS_SWEEP_INTERVAL_SECONDS": "1",
            "REPORTS_PENDING_RETRY_SECONDS": "3",
            # Above the longest processing in these tests (delay + pipeline on a loaded machine).
            "REPORTS_STALE_PROCESSING_SECONDS": "20",
            "SOURCES_POLL_INTERVAL_SECONDS": "3600",
            "FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "INFO",
        }
        self.env.pop("TEST_DB_NAME", None)

    def worker(self, *, name: str, concurrency: int = 1, delay: float = 0.0) -> CeleryProcess:
        # One pool process by default: reports are then processed one at a time, as in the reference
        # run, so the outcome can be compared row for row. (With several at once, a report's extraction
        # may not yet see the people another report is creating: same reports, other valid outcome.)
        # The test-only app (tests.integration.slow_worker) pauses each report after its claim.
        env = {**self.env, DELAY_ENV: str(delay)}
        proc = CeleryProcess(
            kind="worker",
            app="tests.integration.slow_worker",
            env=env,
            log_path=self.tmp_path / f"{name}.log",
            extra_args=[
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "-n",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
        ).start()
        self.processes.append(proc)
        proc.wait_ready()
        return proc

    def beat(self) -> CeleryProcess:
        proc = CeleryProcess(
            kind="beat",
            env=self.env,
            log_path=self.tmp_path / "beat.log",
            extra_args=["-s", str(self.tmp_path / "beat-schedule"), "--max-interval", "1"],
        ).start()
        self.processes.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(f"--- {p.log_path.name}\n{p.tail()}" for p in self.processes)

    def stop(self):
        for proc in self.processes:
            proc.stop()


@pytest.fixture
def cluster(transactional_db, broker, tmp_path):
    from negotiations.services.gazetteer import gazetteer_load

    gazetteer_load()  # committed: the workers see the general gazetteers
    cluster = Cluster(broker, tmp_path)
    yield cluster
    cluster.stop()
