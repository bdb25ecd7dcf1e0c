"""SQL queries and time of report processing, for the whole and for the write step alone
(events.services.reports._write_locked: what runs under the write locks), shared by the pipeline
benchmarks and by the benchmark's worker app (benchmarks/_counting_worker.py)."""

from __future__ import annotations

import contextlib
import statistics
import time


class WriteCount:
    """Counts queries on the connections it wraps (a connection.execute_wrapper) and, through
    `write_step`, which of them the write step ran and how long each write step took. A counter, not a
    log: CaptureQueriesContext keeps only 9000 queries."""

    def __init__(self, *, on_write_sql=None):
        self.queries = 0
        self.write_queries = 0
        self.times: list[float] = []  # seconds per report, as timed by `report()`
        self.cpu_times: list[float] = []  # this process's CPU seconds per report (the rest: waits)
        self.write_times: list[float] = []  # seconds per write step
        self.write_cpu_times: list[float] = []  # this process's CPU seconds per write step
        self.lock_times: list[float] = []  # seconds per write step waiting for its locks (within it)
        self.on_write_sql = on_write_sql
        self._inside = False

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        if self._inside:
            self.write_queries += 1
            if self.on_write_sql:
                self.on_write_sql(sql)
        return execute(sql, params, many, context)

    def write_step(self, write_locked):
        """`write_locked` timed, its queries counted as the write step's."""

        def counted(**kwargs):
            self._inside = True
            t0, cpu0 = time.perf_counter(), time.process_time()
            try:
                return write_locked(**kwargs)
            finally:
                self.write_times.append(time.perf_counter() - t0)
                self.write_cpu_times.append(time.process_time() - cpu0)
                self._inside = False

        return counted

    def locks_take(self, write_locks_take):
        """`write_locks_take` timed: within the write step, the wait for other processes' writes (and
        the lock query's own round trip)."""

        def timed(**kwargs):
            t0 = time.perf_counter()
            try:
                return write_locks_take(**kwargs)
            finally:
                self.lock_times.append(time.perf_counter() - t0)

        return timed

    @contextlib.contextmanager
    def report(self):
        t0, cpu0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.times.append(time.perf_counter() - t0)
            self.cpu_times.append(time.process_time() - cpu0)

    def state(self) -> dict:
        return {
            "queries": self.queries,
            "write_queries": self.write_queries,
            "times": self.times,
            "cpu_times": self.cpu_times,
            "write_times": self.write_times,
            "write_cpu_times": self.write_cpu_times,
            "lock_times": self.lock_times,
        }

    def merge(self, state: dict) -> None:
        """Add another process's counts (its `state()`)."""
        self.queries += state["queries"]
        self.write_queries += state["write_queries"]
        self.times += state["times"]
        self.cpu_times += state["cpu_times"]
        self.write_times += state["write_times"]
        self.write_cpu_times += state["write_cpu_times"]
        self.lock_times += state["lock_times"]

    def figures(self, reports: int) -> dict:
        """Median ms per report and per write step; mean queries per report over `reports`; the mean
        wait for the locks (a mean: most waits are nothing, a few are whole write steps of others)."""
        return {
            "ms": _median_ms(self.times),
            "cpu_ms": _median_ms(self.cpu_times),
            "queries": self.queries / max(reports, 1),
            "write_ms": _median_ms(self.write_times),
            "write_cpu_ms": _median_ms(self.write_cpu_times),
            "write_queries": self.write_queries / max(reports, 1),
            "lock_ms": statistics.fmean(self.lock_times) * 1000 if self.lock_times else float("nan"),
        }


def _median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000 if seconds else float("nan")


def write_step_instrument(counter: WriteCount):
    """The write step, and its wait for the locks, timed and counted by `counter` from now on (the
    pipeline calls both by their names in its module, so replacing those is enough); returns the undo."""
    from events.services import reports

    write_locked, locks_take = reports._write_locked, reports.write_locks_take
    reports._write_locked = counter.write_step(write_locked)
    reports.write_locks_take = counter.locks_take(locks_take)

    def undo():
        reports._write_locked, reports.write_locks_take = write_locked, locks_take

    return undo


@contextlib.contextmanager
def write_step_counted(counter: WriteCount):
    undo = write_step_instrument(counter)
    try:
        yield counter
    finally:
        undo()


@contextlib.contextmanager
def counting(counter: WriteCount):
    """Every query of this thread's connection, and the write step, counted by `counter`."""
    from django.db import connection

    with write_step_counted(counter), connection.execute_wrapper(counter):
        yield counter
