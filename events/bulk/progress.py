"""Progress while a bulk command runs, and the summary it ends with.

On a terminal: a rich progress bar over the bytes of the input (so rate and time left are real).
Otherwise (a log, a pipe, cron): one plain line every `every` records.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@dataclass
class Summary:
    read: int = 0
    imported: int = 0  # created or changed
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    interrupted: bool = False  # stopped by Ctrl-C: committed batches stay, rerun completes the rest
    aborted: bool = False  # --strict found bad lines: nothing written

    def add(self, other: "Summary") -> None:
        for f in fields(self):
            if f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def _imported_detail(self) -> str:
        return f"created {self.created}, updated {self.updated}"

    def line(self) -> str:
        return (
            f"read {self.read}, imported {self.imported} ({self._imported_detail()}), "
            f"unchanged {self.unchanged}, duplicates {self.duplicates}, rejected {self.rejected}"
        )


class PlainProgress:
    def __init__(self, stream, *, total_bytes: int | None, every: int = 10_000):
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.next_at = every

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, *, records: int, bytes_done: int | None = None) -> None:
        if records >= self.next_at:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self.stream.write(f"progress: {records} records, {records / elapsed:.0f} records/s\n")
            self.stream.flush()
            while self.next_at <= records:
                self.next_at += self.every


class BarProgress:
    def __init__(self, stream, *, total_bytes: int | None, every: int = 0):
        from rich.console import Console

        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[records]} records"),
            TextColumn("{task.fields[rate]} rec/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
        )
        self.task = self.progress.add_task("importing", total=total_bytes, records=0, rate="-")
        self.started = time.monotonic()

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()
        return False

    def update(self, *, records: int, bytes_done: int | None = None) -> None:
        rate = records / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, completed=bytes_done, records=records, rate=f"{rate:.0f}")


def make_progress(stream, *, total_bytes: int | None, every: int = 10_000):
    """A bar on a terminal, plain lines otherwise, nothing without a stream."""
    if stream is None:
        return PlainProgress(stream, total_bytes=total_bytes, every=2**62)
    is_tty = getattr(stream, "isatty", lambda: False)()
    cls = BarProgress if is_tty else PlainProgress
    return cls(stream, total_bytes=total_bytes, every=every)
