"""Celery tasks: each takes an id and calls a service."""

from celery import shared_task


@shared_task(name="events.process_report")
def process_report(report_id: int) -> None:
    from events.services.reports import report_process

    report_process(report_id=report_id)
