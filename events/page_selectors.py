"""Reads behind the negotiation page (events/views.py): who takes part, the status over time and a timeline
of meetings and statements, one month at a time.

A page costs the same few queries whatever the negotiation's size: the month index is two aggregates,
and a month shows at most ``per_page`` statements (with their sources prefetched in one query) and the
meetings of that month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from events.models import Evidence, Meeting, MeetingParticipant, Statement
from negotiations.models import Negotiation, Participation, ReviewStatus, Role

UNDATED = "undated"
STATUS_HISTORY_LIMIT = 200


@dataclass
class Month:
    key: str  # "2024-12", or "undated"
    label: str
    statements: int = 0
    meetings: int = 0
    awaiting: int = 0


@dataclass
class StatusChange:
    date: dt.datetime
    status: str
    user: str
    reason: str


@dataclass
class TimelineEntry:
    date: dt.date | None
    kind: str  # "meeting" or "statement"
    fact: Statement | Meeting
    reports: int
    outlets: int
    sources: list[Evidence]
    awaiting: bool
    unassigned: bool


@dataclass
class NegotiationPage:
    negotiation: Negotiation
    parties: list[Participation]
    mediators: list[Participation]
    others: list[Participation]
    status_changes: list[StatusChange]
    months: list[Month]
    month: Month | None
    entries: list[TimelineEntry] = field(default_factory=list)
    statements_page: Page | None = None
    awaiting_total: int = 0


def _month_key(value: dt.date | None) -> str:
    return value.strftime("%Y-%m") if value else UNDATED


def _month_label(key: str) -> str:
    if key == UNDATED:
        return "Undated"
    return dt.date(int(key[:4]), int(key[5:7]), 1).strftime("%B %Y")


def _live(queryset: QuerySet) -> QuerySet:
    # Rejected facts are wrong: the page shows what is believed, flagging what nobody checked yet.
    return queryset.exclude(review_status=ReviewStatus.REJECTED)


def negotiation_months(*, negotiation: Negotiation) -> list[Month]:
    """Every month with a statement or a meeting, newest first, with counts: two aggregate queries."""
    months: dict[str, Month] = {}
    for model, date_field, attr in ((Statement, "said_on", "statements"), (Meeting, "date_from", "meetings")):
        rows = (
            _live(model.objects.filter(negotiation=negotiation))
            .annotate(month=TruncMonth(date_field))
            .order_by()
            .values("month")
            .annotate(n=Count("id"), waiting=Count("id", filter=Q(review_status=ReviewStatus.AUTO)))
        )
        for row in rows:
            key = _month_key(row["month"])
            month = months.setdefault(key, Month(key=key, label=_month_label(key)))
            setattr(month, attr, getattr(month, attr) + row["n"])
            month.awaiting += row["waiting"]
    dated = sorted((m for k, m in months.items() if k != UNDATED), key=lambda m: m.key, reverse=True)
    return dated + ([months[UNDATED]] if UNDATED in months else [])


def _in_month(queryset: QuerySet, date_field: str, key: str) -> QuerySet:
    if key == UNDATED:
        return queryset.filter(**{f"{date_field}__isnull": True})
    first = dt.date(int(key[:4]), int(key[5:7]), 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return queryset.filter(**{f"{date_field}__gte": first, f"{date_field}__lt": following})


def _sources() -> Prefetch:
    # The reports a fact was read in, for the links: the headline columns only, never the article text.
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.select_related("report")
        .only(
            "id",
            "statement_id",
            "meeting_id",
            "report__id",
            "report__title",
            "report__outlet",
            "report__url",
            "report__canonical_url",
            "report__published_at",
        )
        .order_by("report__published_at", "id"),
    )


def _corroborated(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        n_reports=Count("evidence__report", distinct=True),
        n_outlets=Count("evidence__report__outlet", distinct=True),
    )


def negotiation_page_read(
    *, negotiation: Negotiation, month: str = "", page: int = 1, per_page: int = 100
) -> NegotiationPage:
    """Everything the negotiation page shows, for one month of its timeline (the newest by default)."""
    participations = list(
        Participation.objects.filter(negotiation=negotiation)
        .exclude(review_status=ReviewStatus.REJECTED)
        .select_related("actor")
        .order_by("role", "actor__name")
    )
    months = negotiation_months(negotiation=negotiation)
    chosen = next((m for m in months if m.key == month), months[0] if months else None)
    result = NegotiationPage(
        negotiation=negotiation,
        parties=[p for p in participations if p.role == Role.PARTY],
        mediators=[p for p in participations if p.role == Role.MEDIATOR],
        others=[p for p in participations if p.role not in (Role.PARTY, Role.MEDIATOR)],
        status_changes=_status_changes(negotiation),
        months=months,
        month=chosen,
        awaiting_total=sum(m.awaiting for m in months),
    )
    if chosen is None:
        return result

    statements = (
        _corroborated(_in_month(_live(Statement.objects.filter(negotiation=negotiation)), "said_on", chosen.key))
        .select_related("speaker_person", "speaker_actor")
        .prefetch_related(_sources())
        .order_by("said_on", "id")
    )
    paginator = Paginator(statements, per_page)
    result.statements_page = paginator.get_page(page)
    entries = [
        TimelineEntry(
            date=s.said_on,
            kind="statement",
            fact=s,
            reports=s.n_reports,
            outlets=s.n_outlets,
            sources=list(s.evidence.all()),
            awaiting=s.review_status == ReviewStatus.AUTO,
            unassigned=s.speaker_person_id is None and s.speaker_actor_id is None,
        )
        for s in result.statements_page.object_list
    ]
    if result.statements_page.number == 1:
        # A month's meetings are few (a handful of rounds of talks): all of them, on its first page.
        meetings = (
            _corroborated(_in_month(_live(Meeting.objects.filter(negotiation=negotiation)), "date_from", chosen.key))
            .select_related("place_country")
            .prefetch_related(
                _sources(),
                Prefetch(
                    "participants",
                    queryset=MeetingParticipant.objects.select_related("person").order_by("person__name"),
                ),
                "actors",
            )
            .order_by("date_from", "id")
        )
        entries += [
            TimelineEntry(
                date=m.date_from,
                kind="meeting",
                fact=m,
                reports=m.n_reports,
                outlets=m.n_outlets,
                sources=list(m.evidence.all()),
                awaiting=m.review_status == ReviewStatus.AUTO,
                unassigned=not m.participants.all() and not m.actors.all(),
            )
            for m in meetings
        ]
    # Meetings before statements of the same day: the talks, then what was said about them.
    entries.sort(key=lambda e: (e.date or dt.date.max, e.kind != "meeting", e.fact.pk))
    result.entries = entries
    return result


def _status_changes(negotiation: Negotiation) -> list[StatusChange]:
    """The negotiation's status over time, from its change history: each record where the status changed."""
    records = (
        negotiation.history.order_by("history_date", "history_id")
        .select_related("history_user")
        .only("history_date", "status", "history_change_reason", "history_user__username")[:STATUS_HISTORY_LIMIT]
    )
    changes, previous = [], None
    labels = dict(Negotiation._meta.get_field("status").flatchoices)
    for record in records:
        if record.status != previous:
            changes.append(
                StatusChange(
                    date=record.history_date,
                    status=labels.get(record.status, record.status),
                    user=record.history_user.get_username() if record.history_user else "",
                    reason=record.history_change_reason or "",
                )
            )
            previous = record.status
    return changes
