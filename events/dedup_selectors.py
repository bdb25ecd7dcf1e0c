"""Reads for deduplication: which stored reports, people, statements and meetings could be the same as
the one being written. The pure functions in events.pipeline.report_dedup / event_dedup decide."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from events.models import Evidence, Meeting, Report, ReportBand, Statement
from events.pipeline.event_dedup import MeetingCandidate, MeetingFacts, PersonCandidate
from events.pipeline.report_dedup import MIN_PAIR_BANDS, PAIR_BAND_FIRST, Candidate, Signature
from negotiations.models import (
    Actor,
    ActorAlias,
    Negotiation,
    Participation,
    Person,
    PersonAlias,
    ReviewStatus,
    Role,
    normalize_name,
)
from negotiations.prepared import execute_prepared

# Reports sharing the most bands first; the cap bounds the work when boilerplate makes a band common.
MAX_REPORT_CANDIDATES = 50


def report_duplicate_candidates(
    *, bands: list[tuple[int, int]], exclude_id: int | None = None, limit: int = MAX_REPORT_CANDIDATES
) -> list[Candidate]:
    """Stored reports sharing at least one shingle band, or MIN_PAIR_BANDS stem-pair bands, with `bands`,
    most shared bands first: one query, an index scan of (band, hash) per band. The text comes back
    only for those sharing MIN_PAIR_BANDS stem-pair bands (the sentence alignment reads it).

    Written in SQL because the ORM spends more time compiling a hundred OR-ed (band, hash) filters than
    PostgreSQL takes to run them.
    """
    if not bands:
        return []
    sql, params = _report_candidates_sql(bands=bands, exclude_id=exclude_id, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, minhash, duplicate_of_id, w, ow, pair_shared, text FROM ({sql}) c", params)
        return _report_candidates(cursor.fetchall())


def _report_candidates_sql(*, bands: list[tuple[int, int]], exclude_id: int | None, limit: int) -> tuple[str, list]:
    """The candidates' query: id, minhash, duplicate_of_id, w (when published), ow (the original's),
    pair_shared, text, shared; most shared bands first."""
    band_table = connection.ops.quote_name(ReportBand._meta.db_table)
    report_table = connection.ops.quote_name(Report._meta.db_table)
    if connection.vendor == "postgresql":
        # Two array parameters rather than a VALUES list of 240: PostgreSQL parses and plans it in a
        # fraction of the time.
        values, band_params = (
            "SELECT * FROM unnest(%s::integer[], %s::bigint[])",
            [
                [band for band, _ in bands],
                [value for _, value in bands],
            ],
        )
    else:  # SQLite, for the zero-setup demo run
        values = "VALUES " + ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS BIGINT))"] * len(bands))
        band_params = [x for pair in bands for x in pair]
    sql = f"""
        WITH q(band, hash) AS ({values}),
        hits AS (
            SELECT rb.report_id, COUNT(*) AS shared,
                   SUM(CASE WHEN rb.band >= %s THEN 1 ELSE 0 END) AS pair_shared
            FROM {band_table} rb
            JOIN q ON rb.band = q.band AND rb.hash = q.hash
            WHERE rb.report_id <> %s
            GROUP BY rb.report_id
            HAVING SUM(CASE WHEN rb.band < %s THEN 1 ELSE 0 END) > 0
                OR SUM(CASE WHEN rb.band >= %s THEN 1 ELSE 0 END) >= %s
            ORDER BY shared DESC, rb.report_id
            LIMIT %s
        )
        SELECT r.id, r.minhash, r.duplicate_of_id,
               COALESCE(r.published_at, r.created_at) AS w, COALESCE(o.published_at, o.created_at) AS ow,
               hits.pair_shared, CASE WHEN hits.pair_shared >= %s THEN r.text END AS text, hits.shared
        FROM hits
        JOIN {report_table} r ON r.id = hits.report_id
        LEFT JOIN {report_table} o ON o.id = r.duplicate_of_id
        ORDER BY hits.shared DESC, r.id
    """
    first, least = PAIR_BAND_FIRST, MIN_PAIR_BANDS
    params = band_params + [first, exclude_id if exclude_id is not None else -1, first, first, least, limit, least]
    return sql, params


def _report_candidates(rows) -> list[Candidate]:
    return [
        Candidate(
            id=rid,
            signature=Signature.from_bytes(minhash) if minhash else None,
            original_id=duplicate_of_id or rid,
            original_sort_key=(original_when if duplicate_of_id else when,),
            pair_bands=int(pair_shared or 0),
            text=text,
        )
        for rid, minhash, duplicate_of_id, when, original_when, pair_shared, text in rows
    ]


def report_duplicates(
    *, fingerprint: str, bands: list[tuple[int, int]], exclude_id: int | None = None
) -> tuple[int | None, list[Candidate]]:
    """What a report could be a copy of, in one query: the id of the original of the earliest processed
    report with exactly its words (under another URL), and the band candidates (report_duplicate_candidates)."""
    if not fingerprint:
        return None, report_duplicate_candidates(bands=bands, exclude_id=exclude_id)
    q = connection.ops.quote_name
    same = f"""
        SELECT COALESCE(r.duplicate_of_id, r.id) AS id FROM {q(Report._meta.db_table)} r
        WHERE r.fingerprint = %s AND r.status = %s AND r.id <> %s
        ORDER BY COALESCE(r.published_at, r.created_at), r.id LIMIT 1
    """
    params = [fingerprint, Report.Status.PROCESSED, exclude_id if exclude_id is not None else -1]
    with connection.cursor() as cursor:
        if not bands:
            cursor.execute(same, params)
            found = cursor.fetchone()
            return (found[0] if found else None), []
        sql, band_params = _report_candidates_sql(bands=bands, exclude_id=exclude_id, limit=MAX_REPORT_CANDIDATES)
        # Prepared on PostgreSQL (a fixed text there: the bands are two arrays): it took longer to plan
        # than to run.
        execute_prepared(
            cursor,
            f"""
            WITH same AS ({same})
            SELECT 0, same.id, NULL, NULL, NULL, NULL, NULL, NULL, 0 FROM same
            UNION ALL
            SELECT 1, c.* FROM ({sql}) c
            ORDER BY 1, 9 DESC, 2
            """,
            params + band_params,
        )
        rows = cursor.fetchall()
    same_id = next((row[1] for row in rows if row[0] == 0), None)
    return same_id, _report_candidates([row[1:8] for row in rows if row[0] == 1])


def actors_named(*, keys: Iterable[str]) -> list[tuple[Actor, str]]:
    """(actor, normalized name) for every actor carrying one of these names, as its name or an alias:
    one query for a report's names."""
    keys = sorted(set(keys))
    if not keys:
        return []
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(keys))
    sql = f"""
        SELECT a.*, k.name_key FROM {q(Actor._meta.db_table)} a JOIN (
            SELECT id AS actor_id, normalized_name AS name_key FROM {q(Actor._meta.db_table)}
            WHERE normalized_name IN ({marks})
            UNION
            SELECT actor_id, normalized_name FROM {q(ActorAlias._meta.db_table)} WHERE normalized_name IN ({marks})
        ) k ON k.actor_id = a.id
        ORDER BY a.id
    """
    return [(row, row.name_key) for row in Actor.objects.raw(sql, keys + keys)]


