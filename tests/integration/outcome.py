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
        for model in (
            Statement,
            Meeting,
            MeetingParticipant,
            Evidence,
            Person,
            Actor,
            Negotiation,
            Participation,
            ReportBand,
        )
    }
    return {"reports": per_report, "totals": totals}


def reference_snapshot(payloads: list[dict]) -> dict:
    """snapshot() after a serial in-process run of the payloads, rolled back."""
    return _serial_run(payloads, snapshot)


def rows() -> dict:
    """The facts themselves, row for row, by natural keys (ids differ between runs): people, negotiations
    with their participations, statements with their speaker, meetings with participants and evidence."""
    people = sorted(
        (p.name, p.title, p.affiliation.name if p.affiliation else "", sorted(a.name for a in p.aliases.all()))
        for p in Person.objects.select_related("affiliation").prefetch_related("aliases")
    )
    negotiations = sorted(
        (n.title, sorted((pt.actor.name, pt.role) for pt in n.participations.select_related("actor")))
        for n in Negotiation.objects.all()
    )
    statements = sorted(
        (
            s.negotiation.title,
            s.speaker_person.name if s.speaker_person else "",
            s.speaker_actor.name if s.speaker_actor else "",
            s.text,
            s.kind,
            str(s.said_on),
            sorted(e.report.canonical_url for e in s.evidence.select_related("report")),
        )
        for s in Statement.objects.select_related("negotiation", "speaker_person", "speaker_actor")
    )
    meetings = sorted(
        (
            m.negotiation.title,
            m.kind,
            str(m.date_from),
            str(m.date_to),
            m.date_precision,
            m.place_name,
            sorted(p.name for p in m.people.all()),
            sorted(a.name for a in m.actors.all()),
            sorted(
                (e.report.canonical_url, e.char_start or 0, e.char_end or 0)
                for e in m.evidence.select_related("report")
            ),
        )
        for m in Meeting.objects.select_related("negotiation").prefetch_related("people", "actors")
    )
    return {"people": people, "negotiations": negotiations, "statements": statements, "meetings": meetings}


def reference_rows(payloads: list[dict]) -> dict:
    """snapshot() and rows() after a serial in-process run of the payloads, rolled back."""
    return _serial_run(payloads, lambda: {"snapshot": snapshot(), "rows": rows()})


def _serial_run(payloads: list[dict], read) -> dict:
    """Process the payloads in this process, one after the other, inside a transaction that is rolled
    back; returns what `read` found before the rollback."""
    from events.gazetteer import gazetteer_build
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
            result.update(read())
            raise _Rollback
    except _Rollback:
        pass
    return result
