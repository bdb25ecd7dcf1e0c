"""export_events: the import format out, streamed from the database in chunks.

Records are written in dependency order (the order of RECORD_TYPES) so the file imports in one pass.
Rows merged into another by a curator are not exported; references to them name the survivor.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from collections import Counter
from typing import Iterator, TextIO

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from events.bulk.records import RECORD_TYPES
from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias

CSV_COLUMNS: tuple[str, ...] = ("type",) + tuple(
    dict.fromkeys(name for rtype in RECORD_TYPES for name in rtype.record_fields)
)


def _actor_key(path: str):
    # A reference to a merged actor names the actor it was merged into.
    return Coalesce(F(f"{path}__merged_into__name"), F(f"{path}__name"))


def _person_key(path: str):
    return Coalesce(F(f"{path}__merged_into__uid"), F(f"{path}__uid"))


def _live_or_merged_into(ids) -> Q:
    """Live rows among ids, and the live rows that rows among ids were merged into."""
    return Q(merged_into__isnull=True) & (Q(id__in=ids) | Q(merged_from__in=ids))


class Scope:
    """Which rows an export covers: a negotiation and/or a date range (meetings by date_from,
    statements by said_on), and everything those rows refer to."""

    def __init__(self, *, negotiation: str | None = None, since: dt.date | None = None, until: dt.date | None = None):
        self.filtered = bool(negotiation or since or until)
        self.negotiations = Negotiation.objects.all()
        if negotiation:
            self.negotiations = self.negotiations.filter(slug=negotiation)
        self.meetings = Meeting.objects.filter(negotiation__in=self.negotiations)
        self.statements = Statement.objects.filter(negotiation__in=self.negotiations)
        if since:
            self.meetings = self.meetings.filter(date_from__gte=since)
            self.statements = self.statements.filter(said_on__gte=since)
        if until:
            self.meetings = self.meetings.filter(date_from__lte=until)
            self.statements = self.statements.filter(said_on__lte=until)
        self.participations = Participation.objects.filter(negotiation__in=self.negotiations)
        self.evidence = Evidence.objects.filter(Q(statement__in=self.statements) | Q(meeting__in=self.meetings))
        self.people = Person.objects.filter(merged_into__isnull=True)
        self.actors = Actor.objects.filter(merged_into__isnull=True)
        if self.filtered:
            person_ids = (
                self.statements.filter(speaker_person__isnull=False)
                .values("speaker_person_id")
                .union(MeetingParticipant.objects.filter(meeting__in=self.meetings).values("person_id"))
            )
            self.people = Person.objects.filter(
                _live_or_merged_into(Person.objects.filter(id__in=person_ids).values("id"))
            )
            actor_ids = (
                self.participations.values("actor_id")
                .union(self.statements.filter(speaker_actor__isnull=False).values("speaker_actor_id"))
                .union(self.meetings.filter(place_country__isnull=False).values("place_country_id"))
                .union(Meeting.actors.through.objects.filter(meeting__in=self.meetings).values("actor_id"))
                .union(Person.objects.filter(id__in=person_ids, affiliation__isnull=False).values("affiliation_id"))
            )
            self.actors = Actor.objects.filter(
                _live_or_merged_into(Actor.objects.filter(id__in=actor_ids).values("id"))
            )

    def querysets(self) -> dict[str, tuple[QuerySet, dict]]:
        """Per record type: the rows, and how each record field is read from them."""
        s = self
        return {
            "actor": (s.actors.distinct(), {}),
            "actor_alias": (ActorAlias.objects.filter(actor__in=s.actors), {"actor": _actor_key("actor")}),
            "negotiation": (s.negotiations, {}),
            "participation": (
                s.participations,
                {"negotiation": F("negotiation__slug"), "actor": _actor_key("actor")},
            ),
            "person": (s.people.distinct(), {"affiliation": _actor_key("affiliation")}),
            "person_alias": (PersonAlias.objects.filter(person__in=s.people), {"person": _person_key("person")}),
            "meeting": (
                s.meetings,
                {"negotiation": F("negotiation__slug"), "place_country": _actor_key("place_country")},
            ),
            "meeting_person": (
                MeetingParticipant.objects.filter(meeting__in=s.meetings),
                {"meeting": F("meeting__uid"), "person": _person_key("person")},
            ),
            "meeting_actor": (
                Meeting.actors.through.objects.filter(meeting__in=s.meetings),
                {"meeting": F("meeting__uid"), "actor": _actor_key("actor")},
            ),
            "statement": (
                s.statements,
                {
                    "negotiation": F("negotiation__slug"),
                    "speaker_person": _person_key("speaker_person"),
                    "speaker_actor": _actor_key("speaker_actor"),
                },
            ),
            "source": (Report.objects.filter(id__in=s.evidence.values("report_id")), {}),
            "evidence": (
                s.evidence,
                {"report": F("report__canonical_url"), "statement": F("statement__uid"), "meeting": F("meeting__uid")},
            ),
        }


def iter_records(scope: Scope, *, chunk_size: int = 2000) -> Iterator[dict]:
    querysets = scope.querysets()
    for rtype in RECORD_TYPES:
        queryset, computed = querysets[rtype.name]
        names = rtype.record_fields
        plain = [n for n in names if n not in computed]
        aliases = {f"_x_{n}": expr for n, expr in computed.items()}
        rows = queryset.annotate(**aliases).order_by("pk").values(*plain, *aliases).iterator(chunk_size=chunk_size)
        for row in rows:
            record = {"type": rtype.name}
            for name in names:
                record[name] = row[f"_x_{name}"] if name in computed else row[name]
            yield record


def _text(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def events_export(
    *,
    out: TextIO,
    fmt: str = "jsonl",
    negotiation: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    chunk_size: int = 2000,
) -> Counter:
    """Write the records in scope to out; return the count per record type."""
    counts: Counter = Counter()
    records = iter_records(Scope(negotiation=negotiation, since=since, until=until), chunk_size=chunk_size)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: "" if v is None else _text(v) for k, v in record.items()})
            counts[record["type"]] += 1
    else:
        for record in records:
            out.write(json.dumps({k: _text(v) for k, v in record.items()}, ensure_ascii=False) + "\n")
            counts[record["type"]] += 1
    return counts