def people_named(*, full: Iterable[str], single: Iterable[str]) -> list[tuple[Person, str]]:
    """(person, normalized name) for the people carrying these names: a full name as their name or an
    alias, a single name (a nom de guerre) as the name of a live person. One query for a report's names."""
    full, single = sorted(set(full)), sorted(set(single))
    q = connection.ops.quote_name
    person, alias = q(Person._meta.db_table), q(PersonAlias._meta.db_table)
    branches, params = [], []
    if single:
        marks = ", ".join(["%s"] * len(single))
        branches.append(
            f"SELECT id AS person_id, normalized_name AS name_key FROM {person} "
            f"WHERE normalized_name IN ({marks}) AND merged_into_id IS NULL"
        )
        params += single
    if full:
        marks = ", ".join(["%s"] * len(full))
        branches.append(
            f"SELECT id AS person_id, normalized_name AS name_key FROM {person} WHERE normalized_name IN ({marks})"
        )
        branches.append(
            f"SELECT person_id, normalized_name AS name_key FROM {alias} WHERE normalized_name IN ({marks})"
        )
        params += full + full
    if not branches:
        return []
    sql = f"""
        SELECT p.*, k.name_key FROM {person} p JOIN ({" UNION ".join(branches)}) k ON k.person_id = p.id
        ORDER BY p.id
    """
    return [(row, row.name_key) for row in Person.objects.raw(sql, params)]


