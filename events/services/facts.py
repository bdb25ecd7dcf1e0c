"""Write what extraction found in one report: actors, people, the negotiation and its participations,
statements, meetings, and the evidence tying each fact to the report.

One transaction per report, written set by set rather than fact by fact: the names a report uses are
looked up in one query per kind (actors with their aliases, people with theirs), the statements of its
speakers are read once as plain values, and new people, participations and statements are inserted in
one statement per table that also writes their history rows (events.services.rows). That keeps the
write step, which runs under the locks of what the report touches, to about a dozen queries per report
whatever its number of facts. Facts created earlier in the same report take part in the matching of
later ones exactly as stored rows do. Deduplication against what is stored:
- the database constraints are the arbiter for exact duplicates (an insert that a concurrent writer
  beat is refused by the constraint, ON CONFLICT DO NOTHING, and the constraint's row is read: it is ours);
- the pure matchers of events.pipeline.event_dedup decide near duplicates (a quote's fragment, a name's
  transliteration, the same meeting from another outlet) over candidates read by events.dedup_selectors.
Curators rule: a fact whose matching row is rejected is never recreated, a reviewed row is never changed
(it only gains evidence). Rows created here are marked auto (awaiting review).
No fact is dropped: when the report names no negotiation, its statements and meetings are written
unassigned (negotiation NULL) for a curator to assign, and deduplicated among the unassigned ones as
within a negotiation.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from events import dedup_selectors as sel
from events.dedup_selectors import StoredStatement
from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from events.pipeline.event_dedup import (
    OTHER_SPEAKER_DAYS,
    MeetingCandidate,
    MeetingFacts,
    PersonCandidate,
    StatementCandidate,
    edited_run,
    meeting_match,
    meeting_match_in_report,
    more_precise,
    person_match,
    statement_match,
    statement_match_other_speaker,
)
from events.pipeline.person_names import (
    forms_of,
    name_core,
    shorter_form,
    shorter_keys,
    surname_only,
    surname_spellings,
)
from events.pipeline.types import (
    ExtractedActor,
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
    Span,
)
from events.services.rows import row_update, rows_insert
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


def _save(instance, reason: str, fields: list[str]) -> None:
    # The row and its history row in one statement (events.services.rows).
    row_update(instance=instance, fields=fields, reason=reason)


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


@dataclass
class _Pass:
    """One report's write in progress: what its names resolved to and the rows it has yet to insert.

    Rows are identified by their keys: an actor or a person by the normalized name the report used,
    a stored person by id and one this report creates by its normalized name (a second mention of that
    name resolves to the same new row, so the name is unique among them), a statement by its speaker
    and text key once inserted.
    """

    report: Report
    reason: str
    result: FactsResult = field(default_factory=FactsResult)
    actors: dict[str, Actor | None] = field(default_factory=dict)
    people: dict[str, Person | None] = field(default_factory=dict)
    # People: exact look-ups read in bulk (normalized name -> row) and the fuzzy candidates of the names
    # no row carries; the people this report creates (normalized name -> row, inserted together by
    # _people_flush); every spelling it gave a person (normalized -> row), which later look-ups see;
    # the aliases to insert ((person key, normalized spelling) -> (row, spelling)); stored people used.
    person_exact: dict[str, Person | None] = field(default_factory=dict)
    person_fuzzy: dict[str, list[PersonCandidate]] = field(default_factory=dict)
    new_people: dict[str, Person] = field(default_factory=dict)
    added_names: dict[str, Person] = field(default_factory=dict)
    new_aliases: dict[tuple[int | str, str], tuple[Person, str]] = field(default_factory=dict)
    stored_people_ids: set[int] = field(default_factory=set)
    # Statements: the candidates of every speaker of the report, read once, plus those it creates.
    # Stored statements as plain values (StoredStatement), those this report creates as model instances.
    statement_pool: list[Statement | StoredStatement] = field(default_factory=list)
    new_statements: list[Statement] = field(default_factory=list)
    statement_rows: list[Statement | StoredStatement] = field(default_factory=list)
    # (span, statement, meeting): evidence rows to write once the facts have ids.
    pending_evidence: list[tuple] = field(default_factory=list)


def _person_key(row: Person) -> int | str:
    """A stored person by id, one this report creates by its normalized name."""
    return row.pk if row.pk is not None else row.normalized_name


def _statement_key(row: Statement | StoredStatement) -> tuple[int | None, int | None, str]:
    """What the uniqueness constraints compare within one negotiation: the speaker and the words."""
    return row.speaker_person_id, None if row.speaker_person_id else row.speaker_actor_id, row.text_key


# --- actors -------------------------------------------------------------------------------------


def _actors_preload(*, state: _Pass, names: Iterable[str | None]) -> None:
    """Resolve every actor name the report uses: two queries (names, aliases) instead of one per name."""
    keys = {normalize_name(n) for n in names if n} - set(state.actors) - {""}
    if not keys:
        return
    found: dict[str, dict[int, Actor]] = defaultdict(dict)
    for row, key in sel.actors_named(keys=keys):
        found[key][row.id] = row
    for key in keys:
        state.actors[key] = _named(found.get(key))


def _actor_by_name(*, state: _Pass, name: str | None) -> Actor | None:
    """An actor known by this name or alias (no row is created for a bare name)."""
    if not name:
        return None
    key = normalize_name(name)
    if key not in state.actors:
        _actors_preload(state=state, names=[name])
    return state.actors.get(key)


def _actor_write(*, state: _Pass, extracted: ExtractedActor, known: dict[int, Actor]) -> Actor | None:
    key = normalize_name(extracted.name)
    if not key:
        return None
    row = _live(known.get(extracted.known_id)) if extracted.known_id else None
    row = row or _actor_by_name(state=state, name=extracted.name)
    if row is None and extracted.iso_code:
        row = Actor.objects.filter(iso_code=extracted.iso_code.upper(), merged_into__isnull=True).first()
    if row is None:
        kind = extracted.kind if extracted.kind in ActorKind.values else ActorKind.OTHER
        row = Actor(name=extracted.name.strip()[:200], kind=kind, iso_code="", review_status=AUTO)
        if extracted.iso_code and not Actor.objects.filter(iso_code=extracted.iso_code.upper()).exists():
            row.iso_code = extracted.iso_code.upper()
        row.normalized_name = normalize_name(row.name)
        if rows_insert(model=Actor, rows=[row], reason=state.reason, key=("normalized_name",)):
            state.result.count("actors", created=True)
        else:  # created meanwhile by another report: the constraint's row is ours
            row = Actor.objects.filter(normalized_name=key, merged_into__isnull=True).first()
    state.actors[key] = row
    return row


# --- people -------------------------------------------------------------------------------------


def _people_preload(*, state: _Pass, names: Iterable[str | None]) -> None:
    """Exact look-ups of every person name the report uses, in at most three queries."""
    keys = {normalize_name(n) for n in names if n} - set(state.person_exact) - {""}
    if not keys:
        return
    single = {k for k in keys if len(k.split()) < 2}
    full = keys - single
    found: dict[str, dict[int, Person]] = defaultdict(dict)
    # A single name is a live person known by it (a nom de guerre); failing that, the one stored person
    # whose surname it is (_people_preload_surnames), never one of two who share it.
    for row, key in sel.people_named(full=full, single=single):
        found[key][row.id] = row
    for key in keys:
        state.person_exact[key] = _named(found.get(key))
    # The names no row carries are spelling variants, fuller forms of a stored name, or new people: their
    # candidates in one scan, and the stored rows named by a shorter form of them in two exact queries.
    unknown = [k for k in full if state.person_exact[k] is None and k not in state.person_fuzzy]
    state.person_fuzzy.update(sel.person_candidates_many(names=unknown))
    _people_preload_spellings(state=state, keys=unknown)
    _people_preload_shorter(state=state, keys=unknown)
    surnames = [k for k in single if state.person_exact[k] is None and k not in state.person_fuzzy]
    _people_preload_surnames(state=state, keys=surnames)


def _people_preload_surnames(*, state: _Pass, keys: list[str]) -> None:
    """'Miller' read: the live people whose name or a spelling ends with that word, in one scan."""
    if not keys:
        return
    wanted = Q(pk__in=[])
    for key in keys:
        wanted |= Q(normalized_name__endswith=f" {key}") | Q(aliases__normalized_name__endswith=f" {key}")
    ids = set(Person.objects.filter(wanted, merged_into__isnull=True).values_list("id", flat=True)[:50])
    names: dict[int, list[str]] = defaultdict(list)
    for pk, name in Person.objects.filter(id__in=ids).values_list("id", "name"):
        names[pk].insert(0, name)
    for pk, name in PersonAlias.objects.filter(person_id__in=ids).values_list("person_id", "name"):
        names[pk].append(name)
    for key in keys:
        state.person_fuzzy[key] = [
            PersonCandidate(id=pk, names=tuple(names[pk]))
            for pk in sorted(ids)
            if any(shorter_form(key, other) for other in names[pk])
        ]


def _people_preload_spellings(*, state: _Pass, keys: list[str]) -> None:
    """'Muammar Qadhafi' read, 'Muammar Gaddafi' stored: the stem scan, by the start of the surname, also
    tries the other first letters a transliteration writes (one more scan for all the report's names)."""
    variants = {variant: key for key in keys for variant in surname_spellings(key)}
    if not variants:
        return
    for variant, found in sel.person_candidates_many(names=list(variants)).items():
        have = state.person_fuzzy.setdefault(variants[variant], [])
        seen = {c.id for c in have}
        have.extend(c for c in found if c.id not in seen)


def _people_preload_shorter(*, state: _Pass, keys: list[str]) -> None:
    """'Mohammed bin Abdulrahman' stored, 'Mohammed bin Abdulrahman Al Thani' read: the stored row is a
    candidate of the fuller name (the stem scan, by the last word, does not see it)."""
    wanted = {key: shorter_keys(key) for key in keys}
    runs = set().union(*wanted.values()) if wanted else set()
    if not runs:
        return
    rows: dict[str, set[int]] = defaultdict(set)
    for pk, folded in Person.objects.filter(normalized_name__in=runs, merged_into__isnull=True).values_list(
        "id", "normalized_name"
    ):
        rows[folded].add(pk)
    for pk, folded in PersonAlias.objects.filter(
        normalized_name__in=runs, person__merged_into__isnull=True
    ).values_list("person_id", "normalized_name"):
        rows[folded].add(pk)
    ids = {pk for found in rows.values() for pk in found}
    if not ids:
        return
    names: dict[int, list[str]] = defaultdict(list)
    for pk, name in Person.objects.filter(id__in=ids).values_list("id", "name"):
        names[pk].insert(0, name)
    for pk, name in PersonAlias.objects.filter(person_id__in=ids).values_list("person_id", "name"):
        names[pk].append(name)
    for key, key_runs in wanted.items():
        have = state.person_fuzzy.setdefault(key, [])
        seen = {c.id for c in have}
        for pk in sorted({pk for run in key_runs for pk in rows.get(run, ())} - seen):
            have.append(PersonCandidate(id=pk, names=tuple(names[pk])))


def _person_lookup(*, state: _Pass, name: str) -> Person | None:
    key = normalize_name(name)
    if key not in state.person_exact:
        _people_preload(state=state, names=[name])
    row = state.person_exact[key] or state.added_names.get(key)
    if row is not None:
        return row
    # A spelling variant: the pure matcher decides over stored people sharing the start of the
    # surname, then over the people this report created before this one, as one list (the first of
    # equal matches wins); a candidate's id is its place in that list.
    stored = state.person_fuzzy.get(key)
    if stored is None:
        stored = sel.person_candidates(name=name) if len(key.split()) >= 2 else []
    rows: list[int | Person] = [c.id for c in stored] + list(state.new_people.values())
    candidates = [PersonCandidate(id=i, names=c.names) for i, c in enumerate(stored)]
    candidates += [
        PersonCandidate(id=len(stored) + i, names=(p.name, *_spellings_added(state=state, person=p)))
        for i, p in enumerate(state.new_people.values())
    ]
    # A form of one known name (honorific, particles, a shorter or fuller form) is that person; a form of
    # several ("Al Thani" beside two Al Thanis) is none of them, whatever a fuzzy score would prefer.
    forms = forms_of(name, [c.names for c in candidates])
    if len(forms) > 1 or not forms and surname_only(name):
        return None
    match = forms[0] if forms else person_match(name, candidates)
    if match is None:
        return None
    found = rows[match]
    return found if isinstance(found, Person) else Person.objects.filter(id=found).first()


def _spellings_added(*, state: _Pass, person: Person) -> list[str]:
    key = _person_key(person)
    return [spelling for (owner, _), (_, spelling) in state.new_aliases.items() if owner == key]


def _person_write(*, state: _Pass, extracted: ExtractedPerson, known: dict[int, Person]) -> Person | None:
    key = normalize_name(extracted.name)
    if not key:
        return None
    affiliation = _actor_by_name(state=state, name=extracted.affiliation)
    row = _live(known.get(extracted.known_id)) if extracted.known_id else None
    if row is None:
        row = _person_lookup(state=state, name=extracted.name)
        for alias in extracted.aliases:
            row = row or _person_lookup(state=state, name=alias)
    if row is None:
        row = _person_new(state=state, extracted=extracted, affiliation=affiliation)
    else:
        state.result.count("people", created=False)
        if row.review_status == AUTO:
            _person_refine(state=state, row=row, extracted=extracted, affiliation=affiliation)
    # Other full spellings become aliases, so the next report resolves them directly; a surname with its
    # particle ("Al Ansari") is a surname alone.
    for spelling in {extracted.name, *extracted.aliases}:
        folded = normalize_name(spelling)
        if len(folded.split()) >= 2 and folded != row.normalized_name and not surname_only(spelling):
            state.new_aliases.setdefault((_person_key(row), folded), (row, spelling.strip()[:200]))
            state.added_names.setdefault(folded, row)
    if row.pk is not None:
        state.stored_people_ids.add(row.pk)
    state.people[key] = row
    return row


def _person_new(*, state: _Pass, extracted: ExtractedPerson, affiliation: Actor | None) -> Person:
    """A person to insert with the others at _people_flush; found by their name meanwhile."""
    row = Person(
        name=extracted.name.strip()[:200],
        title=(extracted.title or "")[:200],
        affiliation=affiliation,
        review_status=AUTO,
    )
    row.normalized_name = normalize_name(row.name)
    if row.normalized_name in state.new_people:  # the same name cut at 200 characters: that person
        return state.new_people[row.normalized_name]
    state.new_people[row.normalized_name] = row
    state.added_names.setdefault(row.normalized_name, row)
    state.result.count("people", created=True)
    return row


def _person_refine(*, state: _Pass, row: Person, extracted: ExtractedPerson, affiliation: Actor | None) -> None:
    """Fill what an earlier report did not say; what a curator may have set stays."""
    changed = _person_grow_name(state=state, row=row, name=extracted.name)
    if not row.title and extracted.title:
        row.title, changed = extracted.title[:200], [*changed, "title"]
    if row.affiliation_id is None and affiliation is not None:
        row.affiliation, changed = affiliation, [*changed, "affiliation"]
    if changed and row.pk is not None:
        _save(row, state.reason, changed)


def _person_grow_name(*, state: _Pass, row: Person, name: str) -> list[str]:
    """A stored row found by the fuller form of its name takes that name ("Mohammed bin Abdulrahman" becomes
    "Mohammed bin Abdulrahman Al Thani"), and keeps the shorter as an alias: the row is the person the
    fuller name is unique to (_person_lookup found only it). A row known by a surname alone keeps it."""
    if row.pk is None or len(name_core(name)[0]) <= len(name_core(row.name)[0]) or surname_only(row.name):
        return []
    if not shorter_form(row.name, name):
        return []
    shorter = row.name
    state.new_aliases.setdefault((row.pk, normalize_name(shorter)), (row, shorter))
    state.added_names.setdefault(normalize_name(shorter), row)
    row.name = name.strip()[:200]
    row.normalized_name = normalize_name(row.name)
    return ["name", "normalized_name"]


def _people_flush(*, state: _Pass) -> None:
    """Insert the people this report found new, with their history rows, then the new spellings."""
    if state.new_people:
        new = list(state.new_people.values())
        rows_insert(model=Person, rows=new, reason=state.reason, key=("uid",))
        state.new_people = {}
        state.person_fuzzy = {}  # read before these people were stored: later look-ups read again
    if state.new_aliases:
        have = (
            set(
                PersonAlias.objects.filter(person_id__in=state.stored_people_ids).values_list(
                    "person_id", "normalized_name"
                )
            )
            if state.stored_people_ids
            else set()
        )
        aliases = [
            PersonAlias(person=row, name=spelling, normalized_name=folded)
            for (_, folded), (row, spelling) in state.new_aliases.items()
            if (row.id, folded) not in have
        ]
        # ON CONFLICT DO NOTHING: the (person, spelling) constraint keeps a spelling once.
        PersonAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        state.new_aliases = {}


def _person_by_name(*, state: _Pass, name: str | None) -> Person | None:
    if not name:
        return None
    key = normalize_name(name)
    if key not in state.people:
        state.people[key] = _person_lookup(state=state, name=name)
    return state.people[key]


# --- negotiation --------------------------------------------------------------------------------


def _negotiation_write(*, state: _Pass, extracted: ExtractedNegotiation) -> Negotiation:
    parties = [a for a in (_actor_by_name(state=state, name=n) for n in extracted.parties) if a is not None]
    mediators = [a for a in (_actor_by_name(state=state, name=n) for n in extracted.mediators) if a is not None]
    row, created = None, False
    if extracted.known_id:
        # Merged away since the gazetteer snapshot was taken: the facts go to the kept row.
        row = _live(sel.negotiation_with_roles(negotiation_id=extracted.known_id))
    if row is None and parties:
        row = sel.negotiation_with_parties(party_ids={a.id for a in parties})
    if row is None:
        title = (extracted.title or extracted.topic or "").strip()[:300] or "Untitled negotiation"
        row = Negotiation.objects.filter(title__iexact=title).order_by("id").first()
        if row is None:
            row = Negotiation(title=title, topic=(extracted.topic or "")[:300], review_status=AUTO)
            row.slug = slugify(title)[:300] or uuid.uuid4().hex
            if not rows_insert(model=Negotiation, rows=[row], reason=state.reason, key=("slug",)):
                row = Negotiation.objects.get(slug=row.slug)
            else:
                state.result.count("negotiations", created=True)
                created = True
    if row.review_status == REJECTED:
        return row
    wanted = [(a, Role.PARTY) for a in parties] + [(a, Role.MEDIATOR) for a in mediators]
    _participations_write(state=state, negotiation=row, wanted=wanted, new_negotiation=created)
    return row


def _participations_write(
    *, state: _Pass, negotiation: Negotiation, wanted: list[tuple[Actor, str]], new_negotiation: bool
) -> None:
    # A negotiation this transaction created has no participations anywhere else yet.
    # negotiation_with_roles read them with the row; a row reached through a merge has not.
    have = getattr(negotiation, "known_roles", None)
    if have is None:
        have = (
            set()
            if new_negotiation
            else set(Participation.objects.filter(negotiation=negotiation).values_list("actor_id", "role"))
        )
    new: dict[tuple[int, str], Participation] = {}
    for actor, role in wanted:
        if (actor.id, role) not in have:
            new.setdefault(
                (actor.id, role), Participation(negotiation=negotiation, actor=actor, role=role, review_status=AUTO)
            )
    if not new:
        return
    # A role a curator wrote meanwhile is refused by the constraint and stays theirs.
    written = rows_insert(model=Participation, rows=list(new.values()), reason=state.reason, key=("actor_id", "role"))
    for _ in written:
        state.result.count("participations", created=True)


# --- evidence -----------------------------------------------------------------------------------


def _evidence_add(
    *, state: _Pass, span, statement: Statement | StoredStatement | None = None, meeting: Meeting | None = None
) -> None:
    # Written together at the end of the report (_evidence_flush): one INSERT instead of one per fact.
    state.pending_evidence.append((span, statement, meeting))


def _evidence_flush(*, state: _Pass) -> None:
    # One INSERT of plain values, no model instance per row. ON CONFLICT DO NOTHING: the (report, fact)
    # unique constraints make reprocessing a no-op.
    if not state.pending_evidence:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM stores it, per database
    params: list = []
    for span, statement, meeting in state.pending_evidence:
        params += [
            now,
            now,
            state.report.pk,
            statement.pk if statement is not None else None,
            meeting.pk if meeting is not None else None,
            span.start,
            max(span.start, span.end),
            span.sentence or "",
        ]
    table = connection.ops.quote_name(Evidence._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(state.pending_evidence))
    sql = (
        f"INSERT INTO {table} (created_at, updated_at, report_id, statement_id, meeting_id, char_start, "
        f"char_end, sentence) VALUES {values} ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    state.pending_evidence = []


# --- statements ---------------------------------------------------------------------------------


def _speaker(*, state: _Pass, extracted: ExtractedStatement) -> tuple[Person | None, Actor | None]:
    person = _person_by_name(state=state, name=extracted.speaker_person)
    actor = None if person else _actor_by_name(state=state, name=extracted.speaker_actor)
    return person, actor


def _statements_preload(*, state: _Pass, negotiation: Negotiation | None, extracted: list[ExtractedStatement]) -> None:
    """The stored statements any speaker of this report could be repeating (in the negotiation, or
    among the unassigned ones): one query."""
    person_ids, actor_ids, institution_ids = set(), set(), set()
    for statement in extracted:
        person, actor = _speaker(state=state, extracted=statement)
        if person is not None:
            person_ids.add(person.id)
            if person.affiliation_id:
                institution_ids.add(person.affiliation_id)
        elif actor is not None:
            actor_ids.add(actor.id)
    dates = _statement_dates(state=state, extracted=extracted)
    if not person_ids and not actor_ids and not dates:
        state.statement_pool = []
        return
    state.statement_pool = sel.statements_of_speakers(
        negotiation_id=negotiation.id if negotiation else None,
        person_ids=person_ids,
        institution_ids=actor_ids | institution_ids,
        affiliation_ids=actor_ids,
        dates=dates,
        text_keys={statement_text_key(s.text) for s in extracted},
        any_speaker_days=OTHER_SPEAKER_DAYS,
    )


def _statement_dates(*, state: _Pass, extracted: list[ExtractedStatement]) -> list[dt.date]:
    """The days this report's quotes were said (the publication day when it dates none)."""
    dates = [s.said_on for s in extracted if s.said_on is not None]
    if state.report.published_at is not None:
        dates.append(state.report.published_at.date())
    return dates


def _statement_other_speakers(
    *, state: _Pass, extracted: ExtractedStatement, exclude: list[Statement]
) -> list[Statement]:
    """Direct quotes of anyone else, said within OTHER_SPEAKER_DAYS of this one: the candidates when the
    report credits the quote to no one it names, or to a person none of whose quotes it repeats."""
    day = extracted.said_on or (state.report.published_at.date() if state.report.published_at else None)
    if day is None or extracted.kind != Statement.Kind.DIRECT:
        return []
    skip = {id(row) for row in exclude}
    return [
        row
        for row in state.statement_pool
        if id(row) not in skip
        and row.kind == Statement.Kind.DIRECT
        and row.said_on is not None
        and abs((row.said_on - day).days) <= OTHER_SPEAKER_DAYS
    ]


def _statement_candidates(*, state: _Pass, person: Person | None, actor: Actor | None) -> list[Statement]:
    """The candidates of one speaker, from the pool: their own statements first, then those of the
    other voice of the same words (a person's institution speaking with no person named; for an
    institution, the people affiliated with it), each in pool order, so that their own win a tie."""
    own, other = [], []
    for row in state.statement_pool:
        if person is not None:
            if row.speaker_person_id == person.id:
                own.append(row)
            elif (
                row.speaker_person_id is None
                and person.affiliation_id
                and (row.speaker_actor_id == person.affiliation_id)
            ):
                other.append(row)
        elif row.speaker_person_id is None:
            if row.speaker_actor_id == actor.id:
                own.append(row)
        elif _speaker_affiliation_id(row) == actor.id:
            other.append(row)
    return own + other


def _speaker_affiliation_id(row: Statement | StoredStatement) -> int | None:
    # Stored rows carry it as a column (statements_of_speakers); rows this report creates, their person.
    if hasattr(row, "speaker_affiliation_id"):
        return row.speaker_affiliation_id
    return row.speaker_person.affiliation_id if row.speaker_person_id else None


def _statement_write(*, state: _Pass, negotiation: Negotiation | None, extracted: ExtractedStatement) -> None:
    if len(words(extracted.text)) == 0:
        return
    person, actor = _speaker(state=state, extracted=extracted)
    rows = _statement_candidates(state=state, person=person, actor=actor) if person or actor else []
    # A candidate's id is its place in `rows`: stored rows and those this report creates alike.
    said_on = extracted.said_on or (state.report.published_at.date() if state.report.published_at else None)
    match = statement_match(
        extracted.text,
        [StatementCandidate(id=i, text=r.text, said_on=r.said_on) for i, r in enumerate(rows)],
        said_on=said_on,
    )
    row = rows[match.id] if match else None
    other_speaker = False
    if row is None:
        # The same words credited to someone else (or to no one) in the same negotiation within days:
        # one outlet misread the speaker; the quote is the stored one, whose speaker stays.
        others = _statement_other_speakers(state=state, extracted=extracted, exclude=rows)
        found = statement_match_other_speaker(
            extracted.text,
            [StatementCandidate(id=i, text=r.text, said_on=r.said_on) for i, r in enumerate(others)],
            said_on=said_on,
        )
        if found is not None:
            row, match, other_speaker = others[found.id], found, True
    if row is None and person is None and actor is None:
        logger.info("report %s: statement without a known speaker skipped", state.report.id)
        return
    if row is None:
        row = Statement(
            negotiation=negotiation,
            speaker_person=person,
            speaker_actor=None if person else actor,
            speaker_title=(extracted.speaker_title or (person.title if person else ""))[:200],
            text=extracted.text.strip(),
            kind=extracted.kind if extracted.kind in Statement.Kind.values else "direct",
            said_on=extracted.said_on,
            said_on_precision=extracted.said_on_precision or "day",
            setting=(extracted.setting or "")[:100],
            review_status=AUTO,
        )
        state.new_statements.append(row)
        state.statement_pool.append(row)
    else:
        state.result.count("statements", created=False)
        if row.review_status == REJECTED:
            state.result.skipped_rejected += 1
            return
        if row.review_status == AUTO and not other_speaker:
            _statement_refine(state=state, row=row, extracted=extracted, how=match.how, person=person)
    span = extracted.span
    if match is not None and match.how == "edited":
        span = _span_telling(span=span, text=extracted.text, stored=row.text)
    _evidence_add(state=state, span=span, statement=row)
    state.statement_rows.append(row)


def _span_telling(*, span: Span, text: str, stored: str) -> Span:
    """The evidence of a longer quote (a transcript's whole answer) that tells a stored one with an
    outlet's edits: the words of the answer that tell it, so the evidence shows the quote, not the answer.
    The span as it was when it does not cover exactly the quote's text."""
    if span.end - span.start != len(text):
        return span
    run = edited_run(text, stored)
    return Span(span.start + run[0], span.start + run[1], span.sentence) if run else span


def _statements_flush(*, state: _Pass) -> None:
    """Insert the new statements in one statement, with their history rows; then their ids are known."""
    new, state.new_statements = state.new_statements, []
    if new:  # no statement for nothing
        _statements_insert(state=state, new=new)
    state.result.statement_ids = [row.id for row in state.statement_rows]


def _statements_insert(*, state: _Pass, new: list[Statement]) -> None:
    for row in new:
        row.text_key = statement_text_key(row.text)
    written = {id(row) for row in rows_insert(model=Statement, rows=new, reason=state.reason, key=("uid",))}
    for _ in written:
        state.result.count("statements", created=True)
    refused = [row for row in new if id(row) not in written]
    if not refused:
        return
    # The same words by the same speaker were written meanwhile (a curator, the API): the constraint's
    # row is ours (None: a curator rejected it). A new row and a stored one never share a key here: the
    # same words by the same speaker would have matched.
    replaced = {_statement_key(row): _statement_stored(state=state, row=row) for row in refused}

    def resolved(row: Statement | StoredStatement) -> Statement | StoredStatement | None:
        return replaced.get(_statement_key(row), row) if row.pk is None else row

    kept = []
    for span, statement, meeting in state.pending_evidence:
        if statement is not None:
            statement = resolved(statement)
            if statement is None:
                continue
        kept.append((span, statement, meeting))
    state.pending_evidence = kept
    state.statement_rows = [r for r in map(resolved, state.statement_rows) if r is not None]


def _statement_stored(*, state: _Pass, row: Statement) -> Statement | None:
    existing = Statement.objects.filter(
        negotiation_id=row.negotiation_id,
        speaker_person_id=row.speaker_person_id,
        speaker_actor_id=row.speaker_actor_id,
        text_key=row.text_key,
    ).first()
    if existing is not None and existing.review_status == REJECTED:
        state.result.skipped_rejected += 1
        return None
    return existing


def _statement_refine(
    *, state: _Pass, row: Statement | StoredStatement, extracted: ExtractedStatement, how: str, person: Person | None
) -> None:
    """An auto statement learns what a later report adds: the full quote where it had a fragment,
    a date where it had none, and the person speaking where it had only their institution (words
    first attributed to "the State Department", then to its spokesperson, are the spokesperson's)."""
    changed = []
    if person is not None and row.speaker_person_id is None:
        if isinstance(row, Statement):
            row.speaker_person, row.speaker_actor = person, None
        else:
            row.speaker_person_id, row.speaker_actor_id = person.id, None
            row.speaker_affiliation_id = person.affiliation_id
        changed += ["speaker_person", "speaker_actor"]
    if how == "contains" and len(fold_statement_text(extracted.text)) > len(fold_statement_text(row.text)):
        row.text, changed = extracted.text.strip(), [*changed, "text", "text_key"]
        row.text_key = statement_text_key(row.text)
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
                _save(_statement_instance(row), state.reason, changed)
        except IntegrityError:  # the full quote exists as its own row: keep both as they are
            fresh = sel.statement_stored(statement_id=row.pk)
            for name in StoredStatement.__slots__:
                if name != "speaker_affiliation_id" or not isinstance(row, Statement):
                    setattr(row, name, getattr(fresh, name))


def _statement_instance(row: Statement | StoredStatement) -> Statement:
    """The model instance row_update writes from: a stored row's values (only the changed fields are
    written; the history row is read back from the table)."""
    if isinstance(row, Statement):
        return row
    values = {name: getattr(row, name) for name in StoredStatement.__slots__ if name != "speaker_affiliation_id"}
    return Statement(**values)


# --- meetings -----------------------------------------------------------------------------------


@dataclass
class _MeetingSeen:
    """One meeting as this report describes it, its names resolved."""

    facts: MeetingFacts
    people: list[Person]
    actors: list[Actor]
    country: Actor | None


def _meeting_resolve(*, state: _Pass, extracted: ExtractedMeeting) -> _MeetingSeen:
    people = [p for p in (_person_by_name(state=state, name=n) for n in extracted.people) if p is not None]
    actors = [a for a in (_actor_by_name(state=state, name=n) for n in extracted.actors) if a is not None]
    country = _actor_by_name(state=state, name=extracted.place_country)
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
    return _MeetingSeen(facts=facts, people=people, actors=actors, country=country)


def _meetings_write(
    *, state: _Pass, negotiation: Negotiation | None, extracted_meetings: list[ExtractedMeeting]
) -> None:
    # Two meetings one report describes are two meetings: a row this report already evidences at
    # another span, or that an earlier meeting of this pass took, is a candidate only when it is told
    # again, once by its sides and once by its people (meeting_match_in_report).
    seen_all = [_meeting_resolve(state=state, extracted=e) for e in extracted_meetings]
    todo = [(e, seen) for e, seen in zip(extracted_meetings, seen_all, strict=True) if seen.people or seen.actors]
    if not todo:
        return
    evidenced = sel.meetings_evidenced_by(report_id=state.report.id)
    report_day = state.report.published_at.date() if state.report.published_at else None
    # The candidates of all the report's meetings in one read; rows this pass creates or refines join
    # it with their new facts, as stored rows.
    pool = _meetings_pool(negotiation=negotiation, seen=[seen for _, seen in todo], report_day=report_day)
    used: set[int] = set()
    told_as: dict[int, MeetingFacts] = {}
    for extracted, seen in todo:
        span_key = (extracted.span.start, max(extracted.span.start, extracted.span.end))
        pairs = [pool[pk] for pk in sorted(pool)]
        row = next((m for c, m in pairs if span_key in evidenced.get(c.id, set()) and c.id not in used), None)
        if row is None:
            allowed = [c for c, _ in pairs if c.id not in used and c.id not in evidenced]
            match_id = meeting_match(seen.facts, allowed, report_day=report_day)
            if match_id is None:
                # As this report told them (a stored row it joined has the other outlets' people too).
                told = [
                    MeetingCandidate(id=c.id, facts=told_as.get(c.id, c.facts))
                    for c, _ in pairs
                    if c.id in used or c.id in evidenced
                ]
                match_id = meeting_match_in_report(seen.facts, told)
            row = pool[match_id][1] if match_id else None
        if row is None:
            row = _meeting_create(state=state, negotiation=negotiation, extracted=extracted, seen=seen)
            pool[row.id] = (MeetingCandidate(id=row.id, facts=seen.facts), row)
        else:
            state.result.count("meetings", created=False)
            if row.review_status == REJECTED:
                used.add(row.id)
                state.result.skipped_rejected += 1
                continue
            if row.review_status == AUTO:
                facts = _meeting_refine(state=state, row=row, extracted=extracted, seen=seen, old=pool[row.id][0].facts)
                pool[row.id] = (MeetingCandidate(id=row.id, facts=facts), row)
        if row.id in used:  # told again by this report: one meeting, one evidence row
            continue
        used.add(row.id)
        told_as[row.id] = seen.facts
        _evidence_add(state=state, span=extracted.span, meeting=row)
        state.result.meeting_ids.append(row.id)


def _meetings_pool(
    *, negotiation: Negotiation | None, seen: list[_MeetingSeen], report_day: dt.date | None
) -> dict[int, tuple[MeetingCandidate, Meeting]]:
    """The stored meetings any of the report's meetings could be: one read over the span of their dates
    (an undated one is placed at the report's day; with no day to place it, the whole negotiation)."""
    days: list[dt.date] = []
    for one in seen:
        dates = [d for d in (one.facts.date_from, one.facts.date_to) if d is not None] or [report_day]
        days += dates
    known = [d for d in days if d is not None]
    start, end = (min(known), max(known)) if known and len(known) == len(days) else (None, None)
    pairs = sel.meeting_candidates(negotiation_id=negotiation.id if negotiation else None, date_from=start, date_to=end)
    return {c.id: (c, m) for c, m in pairs}


def _meeting_create(
    *, state: _Pass, negotiation: Negotiation | None, extracted: ExtractedMeeting, seen: _MeetingSeen
) -> Meeting:
    row = Meeting(
        negotiation=negotiation,
        kind=extracted.kind if extracted.kind in Meeting.Kind.values else "talks",
        date_from=seen.facts.date_from,
        date_to=seen.facts.date_to,
        date_precision=seen.facts.date_precision,
        place_name=(extracted.place_name or "")[:200],
        place_country=seen.country,
        summary=extracted.summary or extracted.span.sentence,
        review_status=AUTO,
    )
    rows_insert(model=Meeting, rows=[row], reason=state.reason, key=("uid",))
    _meeting_sides_add(meeting=row, people=seen.people, actors=seen.actors)
    state.result.count("meetings", created=True)
    return row


def _meeting_sides_add(*, meeting: Meeting, people: list[Person], actors: list[Actor]) -> None:
    # ON CONFLICT DO NOTHING: the pair constraints keep a participant once (actors.add would first read
    # which are there).
    if people:
        MeetingParticipant.objects.bulk_create(
            [MeetingParticipant(meeting=meeting, person=p) for p in people], ignore_conflicts=True
        )
    if actors:
        Meeting.actors.through.objects.bulk_create(
            [Meeting.actors.through(meeting=meeting, actor=a) for a in actors], ignore_conflicts=True
        )


def _meeting_refine(
    *, state: _Pass, row: Meeting, extracted: ExtractedMeeting, seen: _MeetingSeen, old: MeetingFacts
) -> MeetingFacts:
    """The same meeting from another outlet: union of participants, the more precise date, a place
    where it had none. Returns the meeting's facts as they now stand (`old`: as they stood)."""
    _meeting_sides_add(
        meeting=row,
        people=[p for p in seen.people if p.id not in old.people],
        actors=[a for a in seen.actors if a.id not in old.actors],
    )
    changed = []
    if more_precise(seen.facts, old):
        facts = seen.facts
        row.date_from, row.date_to, row.date_precision = facts.date_from, facts.date_to, facts.date_precision
        changed += ["date_from", "date_to", "date_precision"]
    if not row.place_name and extracted.place_name:
        row.place_name, changed = extracted.place_name[:200], [*changed, "place_name"]
    if row.place_country_id is None and seen.country is not None:
        row.place_country, changed = seen.country, [*changed, "place_country"]
    if changed:
        _save(row, state.reason, changed)
    return replace(
        old,
        people=old.people | seen.facts.people,
        actors=old.actors | seen.facts.actors,
        sides=old.sides | seen.facts.sides,
        place_name=normalize_name(row.place_name),
        place_country=row.place_country_id,
        date_from=row.date_from,
        date_to=row.date_to,
        date_precision=row.date_precision,
    )


# --- the report ---------------------------------------------------------------------------------


def facts_write(*, report: Report, extraction: Extraction) -> FactsResult:
    """Write one report's extraction (see the module docstring). Reprocessing a report is a no-op."""
    state = _Pass(report=report, reason=change_reason(report))
    # Inside the report's write transaction (the normal case) no savepoint of its own: any error
    # fails the whole write step, which then rolls back as one. Two round trips a report saved.
    with transaction.atomic(savepoint=False):
        _actors_write(state=state, extraction=extraction)
        _people_write(state=state, extraction=extraction)
        negotiation = None
        if extraction.negotiation is None:
            # No fact is dropped: they are written unassigned, in the review queue, for a curator to
            # assign (the report's resource counts them).
            state.result.note = "no negotiation found: statements and meetings written unassigned"
        else:
            negotiation = _negotiation_write(state=state, extracted=extraction.negotiation)
            state.result.negotiation_id = negotiation.id
            if negotiation.review_status == REJECTED:
                state.result.note = "the negotiation was rejected by a curator: nothing written"
                return state.result
        _statements_preload(state=state, negotiation=negotiation, extracted=extraction.statements)
        for statement in extraction.statements:
            _statement_write(state=state, negotiation=negotiation, extracted=statement)
        _statements_flush(state=state)
        # Before the meetings: they read which meetings this report already evidences (a reprocessing).
        _evidence_flush(state=state)
        _meetings_write(state=state, negotiation=negotiation, extracted_meetings=extraction.meetings)
        _evidence_flush(state=state)
    return state.result


def _actors_write(*, state: _Pass, extraction: Extraction) -> None:
    _actors_preload(state=state, names=_actor_names(extraction))
    # The gazetteer's rows are mostly the ones just read by name: only the others are read by id.
    have = {row.id: row for row in state.actors.values() if row is not None}
    ids = {a.known_id for a in extraction.actors if a.known_id}
    known = {pk: have[pk] for pk in ids & set(have)}
    if ids - set(known):
        known.update(Actor.objects.select_related("merged_into").in_bulk(ids - set(known)))
    for actor in extraction.actors:
        _actor_write(state=state, extracted=actor, known=known)


def _people_write(*, state: _Pass, extraction: Extraction) -> None:
    _people_preload(state=state, names=_person_names(extraction))
    # Known people are mostly the rows just read by name: only the others are read by id.
    have = {row.id: row for row in state.person_exact.values() if row is not None and row.merged_into_id is None}
    ids = {p.known_id for p in extraction.people if p.known_id}
    known = {pk: have[pk] for pk in ids & set(have)}
    if ids - set(known):
        known.update(Person.objects.select_related("merged_into").in_bulk(ids - set(known)))
    for person in extraction.people:
        _person_write(state=state, extracted=person, known=known)
    _people_flush(state=state)


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
