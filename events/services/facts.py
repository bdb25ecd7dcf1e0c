"""Write what extraction found in one report: actors, people, the negotiation and its participations,
statements, meetings, and the evidence tying each fact to the report.

One transaction per report, written set by set rather than fact by fact: the names a report uses are
looked up in one query per table, the statements of its speakers are read once, and new people,
participations and statements are inserted (with their history rows) in one statement per table.
That keeps the write step, which runs under the pipeline's write lock, to a few dozen queries per
report whatever its number of facts. Facts created earlier in the same report take part in the
matching of later ones exactly as stored rows do. Deduplication against what is stored:
- the database constraints are the arbiter for exact duplicates (a bulk insert that a concurrent
  writer beat falls back to one insert per row in a savepoint, where the constraint's row is ours);
- the pure matchers of events.pipeline.event_dedup decide near duplicates (a quote's fragment, a name's
  transliteration, the same meeting from another outlet) over candidates read by events.dedup_selectors.
Curators rule: a fact whose matching row is rejected is never recreated, a reviewed row is never changed
(it only gains evidence). Rows created here are marked auto (awaiting review).
No fact is dropped: when the report names no negotiation, its statements and meetings are written
unassigned (negotiation NULL) for a curator to assign, and deduplicated among the unassigned ones as
within a negotiation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q

from events import dedup_selectors as sel
from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from events.pipeline.event_dedup import (
    MeetingFacts,
    PersonCandidate,
    StatementCandidate,
    meeting_match,
    more_precise,
    person_match,
    statement_match,
)
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
    ActorAlias,
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


def _named(rows_by_id: dict | None):
    """The row a name resolves to among those carrying it (by name or alias): a live one beats one a
    curator merged away (which leads to its survivor anyway); the lowest id among equals."""
    rows = [rows_by_id[pk] for pk in sorted(rows_by_id)] if rows_by_id else []
    row = next((r for r in rows if r.merged_into_id is None), rows[0] if rows else None)
    return _live(row)


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.reason = change_reason(report)
        self.result = FactsResult()
        self.actors: dict[str, Actor | None] = {}
        self.people: dict[str, Person | None] = {}
        self.pending_evidence: list[Evidence] = []
        # People: exact look-ups read in bulk (folded name -> row), rows this report creates (inserted
        # together by people_flush) and the spellings it adds, which later look-ups of the report see.
        self._person_exact: dict[str, Person | None] = {}
        self._person_fuzzy: dict[str, list[PersonCandidate]] = {}
        self._new_people: list[Person] = []
        self._added_names: dict[str, Person] = {}
        self._new_aliases: dict[tuple[int, str], tuple[Person, str]] = {}
        self._touched_people: dict[int, Person] = {}  # id() -> row, for the aliases they already have
        # Statements: the candidates of every speaker of the report, read once, plus those it creates.
        self._statement_pool: list[Statement] | None = None
        self._new_statements: list[Statement] = []
        self._statement_rows: list[Statement] = []

    # --- actors ---------------------------------------------------------------------------------

    def actors_preload(self, names: Iterable[str | None]) -> None:
        """Resolve every actor name the report uses: two queries (names, aliases) instead of one per name."""
        keys = {normalize_name(n) for n in names if n} - set(self.actors) - {""}
        if not keys:
            return
        found: dict[str, dict[int, Actor]] = defaultdict(dict)
        for row in Actor.objects.filter(normalized_name__in=keys):
            found[row.normalized_name][row.id] = row
        for alias in ActorAlias.objects.filter(normalized_name__in=keys).select_related("actor"):
            found[alias.normalized_name][alias.actor.id] = alias.actor
        for key in keys:
            self.actors[key] = _named(found.get(key))

    def actor_by_name(self, name: str | None) -> Actor | None:
        """An actor known by this name or alias (no row is created for a bare name)."""
        if not name:
            return None
        key = normalize_name(name)
        if key not in self.actors:
            self.actors_preload([name])
        return self.actors.get(key)

    def actor(self, extracted: ExtractedActor, known: dict[int, Actor]) -> Actor | None:
        key = normalize_name(extracted.name)
        if not key:
            return None
        row = _live(known.get(extracted.known_id)) if extracted.known_id else None
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

    def people_preload(self, names: Iterable[str | None]) -> None:
        """Exact look-ups of every person name the report uses, in at most three queries."""
        keys = {normalize_name(n) for n in names if n} - set(self._person_exact) - {""}
        if not keys:
            return
        single = {k for k in keys if len(k.split()) < 2}
        full = keys - single
        found: dict[str, dict[int, Person]] = defaultdict(dict)
        if single:
            # A surname alone names a person only inside one report: it finds only a live person known
            # by that single name (a nom de guerre), never "Matthew Miller" for "Miller".
            for row in Person.objects.filter(normalized_name__in=single, merged_into__isnull=True):
                found[row.normalized_name][row.id] = row
        if full:
            for row in Person.objects.filter(normalized_name__in=full).select_related("merged_into"):
                found[row.normalized_name][row.id] = row
            for alias in PersonAlias.objects.filter(normalized_name__in=full).select_related("person__merged_into"):
                found[alias.normalized_name][alias.person.id] = alias.person
        for key in keys:
            self._person_exact[key] = _named(found.get(key))
        # The names no row carries are spelling variants or new people: their candidates in one scan.
        unknown = [k for k in full if self._person_exact[k] is None and k not in self._person_fuzzy]
        self._person_fuzzy.update(sel.person_candidates_many(names=unknown))

    def person_lookup(self, name: str) -> Person | None:
        key = normalize_name(name)
        if key not in self._person_exact:
            self.people_preload([name])
        row = self._person_exact[key] or self._added_names.get(key)
        if row is not None or len(key.split()) < 2:
            return row
        # A spelling variant: the pure matcher decides over stored people sharing the start of the
        # surname, and over the people this report created before this one.
        stored = self._person_fuzzy[key] if key in self._person_fuzzy else sel.person_candidates(name=name)
        pending = [
            PersonCandidate(id=-(i + 1), names=(p.name, *(s for (pid, _), (_, s) in self._new_aliases.items() if pid == id(p))))
            for i, p in enumerate(self._new_people)
        ]
        match_id = person_match(name, [*stored, *pending])
        if match_id is None:
            return None
        if match_id < 0:
            return self._new_people[-match_id - 1]
        return Person.objects.filter(id=match_id).first()

    def person(self, extracted: ExtractedPerson, known: dict[int, Person]) -> Person | None:
        key = normalize_name(extracted.name)
        if not key:
            return None
        affiliation = self.actor_by_name(extracted.affiliation)
        row = _live(known.get(extracted.known_id)) if extracted.known_id else None
        if row is None:
            row = self.person_lookup(extracted.name)
            for alias in extracted.aliases:
                row = row or self.person_lookup(alias)
        if row is None:
            row = Person(
                name=extracted.name.strip()[:200], title=(extracted.title or "")[:200],
                affiliation=affiliation, review_status=AUTO,
            )
            row.normalized_name = normalize_name(row.name)
            self._new_people.append(row)
            self._added_names.setdefault(row.normalized_name, row)
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
                if changed and row.pk is not None:
                    _save(row, self.reason, changed)
        # Other full spellings become aliases, so the next report resolves them directly.
        for spelling in {extracted.name, *extracted.aliases}:
            folded = normalize_name(spelling)
            if len(folded.split()) >= 2 and folded != row.normalized_name:
                self._new_aliases.setdefault((id(row), folded), (row, spelling.strip()[:200]))
                self._added_names.setdefault(folded, row)
        if row.pk is not None:
            self._touched_people[id(row)] = row
        self.people[key] = row
        return row

    def people_flush(self) -> None:
        """Insert the people this report found new, with their history rows, then the new spellings."""
        if self._new_people:
            Person.objects.bulk_create(self._new_people)
            Person.history.bulk_history_create(self._new_people, default_change_reason=self.reason)
            self._new_people = []
            self._person_fuzzy = {}  # read before these people were stored: later look-ups read again
        if self._new_aliases:
            stored_ids = {row.id for row in self._touched_people.values()}
            have = set(
                PersonAlias.objects.filter(person_id__in=stored_ids).values_list("person_id", "normalized_name")
            ) if stored_ids else set()
            aliases = []
            for (_, folded), (row, spelling) in self._new_aliases.items():
                if (row.id, folded) not in have:
                    aliases.append(PersonAlias(person=row, name=spelling, normalized_name=folded))
            # ON CONFLICT DO NOTHING: the (person, spelling) constraint keeps a spelling once.
            PersonAlias.objects.bulk_create(aliases, ignore_conflicts=True)
            self._new_aliases = {}

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
        row, created = None, False
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
                    created = True
        if row.review_status == REJECTED:
            return row
        wanted = [(a, Role.PARTY) for a in parties] + [(a, Role.MEDIATOR) for a in mediators]
        self._participations_write(row, wanted, new_negotiation=created)
        return row

    def _participations_write(self, negotiation: Negotiation, wanted: list[tuple[Actor, str]], *, new_negotiation: bool) -> None:
        # A negotiation this transaction created has no participations anywhere else yet.
        have = set() if new_negotiation else set(
            Participation.objects.filter(negotiation=negotiation).values_list("actor_id", "role")
        )
        new: dict[tuple[int, str], Participation] = {}
        for actor, role in wanted:
            if (actor.id, role) not in have:
                new.setdefault((actor.id, role), Participation(negotiation=negotiation, actor=actor, role=role, review_status=AUTO))
        if not new:
            return
        rows = list(new.values())
        try:
            with transaction.atomic():
                Participation.objects.bulk_create(rows)
        except IntegrityError:  # written meanwhile by a curator: one by one, the constraint decides
            for row in rows:
                row.pk = None
                if _save_new(row, self.reason):
                    self.result.count("participations", created=True)
            return
        Participation.history.bulk_history_create(rows, default_change_reason=self.reason)
        for _ in rows:
            self.result.count("participations", created=True)

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

    def _speaker(self, extracted: ExtractedStatement) -> tuple[Person | None, Actor | None]:
        person = self.person_by_name(extracted.speaker_person)
        actor = None if person else self.actor_by_name(extracted.speaker_actor)
        return person, actor

    def statements_preload(self, negotiation: Negotiation | None, extracted: list[ExtractedStatement]) -> None:
        """The stored statements any speaker of this report could be repeating: one query."""
        person_ids, actor_ids, institution_ids = set(), set(), set()
        for statement in extracted:
            person, actor = self._speaker(statement)
            if person is not None:
                person_ids.add(person.id)
                if person.affiliation_id:
                    institution_ids.add(person.affiliation_id)
            elif actor is not None:
                actor_ids.add(actor.id)
        if not person_ids and not actor_ids:
            self._statement_pool = []
            return
        dates = [s.said_on for s in extracted if s.said_on is not None]
        if not dates and self.report.published_at is not None:
            dates = [self.report.published_at.date()]
        self._statement_pool = sel.statements_of_speakers(
            negotiation_id=negotiation.id if negotiation else None, person_ids=person_ids, institution_ids=actor_ids | institution_ids,
            affiliation_ids=actor_ids, dates=dates, text_keys={statement_text_key(s.text) for s in extracted},
        )

    def _statement_candidates(self, person: Person | None, actor: Actor | None) -> list[tuple[StatementCandidate, Statement]]:
        """The candidates of one speaker, from the pool: their own statements first, then those of the
        other voice of the same words (a person's institution speaking with no person named; for an
        institution, the people affiliated with it), each in id order, so that their own win a tie."""
        own, other = [], []
        for row in self._statement_pool or []:
            if person is not None:
                if row.speaker_person_id == person.id:
                    own.append(row)
                elif row.speaker_person_id is None and person.affiliation_id and row.speaker_actor_id == person.affiliation_id:
                    other.append(row)
            elif row.speaker_person_id is None:
                if row.speaker_actor_id == actor.id:
                    own.append(row)
            elif row.speaker_person.affiliation_id == actor.id:
                other.append(row)
        pending_id = {id(row): -(i + 1) for i, row in enumerate(self._new_statements)}
        return [(StatementCandidate(id=row.id or pending_id[id(row)], text=row.text), row) for row in own + other]

    def statement(self, negotiation: Negotiation | None, extracted: ExtractedStatement) -> None:
        if len(words(extracted.text)) == 0:
            return
        person, actor = self._speaker(extracted)
        if person is None and actor is None:
            logger.info("report %s: statement without a known speaker skipped", self.report.id)
            return
        candidates = self._statement_candidates(person, actor)
        match = statement_match(extracted.text, [c for c, _ in candidates])
        row = next((s for c, s in candidates if match and c.id == match.id), None)
        if row is None:
            row = Statement(
                negotiation=negotiation, speaker_person=person, speaker_actor=None if person else actor,
                speaker_title=(extracted.speaker_title or (person.title if person else ""))[:200],
                text=extracted.text.strip(), kind=extracted.kind if extracted.kind in Statement.Kind.values else "direct",
                said_on=extracted.said_on, said_on_precision=extracted.said_on_precision or "day",
                setting=(extracted.setting or "")[:100], review_status=AUTO,
            )
            self._new_statements.append(row)
            self._statement_pool.append(row)
        else:
            self.result.count("statements", created=False)
            if row.review_status == REJECTED:
                self.result.skipped_rejected += 1
                return
            if row.review_status == AUTO:
                self._statement_refine(row, extracted, match.how, person)
        self.evidence(span=extracted.span, statement=row)
        self._statement_rows.append(row)

    def statements_flush(self) -> None:
        """Insert the new statements in one statement, with their history rows; then their ids are known."""
        new, self._new_statements = self._new_statements, []
        if new:  # no savepoint round trips for nothing
            self._statements_insert(new)
        self.result.statement_ids = [row.id for row in self._statement_rows]

    def _statements_insert(self, new: list[Statement]) -> None:
        for row in new:
            row.text_key = statement_text_key(row.text)
        try:
            with transaction.atomic():
                Statement.objects.bulk_create(new)
        except IntegrityError:
            # The same words by the same speaker were written meanwhile (a curator, the API): one by one,
            # and where the constraint's row exists it is ours.
            replaced = {id(row): self._statement_create_one(row) for row in new}
            self.pending_evidence = [
                ev for ev in self.pending_evidence
                if ev.statement is None or replaced.get(id(ev.statement), ev.statement) is not None
            ]
            for ev in self.pending_evidence:
                if ev.statement is not None and id(ev.statement) in replaced:
                    ev.statement = replaced[id(ev.statement)]
            self._statement_rows = [replaced.get(id(r), r) for r in self._statement_rows]
            self._statement_rows = [r for r in self._statement_rows if r is not None]
        else:
            Statement.history.bulk_history_create(new, default_change_reason=self.reason)
            for _ in new:
                self.result.count("statements", created=True)

    def _statement_create_one(self, row: Statement) -> Statement | None:
        row.pk = None
        if _save_new(row, self.reason):
            self.result.count("statements", created=True)
            return row
        existing = Statement.objects.filter(
            negotiation_id=row.negotiation_id, speaker_person_id=row.speaker_person_id,
            speaker_actor_id=row.speaker_actor_id, text_key=row.text_key,
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
        if changed and row.pk is None:
            return  # created by this report: inserted as it now reads
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

    def meetings(self, negotiation: Negotiation | None, extracted_meetings: list[ExtractedMeeting]) -> None:
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
                negotiation_id=negotiation.id if negotiation else None, date_from=facts.date_from, date_to=facts.date_to
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
        writer.actors_preload(_actor_names(extraction))
        known_actors = Actor.objects.select_related("merged_into").in_bulk(
            {a.known_id for a in extraction.actors if a.known_id}
        )
        for actor in extraction.actors:
            writer.actor(actor, known_actors)
        writer.people_preload(_person_names(extraction))
        known_people = Person.objects.select_related("merged_into").in_bulk(
            {p.known_id for p in extraction.people if p.known_id}
        )
        for person in extraction.people:
            writer.person(person, known_people)
        writer.people_flush()
        negotiation = None
        if extraction.negotiation is None:
            # No fact is dropped: they are written unassigned, in the review queue, for a curator to
            # assign (the report's resource counts them).
            writer.result.note = "no negotiation found: statements and meetings written unassigned"
        else:
            negotiation = writer.negotiation(extraction.negotiation)
            writer.result.negotiation_id = negotiation.id
            if negotiation.review_status == REJECTED:
                writer.result.note = "the negotiation was rejected by a curator: nothing written"
                return writer.result
        writer.statements_preload(negotiation, extraction.statements)
        for statement in extraction.statements:
            writer.statement(negotiation, statement)
        writer.statements_flush()
        # Before the meetings: they read which meetings this report already evidences (a reprocessing).
        writer.evidence_flush()
        writer.meetings(negotiation, extraction.meetings)
        writer.evidence_flush()
    return writer.result


def _actor_names(extraction: Extraction) -> list[str | None]:
    names = [a.name for a in extraction.actors] + [p.affiliation for p in extraction.people]
    names += [s.speaker_actor for s in extraction.statements]
    for meeting in extraction.meetings:
        names += [*meeting.actors, meeting.place_country]
    if extraction.negotiation is not None:
        names += [*extraction.negotiation.parties, *extraction.negotiation.mediators]
    return names


def _person_names(extraction: Extraction) -> list[str | None]:
    names = [n for p in extraction.people for n in (p.name, *p.aliases)]
    names += [s.speaker_person for s in extraction.statements]
    return names + [n for meeting in extraction.meetings for n in meeting.people]