def negotiation_with_roles(*, negotiation_id: int) -> Negotiation | None:
    """The negotiation with `known_roles`, the (actor id, role) of its participations, in one query."""
    return _negotiation_with_roles_where("%s", [negotiation_id])


def negotiation_with_parties(*, party_ids: set[int]) -> Negotiation | None:
    """The first negotiation (by id), not rejected, whose parties (not rejected) are exactly these actors,
    with `known_roles` as negotiation_with_roles gives them; one query.

    Only the negotiations one of these actors is a party to are grouped, so the read does not grow with
    the negotiations that share a state with the report (the ORM version loaded every such negotiation
    with all of its participations)."""
    if not party_ids:
        return None
    q = connection.ops.quote_name
    negotiation, participation = q(Negotiation._meta.db_table), q(Participation._meta.db_table)
    ids = sorted(party_ids)
    marks = ", ".join(["%s"] * len(ids))
    found = f"""(
        SELECT p.negotiation_id FROM {participation} p
        JOIN {negotiation} n ON n.id = p.negotiation_id AND n.review_status <> %s
        WHERE p.role = %s AND p.review_status <> %s AND p.negotiation_id IN (
            SELECT negotiation_id FROM {participation} WHERE actor_id = %s AND role = %s AND review_status <> %s
        )
        GROUP BY p.negotiation_id
        HAVING COUNT(DISTINCT p.actor_id) = %s AND SUM(CASE WHEN p.actor_id IN ({marks}) THEN 0 ELSE 1 END) = 0
        ORDER BY p.negotiation_id
        LIMIT 1
    )"""
    rejected, party = ReviewStatus.REJECTED, Role.PARTY
    return _negotiation_with_roles_where(found, [rejected, party, rejected, ids[0], party, rejected, len(ids), *ids])


def _negotiation_with_roles_where(id_sql: str, params: list) -> Negotiation | None:
    """The negotiation whose id is `id_sql` (a placeholder or a scalar subquery), with `known_roles`."""
    q = connection.ops.quote_name
    sql = f"""
        SELECT n.*, p.actor_id AS role_actor_id, p.role AS role_name FROM {q(Negotiation._meta.db_table)} n
        LEFT JOIN {q(Participation._meta.db_table)} p ON p.negotiation_id = n.id
        WHERE n.id = {id_sql}
    """
    rows = list(Negotiation.objects.raw(sql, params))
    if not rows:
        return None
    row = rows[0]
    row.known_roles = {(r.role_actor_id, r.role_name) for r in rows if r.role_actor_id is not None}
    return row


def report_by_canonical_url(*, canonical_url: str) -> Report | None:
    """The report already stored under this canonical URL: the same report, never a new row."""
    return Report.objects.filter(canonical_url=canonical_url).first()


# Candidates per name read for a spelling variant; the first ones by id when a stem is common.
MAX_PERSON_CANDIDATES = 200


