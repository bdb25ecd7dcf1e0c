"""What processing left in the database, to compare a run through real workers (with crashes) against a
clean in-process run of the same reports: equal snapshots mean every report was processed exactly once
and nothing was duplicated."""

from __future__ import annotations

from django.db import transaction

from events.models import Evidence, Meeting, MeetingParticipant, Report, ReportBand, Statement
from negotiations.models import Actor, Negotiation, Participation, Person


class _Rollback(Exception):
    pass


def snapshot() -> dict:
    per_report = {}
    for report in Report.objects.select_related("duplicate_of").order_by("canonical_url"):
        per_report[report.canonical_url] = {
            "status": report.status,
            "failure_reason": report.failure_reason,
            "duplicate_of": report.duplicate_of.canonical_url if report.duplicate_of else None,
            "statements": report.evidence.filter(statement__isnull=False).count(),
            "meetings": report.evidence.filter(meeting__isnull=False).count(),
            "bands": report.bands.count(),
        }
    totals = {
        model.__name__: model.objects.count()
        for model in (Statement, Meeting, MeetingParticipant, Evidence, Person, Actor, Negotiation, Participation, ReportBand)
    }
    return {"reports": per_report, "totals": totals}


def reference_snapshot(payloads: list[dict]) -> dict:
    """Process the payloads in this process, serially, inside a transaction that is rolled back."""
    from events.selectors import gazetteer_build
    from events.services.reports import report_process, report_submit

    result = {}
    try:
        with transaction.atomic():
            # A private gazetteer object: nothing cached here may outlive the rollback.
            gazetteer = gazetteer_build(use_cache=False)
            for payload in payloads:
                report, _ = report_submit(**payload, enqueue=False)
                report_process(report_id=report.id, gazetteer=gazetteer)
                gazetteer = gazetteer_build(use_cache=False)
            result.update(snapshot())
            raise _Rollback
    except _Rollback:
        pass
    return result
