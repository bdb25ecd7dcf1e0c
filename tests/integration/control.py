"""Which pool process runs which task, asked of the real worker over the broker (celery inspect)."""

from __future__ import annotations

from negotiations.celery import app


def pool_pid_running(report_id: int) -> int | None:
    replies = app.control.inspect(timeout=2).active() or {}
    for tasks in replies.values():
        for task in tasks:
            if task.get("name") == "events.process_report" and list(task.get("args") or []) == [report_id]:
                return task.get("worker_pid")
    return None