def person_candidates(*, name: str) -> list[PersonCandidate]:
    """Live people whose name or an alias shares the start of this name's last word: the rows a
    spelling variant could belong to (the pure matcher decides)."""
    return person_candidates_many(names=[name]).get(normalize_name(name), [])


def person_candidates_many(*, names: Iterable[str]) -> dict[str, list[PersonCandidate]]:
    """person_candidates for several names in two queries: folded name -> candidates.

    One scan for all the stems of a report's new names, instead of one per name (a LIKE '%stem%' uses
    no index); the rows are values, not model instances, which is where the time went."""
    stems: dict[str, str] = {}
    for name in names:
        tokens = normalize_name(name).split()
        if len(tokens) >= 2:
            stems[" ".join(tokens)] = tokens[-1][:3]
    if not stems:
        return {}
    distinct_stems = sorted(set(stems.values()))
    if connection.vendor == "postgresql":
        rows, aliases = _person_candidate_rows(distinct_stems)
    else:  # SQLite, for the zero-setup demo run
        rows, aliases = _person_candidate_rows_orm(distinct_stems)
    out: dict[str, list[PersonCandidate]] = {}
    for key, stem in stems.items():
        picked = [
            (pk, name) for pk, name, folded in rows if stem in folded or any(stem in a for _, a in aliases.get(pk, ()))
        ][:MAX_PERSON_CANDIDATES]
        out[key] = [PersonCandidate(id=pk, names=(name, *(a for a, _ in aliases.get(pk, ())))) for pk, name in picked]
    return out


def _person_candidate_rows(stems: list[str]) -> tuple[list[tuple], dict[int, list[tuple[str, str]]]]:
    """Live people whose folded name or an alias contains one of the stems, the first by id (id, name,
    folded name), with their aliases (name, folded) by name: one prepared query, the stems as an array
    of LIKE patterns. The ORM's OR of contains filters over a join took longer to compile than to run."""
    q = connection.ops.quote_name
    person, alias = q(Person._meta.db_table), q(PersonAlias._meta.db_table)
    sql = f"""
        WITH c AS (
            SELECT p.id, p.name, p.normalized_name FROM {person} p
            WHERE p.merged_into_id IS NULL AND (
                p.normalized_name LIKE ANY(%s::text[])
                OR EXISTS (
                    SELECT 1 FROM {alias} a WHERE a.person_id = p.id AND a.normalized_name LIKE ANY(%s::text[])
                )
            )
            ORDER BY p.id LIMIT %s
        )
        SELECT 0, c.id, c.name, c.normalized_name FROM c
        UNION ALL
        SELECT 1, a.person_id, a.name, a.normalized_name FROM {alias} a JOIN c ON c.id = a.person_id
        ORDER BY 1, 2, 3
    """
    patterns = ["%" + stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for stem in stems]
    rows: list[tuple] = []
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [patterns, patterns, MAX_PERSON_CANDIDATES * len(stems)])
        for branch, pk, name, folded in cursor.fetchall():
            if branch == 0:
                rows.append((pk, name, folded))
            else:
                aliases[pk].append((name, folded))
    return rows, aliases


def _person_candidate_rows_orm(distinct_stems: list[str]) -> tuple[list[tuple], dict[int, list[tuple[str, str]]]]:
    wanted = Q(pk__in=[])
    for stem in distinct_stems:
        wanted |= Q(normalized_name__contains=stem) | Q(aliases__normalized_name__contains=stem)
    rows = list(
        Person.objects.filter(merged_into__isnull=True)
        .filter(wanted)
        .values_list("id", "name", "normalized_name")
        .distinct()
        .order_by("id")[: MAX_PERSON_CANDIDATES * len(distinct_stems)]
    )
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if rows:
        for person_id, alias, folded in (
            PersonAlias.objects.filter(person_id__in=[r[0] for r in rows])
            .order_by("person_id", "name")
            .values_list("person_id", "name", "normalized_name")
        ):
            aliases[person_id].append((alias, folded))
    return rows, aliases


