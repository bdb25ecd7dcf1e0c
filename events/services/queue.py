"""Hand a report to the workers. Called after commit only (transaction.on_commit)."""


def report_enqueue(*, report_id: int) -> bool:
    """Publish the processing task; True when published. A failure leaves the report pending."""
    from events.tasks import process_report

    process_report.delay(report_id)
    return True
