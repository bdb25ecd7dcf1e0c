"""Writes for reports: accept a submission, process it through the pipeline.

Contract used by the API, the importers and the tasks (filled in by the ingestion work):
- report_submit(...) -> (report, created): created False when the canonical URL is known.
- report_process(report_id=...) -> Report: runs normalize/dedupe/extract/write; marks failed with a reason.
"""

from __future__ import annotations

import datetime as dt

from events.models import Report


def report_submit(
    *,
    url: str,
    text: str = "",
    html: str = "",
    outlet: str = "",
    title: str = "",
    published_at: dt.datetime | None = None,
    language: str = "",
    source_id: int | None = None,
    enqueue: bool = True,
) -> tuple[Report, bool]:
    raise NotImplementedError


def report_process(*, report_id: int) -> Report:
    raise NotImplementedError