# Statements said further apart than this from a report's are compared only by their exact words.
STATEMENT_WINDOW = dt.timedelta(days=31)


def statements_of_speakers(
    *,
    negotiation_id: int | None,
    person_ids: set[int],
    institution_ids: set[int],
    affiliation_ids: set[int],
    dates: list[dt.date],
    text_keys: set[str],
    any_speaker_days: int = 0,
) -> list[StoredStatement]:
    """The stored statements one report's speakers could be repeating, in id order, in the negotiation
    (None: among the unassigned statements, whose dedup works as within one negotiation): statements of these
    people, of these institutions speaking with no person named, and of the people affiliated with
    `affiliation_ids` (the writer picks each speaker's own and other voice out of them).

    Only those said within STATEMENT_WINDOW of the report's `dates` (or undated), plus any with the
    same words (`text_keys`) whenever said: outlets repeat a quote within days, and without the window
    a spokesperson's every statement was read again for each report, a cost growing with the corpus.
    No dates: no window.

    With `any_speaker_days` and dates, also the direct quotes of anyone said within that many days of
    them, in the same query: an outlet that credits a quote to the wrong person, or to no one, still tells
    the statement others stored (the writer compares those by their words only).
    """
    # Written in SQL, in two steps: the rows of the negotiation in the windows (or with the same words),
    # then those of the speakers among them. The ORM's one WHERE, an OR over the statement's and its
    # speaker's columns, took PostgreSQL 2-4 ms to plan for a tenth of a millisecond of work.
    q = connection.ops.quote_name
    statement, person = q(Statement._meta.db_table), q(Person._meta.db_table)
    params: list = []

    def marks(values) -> str:
        values = sorted(values)
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    if negotiation_id is None:
        negotiation = "negotiation_id IS NULL"
    else:
        negotiation = "negotiation_id = %s"
        params.append(negotiation_id)
    if dates:
        ranges = _ranges(dates, STATEMENT_WINDOW)
        windows = " OR ".join(["said_on BETWEEN %s AND %s"] * len(ranges))
        params.extend(x for pair in ranges for x in pair)
        inner = f"SELECT * FROM {statement} WHERE {negotiation} AND (said_on IS NULL OR {windows})"
        if text_keys:
            if negotiation_id is not None:
                params.append(negotiation_id)
            inner += f" UNION SELECT * FROM {statement} WHERE {negotiation} AND text_key IN ({marks(text_keys)})"
    else:
        inner = f"SELECT * FROM {statement} WHERE {negotiation}"
    who = []
    if person_ids:
        who.append(f"s.speaker_person_id IN ({marks(person_ids)})")
    if institution_ids:
        who.append(f"(s.speaker_person_id IS NULL AND s.speaker_actor_id IN ({marks(institution_ids)}))")
    if affiliation_ids:
        who.append(f"p.affiliation_id IN ({marks(affiliation_ids)})")
    if dates and any_speaker_days:
        near = _ranges(dates, dt.timedelta(days=any_speaker_days))
        params.append(Statement.Kind.DIRECT)
        params.extend(x for pair in near for x in pair)
        who.append(f"(s.kind = %s AND ({' OR '.join(['s.said_on BETWEEN %s AND %s'] * len(near))}))")
    if not who:
        return []
    sql = f"""
        SELECT s.id, s.negotiation_id, s.speaker_person_id, s.speaker_actor_id, p.affiliation_id, s.speaker_title,
               s.text, s.text_key, s.kind, s.said_on, s.said_on_precision, s.review_status
        FROM ({inner}) s LEFT JOIN {person} p ON p.id = s.speaker_person_id
        WHERE {" OR ".join(who)}
        ORDER BY s.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [StoredStatement(*_date_fixed(row)) for row in cursor.fetchall()]


def _date_fixed(row: tuple) -> tuple:
    # SQLite returns dates as text.
    said_on = row[9]
    if isinstance(said_on, str):
        row = (*row[:9], dt.date.fromisoformat(said_on), *row[10:])
    return row


def _ranges(dates: list[dt.date], window: dt.timedelta) -> list[tuple[dt.date, dt.date]]:
    """A window around each of `dates` (overlapping ones joined), not one from the first to the last,
    which for a report quoting a months-old remark read months of quotes."""
    ranges: list[list[dt.date]] = []
    for day in sorted(set(dates)):
        if ranges and day - window <= ranges[-1][1]:
            ranges[-1][1] = day + window
        else:
            ranges.append([day - window, day + window])
    return [(start, end) for start, end in ranges]


@dataclass(slots=True)
class StoredStatement:
    """A stored statement as the writer matches and refines it: plain values, not a model instance. On a
    busy negotiation a report's window holds hundreds of them, and building each one's model instance
    (uid, timestamps, its speaker) was most of the write step."""

    id: int
    negotiation_id: int | None
    speaker_person_id: int | None
    speaker_actor_id: int | None
    speaker_affiliation_id: int | None
    speaker_title: str
    text: str
    text_key: str
    kind: str
    said_on: dt.date | None
    said_on_precision: str
    review_status: str

    @property
    def pk(self) -> int:
        return self.id


STORED_STATEMENT_FIELDS = (
    "id",
    "negotiation_id",
    "speaker_person_id",
    "speaker_actor_id",
    "speaker_person__affiliation_id",
    "speaker_title",
    "text",
    "text_key",
    "kind",
    "said_on",
    "said_on_precision",
    "review_status",
)


def statement_stored(*, statement_id: int) -> StoredStatement | None:
    values = Statement.objects.filter(id=statement_id).values_list(*STORED_STATEMENT_FIELDS).first()
    return StoredStatement(*values) if values else None


# Meetings further apart than this from the new one's dates are not read at all.
MEETING_WINDOW = dt.timedelta(days=31)


def meeting_facts(meeting: Meeting) -> MeetingFacts:
    people = list(meeting.people.all())
    actors = frozenset(a.id for a in meeting.actors.all())
    return MeetingFacts(
        kind=meeting.kind,
        people=frozenset(p.id for p in people),
        actors=actors,
        sides=actors | frozenset(p.affiliation_id for p in people if p.affiliation_id),
        place_name=normalize_name(meeting.place_name),
        place_country=meeting.place_country_id,
        date_from=meeting.date_from,
        date_to=meeting.date_to,
        date_precision=meeting.date_precision,
    )


def meeting_candidates(
    *, negotiation_id: int | None, date_from: dt.date | None, date_to: dt.date | None
) -> list[tuple[MeetingCandidate, Meeting]]:
    """Meetings of the negotiation (None: the unassigned ones) dated near the new one (or undated), with
    their participants. date_from and date_to may span several meetings: one read for a report's."""
    qs = Meeting.objects.filter(negotiation_id=negotiation_id)
    start, end = date_from or date_to, date_to or date_from
    if start is not None:
        qs = qs.filter(
            Q(date_from__isnull=True, date_to__isnull=True)
            | Q(date_from__lte=end + MEETING_WINDOW, date_to__gte=start - MEETING_WINDOW)
            | Q(date_to__isnull=True, date_from__gte=start - MEETING_WINDOW, date_from__lte=end + MEETING_WINDOW)
        )
    # Participants and actors in two queries, not two per meeting.
    qs = qs.prefetch_related("people", "actors").order_by("id")
    return [(MeetingCandidate(id=m.id, facts=meeting_facts(m)), m) for m in qs]


def meetings_evidenced_by(*, report_id: int) -> dict[int, set[tuple[int | None, int | None]]]:
    """Meeting id -> the spans at which this report evidences it."""
    spans: dict[int, set] = {}
    for meeting_id, start, end in Evidence.objects.filter(report_id=report_id, meeting__isnull=False).values_list(
        "meeting_id", "char_start", "char_end"
    ):
        spans.setdefault(meeting_id, set()).add((start, end))
    return spans
