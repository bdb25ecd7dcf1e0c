"""Write what extraction found in one report: actors, people, the negotiation and its participations,
statements, meetings, and the evidence tying each fact to the report.

One transaction per report. Deduplication against what is stored:
- the database constraints are the arbiter for exact duplicates (get-or-create inside a savepoint:
  a concurrent insert of the same row turns into a read of it);
- the pure matchers of events.pipeline.event_dedup decide near duplicates (a quote's fragment, a name's
  transliteration, the same meeting from another outlet) over candidates read by events.dedup_selectors.
Curators rule: a fact whose matching row is rejected is never recreated, a reviewed row is never changed
(it only gains evidence). Rows created here are marked auto (awaiting review).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from events import dedup_selectors as sel
from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from events.pipeline.event_dedup import MeetingFacts, meeting_match, more_precise, person_match, statement_match
from events.pipeline.types import (
    ExtractedActor,
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
)
from events.text import fold_statement_text, statement_text_key, words
from negotiations.models import (
    Actor,
    ActorKind,
    Negotiation,
    Participation,
    Person,
    PersonAlias,
    ReviewStatus,
    Role,
    normalize_name,
)

logger = logging.getLogger(__name__)

AUTO, REVIEWED, REJECTED = ReviewStatus.AUTO, ReviewStatus.REVIEWED, ReviewStatus.REJECTED


@dataclass
class FactsResult:
    negotiation_id: int | None = None
    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    skipped_rejected: int = 0
    statement_ids: list[int] = field(default_factory=list)
    meeting_ids: list[int] = field(default_factory=list)
    note: str = ""

    def count(self, kind: str, *, created: bool) -> None:
        bucket = self.created if created else self.matched
        bucket[kind] = bucket.get(kind, 0) + 1


def change_reason(report: Report) -> str:
    return f"pipeline: report {report.id}"


def _save_new(instance, reason: str) -> bool:
    """INSERT in a savepoint; False when a unique constraint says the row already exists."""
    instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
        return True
    except IntegrityError:
        return False


def _save(instance, reason: str, fields: list[str]) -> None:
    instance._change_reason = reason
    instance.save(update_fields=[*fields, "updated_at"])


def _live(row):
    """Follow a curator's merge to the row that survives."""
    seen = set()
    while row is not None and getattr(row, "merged_into_id", None) and row.id not in seen:
        seen.add(row.id)
        row = row.merged_into
    return row


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.reason = change_reason(report)
        self.result = FactsResult()
        self.actors: dict[str, Actor | None] = {}
        self.people: dict[str, Person | None] = {}
        self.pending_evidence: list[Evidence] = []

    # --- actors ---------------------------------------------------------------------------------

    def actor_by_name(self, name: str | None) -> Actor | None:
        """An actor known by this name or alias (no row is created for a bare name)."""
        if not name:
            return None
        key = normalize_name(name)
        if key in self.actors:
            return self.actors[key]
        rows = list(
            Actor.objects.filter(Q(normalized_name=key) | Q(aliases__normalized_name=key)).distinct().order_by("id")
        )
        # A live row named so beats one a curator merged away (which leads to its survivor anyway).
        row = next((r for r in rows if r.merged_into_id is None), rows[0] if rows else None)
        self.actors[key] = _live(row)
        return self.actors[key]

    def actor(self, extracted: ExtractedActor) -> Actor | None:
        key = normalize_name(extracted.name)
        if not key:
            return None
        row = None
        if extracted.known_id:
            row = _live(Actor.objects.filter(id=extracted.known_id).first())
        row = row or self.actor_by_name(extracted.name)
        if row is None and extracted.iso_code:
            row = Actor.objects.filter(iso_code=extracted.iso_code.upper(), merged_into__isnull=True).first()
        if row is None:
            kind = extracted.kind if extracted.kind in ActorKind.values else ActorKind.OTHER
            row = Actor(name=extracted.name.strip()[:200], kind=kind, iso_code="", review_status=AUTO)
            if extracted.iso_code and not Actor.objects.filter(iso_code=extracted.iso_code.upper()).exists():
                row.iso_code = extracted.iso_code
            if _save_new(row, self.reason):
                self.result.count("actors", created=True)
            else:  # created meanwhile by another report: the constraint's row is ours
                row = Actor.objects.filter(normalized_name=key, merged_into__isnull=True).first()
        self.actors[key] = row
        return row

    # --- people ---------------------------------------------------------------------------------

    def person_lookup(self, name: str) -> Person | None:
        key = normalize_name(name)
        if len(key.split()) < 2:
            # A surname alone names a person only inside one report: it finds only a person known by
            # that single name (a nom de guerre), never "Matthew Miller" for "Miller".
            return Person.objects.filter(normalized_name=key, merged_into__isnull=True).order_by("id").first()
        exact = (
            Person.objects.filter(Q(normalized_name=key) | Q(aliases__normalized_name=key))
            .select_related("merged_into")
            .distinct()
            .order_by("id")
        )
        rows = list(exact)
        row = next((r for r in rows if r.merged_into_id is None), rows[0] if rows else None)
        if row is not None:
            return _live(row)
        match_id = person_match(name, sel.person_candidates(name=name))
        return Person.objects.filter(id=match_id).first() if match_id else None

    def person(self, extracted: ExtractedPerson) -> Person | None:
        key = normalize_name(extracted.name)
        if not key:
            return None
        affiliation = self.actor_by_name(extracted.affiliation)
        row = None
        if extracted.known_id:
            row = _live(Person.objects.filter(id=extracted.known_id).first())
        if row is None:
            row = self.person_lookup(extracted.name)
            for alias in extracted.aliases:
                row = row or self.person_lookup(alias)
        if row is None:
            row = Person(
                name=extracted.name.strip()[:200], title=(extracted.title or "")[:200],
                affiliation=affiliation, review_status=AUTO,
            )
            _save_new(row, self.reason)
            self.result.count("people", created=True)
        else:
            self.result.count("people", created=False)
            if row.review_status == AUTO:
                # Fill what an earlier report did not say; what a curator may have set stays.
                changed = []
                if not row.title and extracted.title:
                    row.title, changed = extracted.title[:200], [*changed, "title"]
                if row.affiliation_id is None and affiliation is not None:
                    row.affiliation, changed = affiliation, [*changed, "affiliation"]
                if changed:
                    _save(row, self.reason, changed)
        # Other full spellings become aliases, so the next report resolves them directly.
        for spelling in {extracted.name, *extracted.aliases}:
            folded = normalize_name(spelling)
            if len(folded.split()) >= 2 and folded != row.normalized_name:
                if not PersonAlias.objects.filter(person=row, normalized_name=folded).exists():
                    _save_new(PersonAlias(person=row, name=spelling.strip()[:200]), self.reason)
        self.people[key] = row
        return row

    def person_by_name(self, name: str | None) -> Person | None:
        if not name:
            return None
        key = normalize_name(name)
        if key not in self.people:
            self.people[key] = self.person_lookup(name)
        return self.people[key]

    # --- negotiation ----------------------------------------------------------------------------

    def negotiation(self, extracted: ExtractedNegotiation) -> Negotiation | None:
        parties = [a for a in (self.actor_by_name(n) for n in extracted.parties) if a is not None]
        mediators = [a for a in (self.actor_by_name(n) for n in extracted.mediators) if a is not None]
        row = None
        if extracted.known_id:
            row = Negotiation.objects.filter(id=extracted.known_id).first()
        if row is None and parties:
            row = self._negotiation_by_parties({a.id for a in parties})
        if row is None:
            title = (extracted.title or extracted.topic or "").strip()[:300] or "Untitled negotiation"
            row = Negotiation.objects.filter(title__iexact=title).order_by("id").first()
            if row is None:
                row = Negotiation(title=title, topic=(extracted.topic or "")[:300], review_status=AUTO)
                if not _save_new(row, self.reason):
                    row = Negotiation.objects.get(slug=row.slug)
                else:
                    self.result.count("negotiations", created=True)
        if row.review_status == REJECTED:
            return row
        for actors, role in ((parties, Role.PARTY), (mediators, Role.MEDIATOR)):
            for actor in actors:
                participation = Participation(negotiation=row, actor=actor, role=role, review_status=AUTO)
                if not Participation.objects.filter(negotiation=row, actor=actor, role=role).exists():
                    if _save_new(participation, self.reason):
                        self.result.count("participations", created=True)
        return row

    @staticmethod
    def _negotiation_by_parties(party_ids: set[int]) -> Negotiation | None:
        """The negotiation whose parties are exactly these (the extractor found no known one)."""
        candidates = (
            Negotiation.objects.filter(participations__role=Role.PARTY, participations__actor_id__in=party_ids)
            .exclude(review_status=REJECTED)
            .distinct()
            .prefetch_related("participations")
            .order_by("id")
        )
        for negotiation in candidates:
            ids = {p.actor_id for p in negotiation.participations.all() if p.role == Role.PARTY and p.review_status != REJECTED}
            if ids == party_ids:
                return negotiation
        return None

    # --- evidence -------------------------------------------------------------------------------

    def evidence(self, *, span, statement: Statement | None = None, meeting: Meeting | None = None) -> None:
        # Written together at the end of the report (evidence_flush): one INSERT instead of one per fact.
        self.pending_evidence.append(
            Evidence(report=self.report, statement=statement, meeting=meeting, char_start=span.start,
                     char_end=max(span.start, span.end), sentence=span.sentence)
        )

    def evidence_flush(self) -> None:
        # ON CONFLICT DO NOTHING: the (report, fact) unique constraints make reprocessing a no-op.
        if self.pending_evidence:
            Evidence.objects.bulk_create(self.pending_evidence, ignore_conflicts=True)
            self.pending_evidence = []

    # --- statements -----------------------------------------------------------------------------

    def statement(self, negotiation: Negotiation, extracted: ExtractedStatement) -> None:
        if len(words(extracted.text)) == 0:
            return
        person = self.person_by_name(extracted.speaker_person)
        actor = None if person else self.actor_by_name(extracted.speaker_actor)
        if person is None and actor is None:
            logger.info("report %s: statement without a known speaker skipped", self.report.id)
            return
        candidates = sel.statement_candidates(
            negotiation_id=negotiation.id, speaker_person_id=person.id if person else None,
            speaker_actor_id=actor.id if actor else None, institution_id=person.affiliation_id if person else None,
        )
        match = statement_match(extracted.text, [c for c, _ in candidates])
        row = next((s for c, s in candidates if match and c.id == match.id), None)
        if row is None:
            row = self._statement_create(negotiation, person, actor, extracted)
            if row is None:
                return
        else:
            self.result.count("statements", created=False)
            if row.review_status == REJECTED:
                self.result.skipped_rejected += 1
                return
            if row.review_status == AUTO:
                self._statement_refine(row, extracted, match.how, person)
        self.evidence(span=extracted.span, statement=row)
        self.result.statement_ids.append(row.id)

    def _statement_create(self, negotiation, person, actor, extracted: ExtractedStatement) -> Statement | None:
        row = Statement(
            negotiation=negotiation, speaker_person=person, speaker_actor=None if person else actor,
            speaker_title=(extracted.speaker_title or (person.title if person else ""))[:200],
            text=extracted.text.strip(), kind=extracted.kind if extracted.kind in Statement.Kind.values else "direct",
            said_on=extracted.said_on, said_on_precision=extracted.said_on_precision or "day",
            setting=(extracted.setting or "")[:100], review_status=AUTO,
        )
        if _save_new(row, self.reason):
            self.result.count("statements", created=True)
            return row
        # The same words by the same speaker were written meanwhile: the constraint's row is ours.
        existing = Statement.objects.filter(
            negotiation=negotiation, speaker_person=person, speaker_actor=None if person else actor,
            text_key=statement_text_key(extracted.text),
        ).first()
        if existing is not None and existing.review_status == REJECTED:
            self.result.skipped_rejected += 1
            return None
        return existing

    def _statement_refine(self, row: Statement, extracted: ExtractedStatement, how: str, person: Person | None) -> None:
        """An auto statement learns what a later report adds: the full quote where it had a fragment,
        a date where it had none, and the person speaking where it had only their institution (words
        first attributed to "the State Department", then to its spokesperson, are the spokesperson's)."""
        changed = []
        if person is not None and row.speaker_person_id is None:
            row.speaker_person, row.speaker_actor = person, None
            changed += ["speaker_person", "speaker_actor"]
        if how == "contains" and len(fold_statement_text(extracted.text)) > len(fold_statement_text(row.text)):
            row.text, changed = extracted.text.strip(), [*changed, "text", "text_key"]
        if row.said_on is None and extracted.said_on is not None:
            row.said_on, row.said_on_precision = extracted.said_on, extracted.said_on_precision or "day"
            changed += ["said_on", "said_on_precision"]
        if not row.speaker_title and extracted.speaker_title:
            row.speaker_title, changed = extracted.speaker_title[:200], [*changed, "speaker_title"]
        if changed:
            try:
                with transaction.atomic():
                    _save(row, self.reason, changed)
            except IntegrityError:  # the full quote exists as its own row: keep both as they are
                row.refresh_from_db()

    # --- meetings -------------------------------------------------------------------------------

    def meeting_facts(self, extracted: ExtractedMeeting) -> tuple[MeetingFacts, list[Person], list[Actor], Actor | None]:
        people = [p for p in (self.person_by_name(n) for n in extracted.people) if p is not None]
        actors = [a for a in (self.actor_by_name(n) for n in extracted.actors) if a is not None]
        country = self.actor_by_name(extracted.place_country)
        people = list({p.id: p for p in people}.values())
        actors = list({a.id: a for a in actors}.values())
        facts = MeetingFacts(
            kind=extracted.kind,
            people=frozenset(p.id for p in people),
            actors=frozenset(a.id for a in actors),
            sides=frozenset(a.id for a in actors) | frozenset(p.affiliation_id for p in people if p.affiliation_id),
            place_name=normalize_name(extracted.place_name),
            place_country=country.id if country else None,
            date_from=extracted.date_from,
            date_to=extracted.date_to or extracted.date_from,
            date_precision=extracted.date_precision or "day",
        )
        return facts, people, actors, country

    def meetings(self, negotiation: Negotiation, extracted_meetings: list[ExtractedMeeting]) -> None:
        # Two meetings one report describes are two meetings: a row this report already evidences at
        # another span, or that an earlier meeting of this pass took, is not a candidate.
        evidenced = sel.meetings_evidenced_by(report_id=self.report.id)
        used: set[int] = set()
        for extracted in extracted_meetings:
            facts, people, actors, country = self.meeting_facts(extracted)
            if not people and not actors:
                continue
            span_key = (extracted.span.start, max(extracted.span.start, extracted.span.end))
            pairs = sel.meeting_candidates(
                negotiation_id=negotiation.id, date_from=facts.date_from, date_to=facts.date_to
            )
            own = next((m for c, m in pairs if span_key in evidenced.get(c.id, set()) and c.id not in used), None)
            if own is not None:
                row = own
            else:
                allowed = [c for c, _ in pairs if c.id not in used and c.id not in evidenced]
                match_id = meeting_match(facts, allowed)
                row = next((m for c, m in pairs if c.id == match_id), None) if match_id else None
            if row is None:
                row = self._meeting_create(negotiation, extracted, facts, people, actors, country)
            else:
                self.result.count("meetings", created=False)
                if row.review_status == REJECTED:
                    used.add(row.id)
                    self.result.skipped_rejected += 1
                    continue
                if row.review_status == AUTO:
                    self._meeting_refine(row, extracted, facts, people, actors, country)
            used.add(row.id)
            self.evidence(span=extracted.span, meeting=row)
            self.result.meeting_ids.append(row.id)

    def _meeting_create(self, negotiation, extracted, facts, people, actors, country) -> Meeting:
        row = Meeting(
            negotiation=negotiation, kind=extracted.kind if extracted.kind in Meeting.Kind.values else "talks",
            date_from=facts.date_from, date_to=facts.date_to, date_precision=facts.date_precision,
            place_name=(extracted.place_name or "")[:200], place_country=country,
            summary=extracted.summary or extracted.span.sentence, review_status=AUTO,
        )
        _save_new(row, self.reason)
        MeetingParticipant.objects.bulk_create(
            [MeetingParticipant(meeting=row, person=p) for p in people], ignore_conflicts=True
        )
        row.actors.add(*actors)
        self.result.count("meetings", created=True)
        return row

    def _meeting_refine(self, row: Meeting, extracted, facts, people, actors, country) -> None:
        """The same meeting from another outlet: union of participants, the more precise date, a place
        where it had none."""
        MeetingParticipant.objects.bulk_create(
            [MeetingParticipant(meeting=row, person=p) for p in people], ignore_conflicts=True
        )
        row.actors.add(*actors)
        old = sel.meeting_facts(row)
        changed = []
        if more_precise(facts, old):
            row.date_from, row.date_to, row.date_precision = facts.date_from, facts.date_to, facts.date_precision
            changed += ["date_from", "date_to", "date_precision"]
        if not row.place_name and extracted.place_name:
            row.place_name, changed = extracted.place_name[:200], [*changed, "place_name"]
        if row.place_country_id is None and country is not None:
            row.place_country, changed = country, [*changed, "place_country"]
        if changed:
            _save(row, self.reason, changed)


def facts_write(*, report: Report, extraction: Extraction) -> FactsResult:
    """Write one report's extraction (see the module docstring). Reprocessing a report is a no-op."""
    writer = _Writer(report)
    with transaction.atomic():
        for actor in extraction.actors:
            writer.actor(actor)
        for person in extraction.people:
            writer.person(person)
        if extraction.negotiation is None:
            writer.result.note = "no negotiation found: statements and meetings not written"
            return writer.result
        negotiation = writer.negotiation(extraction.negotiation)
        writer.result.negotiation_id = negotiation.id
        if negotiation.review_status == REJECTED:
            writer.result.note = "the negotiation was rejected by a curator: nothing written"
            return writer.result
        for statement in extraction.statements:
            writer.statement(negotiation, statement)
        # Before the meetings: they read which meetings this report already evidences (a reprocessing).
        writer.evidence_flush()
        writer.meetings(negotiation, extraction.meetings)
        writer.evidence_flush()
    return writer.result
