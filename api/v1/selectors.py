"""Reads for API v1: querysets with the joins and prefetches each resource's serializer needs.

Every list makes a fixed number of queries whatever the page size: each
select_related/prefetch below names the N+1 it prevents.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ValuesIterable
from psycopg2 import STRING
from psycopg2.extensions import new_type, register_type

from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, Tombstone

# Report columns an evidence row shows; the article text and html can be megabytes.
_REPORT_HEAVY = ("report__text", "report__html")


def _evidence_prefetch() -> Prefetch:
    # One query for the evidence of the whole page, with its report joined (not one per fact, nor per evidence).
    return Prefetch("evidence", queryset=Evidence.objects.select_related("report").defer(*_REPORT_HEAVY))


def corroboration(evidence) -> dict[str, int]:
    """Count a fact's corroboration from its (prefetched) evidence rows.

    outlets: distinct outlet names of the reports (a blank outlet name is not an outlet).
    independent_sources: distinct coalesce(report.duplicate_of, report.id): syndicated copies count once.

    Computed from the prefetched evidence rather than as SQL subqueries: subqueries in the select list
    are evaluated for every row PostgreSQL sorts or skips (search, deep pages), not just the page.
    """
    outlets = {e.report.outlet for e in evidence if e.report.outlet}
    sources = {e.report.duplicate_of_id or e.report_id for e in evidence}
    return {"outlets": len(outlets), "independent_sources": len(sources)}


def corroboration_of_rows(evidence: list[dict]) -> dict[str, int]:
    """corroboration() over evidence_rows() dicts."""
    outlets = {e["report__outlet"] for e in evidence if e["report__outlet"]}
    sources = {e["report__duplicate_of_id"] or e["report_id"] for e in evidence}
    return {"outlets": len(outlets), "independent_sources": len(sources)}


# The hot lists read plain dicts (values()), not model instances: building a few hundred instances a
# page, with their related managers for the prefetches, cost more than the SQL. The columns are the
# ones the list's representation shows (serializers.statement_rows_data and meeting_rows_data).
_NEGOTIATION_REF = ("negotiation_id", "negotiation__title", "negotiation__slug")
STATEMENT_ROW_COLUMNS = (
    "id",
    "uid",
    "text",
    "kind",
    "said_on",
    "said_on_precision",
    "setting",
    "review_status",
    "created_at",
    "updated_at",
    "speaker_title",
    "speaker_person_id",
    "speaker_person__name",
    "speaker_actor_id",
    "speaker_actor__name",
    *_NEGOTIATION_REF,
)
MEETING_ROW_COLUMNS = (
    "id",
    "uid",
    "kind",
    "date_from",
    "date_to",
    "date_precision",
    "place_name",
    "summary",
    "review_status",
    "created_at",
    "updated_at",
    "place_country_id",
    "place_country__name",
    "place_country__kind",
    *_NEGOTIATION_REF,
)
_EVIDENCE_ROW_COLUMNS = ("id", "report_id", "sentence", "char_start", "char_end")
_EVIDENCE_REPORT_COLUMNS = ("outlet", "url", "published_at", "duplicate_of_id")


def statement_rows(queryset: QuerySet[Statement]) -> QuerySet:
    """The statements of a (filtered, ordered) list as dicts, negotiation and speaker names joined: one query."""
    return queryset.prefetch_related(None).values(*STATEMENT_ROW_COLUMNS)


def meeting_rows(queryset: QuerySet[Meeting]) -> QuerySet:
    """The meetings of a (filtered, ordered) list as dicts, negotiation and host country joined: one query."""
    return queryset.prefetch_related(None).values(*MEETING_ROW_COLUMNS)


# uuid columns read as their text: the JSON shows the text, and a UUID object per row only to print it cost
# more than the rest of the row.
_UUID_AS_TEXT = new_type((2950,), "UUID_AS_TEXT", STRING)


class CompiledRows:
    """A values() queryset's SQL, compiled once; sliced like the queryset (rows[a:b]) it runs with LIMIT/OFFSET.

    Building and compiling a list's queryset took as long as the database took to answer it. A list whose
    query string names nothing but the page runs the same SQL every time (V1Mixin.list_rows): the SQL the
    ORM compiled for the first such request, with the LIMIT/OFFSET the compiler would append. The rows are
    the dicts values() gives, but for uuid columns, read as text (see rows_list).
    """

    def __init__(self, sql: str, params: tuple, names: tuple[str, ...], *, sliced: bool = False):
        self.sql, self.params, self.names, self.sliced = sql, params, names, sliced

    @classmethod
    def of(cls, queryset: QuerySet) -> CompiledRows | None:
        """The compiled rows of a values() queryset; None where the rows need the ORM (not PostgreSQL, a
        column the ORM converts, a query that cannot match anything). A sliced queryset's SQL keeps its
        LIMIT/OFFSET: read it with all(), not by slicing."""
        query = queryset.query
        if (
            connection.vendor != "postgresql"
            or queryset._iterable_class is not ValuesIterable
            or query.combinator
            or queryset.db != connection.alias
        ):
            return None
        compiler = query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        if compiler.get_converters([select[0] for select in compiler.select[: compiler.col_count]]):
            return None
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        if len(names) != compiler.col_count:
            return None
        return cls(sql, tuple(params), names, sliced=query.is_sliced)

    def __getitem__(self, key: slice) -> list[dict]:
        if self.sliced:
            raise TypeError("The SQL of a sliced queryset has its LIMIT already: read it with all().")
        return self._run(f"{self.sql} {connection.ops.limit_offset_sql(key.start, key.stop)}")

    def all(self) -> list[dict]:
        return self._run(self.sql)

    def _run(self, sql: str) -> list[dict]:
        names = self.names
        with connection.cursor() as cursor:
            register_type(_UUID_AS_TEXT, cursor.cursor)
            cursor.execute(sql, self.params)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows_list(rows) -> list:
    """list(rows); a values() queryset read as CompiledRows reads it, without the ORM's row iteration.

    The ORM's iteration (converters, chunked fetches) and a UUID object per uuid column cost a third of
    the time of building the query. The dicts are those values() gives, uuid columns as text.
    """
    if isinstance(rows, QuerySet):
        compiled = CompiledRows.of(rows)
        if compiled is not None:
            return compiled.all()
    return list(rows)


def _grouped(rows, key: str) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def evidence_rows(*, fact_field: str, fact_ids: list[int]) -> dict[int, list[dict]]:
    """Evidence of a page's facts with their reports' columns, by fact id, in id order: two queries."""
    # Two queries, the reports fetched by id: joined, PostgreSQL hashes the whole reports table for a
    # page's hundred evidence rows. Written in SQL: building the two querysets (a hundred ids in each
    # IN, every one prepared by its field) cost twice as much as running them.
    if not fact_ids:
        return {}
    column = f"{fact_field}_id"
    evidence = _select(Evidence, (column, *_EVIDENCE_ROW_COLUMNS), where=column, ids=fact_ids, order_by="id")
    reports = _select(Report, ("id", *_EVIDENCE_REPORT_COLUMNS), where="id", ids={row[2] for row in evidence})
    reports = {report[0]: report for report in reports}
    rows = []
    for fact_id, pk, report_id, sentence, char_start, char_end in evidence:
        _id, outlet, url, published_at, duplicate_of_id = reports[report_id]
        rows.append(
            {
                column: fact_id,
                "id": pk,
                "report_id": report_id,
                "sentence": sentence,
                "char_start": char_start,
                "char_end": char_end,
                "report__outlet": outlet,
                "report__url": url,
                "report__published_at": published_at,
                "report__duplicate_of_id": duplicate_of_id,
            }
        )
    return _grouped(rows, column)


def _select(model, columns: tuple[str, ...], *, where: str, ids, order_by: str = "") -> list[tuple]:
    """Rows (tuples of `columns`, field names or attnames) of model whose `where` column is in ids."""
    ids = list(ids)
    if not ids:
        return []
    if connection.vendor != "postgresql":
        # SQLite hands timestamps back as text: the ORM converts them.
        rows = model.objects.filter(**{f"{where}__in": ids}).order_by(*([order_by] if order_by else []))
        return list(rows.values_list(*columns))
    # PostgreSQL's driver gives the column values as the ORM would (integers, text, aware datetimes).
    quote = connection.ops.quote_name
    column = model._meta.get_field
    names = ", ".join(quote(column(name).column) for name in columns)
    sql = f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {quote(column(where).column)} = ANY(%s)"
    if order_by:
        sql += f" ORDER BY {quote(column(order_by).column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids])
        return cursor.fetchall()


def meeting_people_rows(*, meeting_ids: list[int]) -> dict[int, list[dict]]:
    """People taking part in a page's meetings, by meeting id, in name order: one query."""
    return _attendance_rows(MeetingParticipant, member="person", columns=("name", "title"), meeting_ids=meeting_ids)


def meeting_actor_rows(*, meeting_ids: list[int]) -> dict[int, list[dict]]:
    """Actors attending a page's meetings, by meeting id, in name order: one query."""
    return _attendance_rows(Meeting.actors.through, member="actor", columns=("name", "kind"), meeting_ids=meeting_ids)


def _attendance_rows(through, *, member: str, columns: tuple[str, ...], meeting_ids: list[int]) -> dict[int, list]:
    """Rows {meeting_id, <member>_id, <member>__<column>...} of a meeting-to-member table, by meeting id,
    in the member's name order (then id)."""
    if not meeting_ids:
        return {}
    key, names = f"{member}_id", tuple(f"{member}__{column}" for column in columns)
    if connection.vendor != "postgresql":
        rows = through.objects.filter(meeting_id__in=meeting_ids).order_by(f"{member}__name", key)
        return _grouped(rows.values("meeting_id", key, *names), "meeting_id")
    # In SQL on PostgreSQL, as evidence_rows: the queryset cost more to build than to run. The names are
    # sorted by the database, so in its collation as before.
    quote, meta = connection.ops.quote_name, through._meta
    target = meta.get_field(member).related_model._meta
    meeting_column, member_column = quote(meta.get_field("meeting").column), quote(meta.get_field(member).column)
    selected = ", ".join(f"m.{quote(target.get_field(column).column)}" for column in columns)
    sql = (
        f"SELECT t.{meeting_column}, t.{member_column}, {selected} FROM {quote(meta.db_table)} t "
        f"JOIN {quote(target.db_table)} m ON m.{quote(target.pk.column)} = t.{member_column} "
        f"WHERE t.{meeting_column} = ANY(%s) ORDER BY m.{quote(target.get_field('name').column)}, t.{member_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(meeting_ids)])
        rows = [dict(zip(("meeting_id", key, *names), row, strict=True)) for row in cursor.fetchall()]
    return _grouped(rows, "meeting_id")


ACTOR_ROW_COLUMNS = (
    "id",
    "name",
    "kind",
    "iso_code",
    "description",
    "merged_into_id",
    "review_status",
    "created_at",
    "updated_at",
)
PERSON_ROW_COLUMNS = (
    "id",
    "uid",
    "name",
    "title",
    "affiliation_id",
    "affiliation__name",
    "affiliation__kind",
    "merged_into_id",
    "review_status",
    "created_at",
    "updated_at",
)


def actor_rows(queryset: QuerySet[Actor]) -> QuerySet:
    """The actors of a (filtered, ordered) list as dicts: one query (aliases: alias_names())."""
    return queryset.prefetch_related(None).values(*ACTOR_ROW_COLUMNS)


def person_rows(queryset: QuerySet[Person]) -> QuerySet:
    """The people of a (filtered, ordered) list as dicts, the affiliation joined: one query (aliases: alias_names())."""
    return queryset.prefetch_related(None).values(*PERSON_ROW_COLUMNS)


def alias_names(model: type[Actor] | type[Person], *, ids: list[int]) -> dict[int, list[str]]:
    """The alias names of a page's actors or people, by their id, in name order (the aliases' ordering)."""
    alias_model = model._meta.get_field("aliases").related_model
    owner = f"{model._meta.model_name}_id"
    names: dict[int, list[str]] = {}
    for owner_id, name in _select(alias_model, (owner, "name"), where=owner, ids=ids, order_by="name"):
        names.setdefault(owner_id, []).append(name)
    return names


def negotiation_list() -> QuerySet[Negotiation]:
    participations = Participation.objects.select_related("actor").order_by("role", "actor__name")
    # Participations and their actors for the whole page in one query (else one per negotiation and per actor).
    return Negotiation.objects.prefetch_related(Prefetch("participations", queryset=participations))


def actor_list() -> QuerySet[Actor]:
    # Aliases for the whole page in one query (else one per actor).
    return Actor.objects.prefetch_related("aliases")


def person_list() -> QuerySet[Person]:
    # The affiliation joined (else one query per person); aliases prefetched (else one per person).
    return Person.objects.select_related("affiliation").prefetch_related("aliases")


def participation_list() -> QuerySet[Participation]:
    # Negotiation and actor joined: both are nested in every row.
    return Participation.objects.select_related("negotiation", "actor")


def meeting_list() -> QuerySet[Meeting]:
    queryset = Meeting.objects.select_related("negotiation", "place_country").prefetch_related(
        # People and actors attending: one query each for the page (else two per meeting).
        "people",
        "actors",
        _evidence_prefetch(),
    )
    return queryset


def statement_list() -> QuerySet[Statement]:
    # Negotiation and both speaker columns joined: nested in every row (else up to three queries per statement).
    queryset = Statement.objects.select_related("negotiation", "speaker_person", "speaker_actor").prefetch_related(
        _evidence_prefetch()
    )
    return queryset


def statement_search(queryset: QuerySet[Statement], *, terms: list[str]) -> QuerySet[Statement]:
    """Statements whose text, speaker title or speaker name contains every term (?q=, case-insensitive).

    The same rows as DRF's SearchFilter over text, speaker_title, speaker_person__name and
    speaker_actor__name, written so PostgreSQL can use its indexes: an OR that spans the joined people
    and actors forces a scan of every statement, so the matching speakers are looked up first (small
    tables, trigram-indexed) and the statement's own columns and speaker ids are ORed on one table,
    each arm served by an index (the trigram indexes of events/migrations/0003_api_indexes.py and the
    speaker foreign keys). Two small queries per term, whatever the page size.
    """
    for term in terms:
        people = list(Person.objects.filter(name__icontains=term).values_list("pk", flat=True))
        actors = list(Actor.objects.filter(name__icontains=term).values_list("pk", flat=True))
        match = Q(text__icontains=term) | Q(speaker_title__icontains=term)
        if people:
            match |= Q(speaker_person_id__in=people)
        if actors:
            match |= Q(speaker_actor_id__in=actors)
        queryset = queryset.filter(match)
    return queryset


REPORT_ROW_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "outlet",
    "title",
    "published_at",
    "language",
    "status",
    "failure_reason",
    "attempts",
    "processed_at",
    "duplicate_of_id",
    "duplicate_similarity",
    "created_at",
    "updated_at",
)


def report_rows(queryset: QuerySet[Report]) -> QuerySet:
    """The reports of a (filtered, ordered) list as dicts, without the article text: one query."""
    return queryset.prefetch_related(None).values(*REPORT_ROW_COLUMNS)


def report_extraction_rows(*, report_ids: list[int]) -> dict[int, list[tuple]]:
    """What a page's reports evidence, by report id: (statement_id, its negotiation_id, meeting_id, its
    negotiation_id) per evidence row, a fact's negotiation None when unassigned. Three queries.

    The facts' negotiations are read by id: joined to the evidence, PostgreSQL hashed every statement
    for a page's thousand evidence rows (report_list()'s prefetch, kept for the detail page).
    """
    evidence = _select(Evidence, ("report_id", "statement_id", "meeting_id"), where="report_id", ids=report_ids)
    statement_ids = {statement_id for _report, statement_id, _meeting in evidence if statement_id}
    meeting_ids = {meeting_id for _report, _statement, meeting_id in evidence if meeting_id}
    statements = dict(_select(Statement, ("id", "negotiation_id"), where="id", ids=statement_ids))
    meetings = dict(_select(Meeting, ("id", "negotiation_id"), where="id", ids=meeting_ids))
    grouped: dict[int, list[tuple]] = {}
    for report_id, statement_id, meeting_id in evidence:
        row = (statement_id, statements.get(statement_id), meeting_id, meetings.get(meeting_id))
        grouped.setdefault(report_id, []).append(row)
    return grouped


def report_list(*, with_text: bool = False) -> QuerySet[Report]:
    # What was extracted from each report: one query for the page's evidence (fact ids only, and each
    # fact's negotiation: NULL for the unassigned ones the report resource counts).
    evidence = Evidence.objects.only("id", "report_id", "statement_id", "meeting_id").annotate(
        statement_negotiation_id=F("statement__negotiation_id"), meeting_negotiation_id=F("meeting__negotiation_id")
    )
    queryset = Report.objects.prefetch_related(Prefetch("evidence", queryset=evidence))
    return queryset if with_text else queryset.defer("text", "html")


def tombstone_list() -> QuerySet[Tombstone]:
    return Tombstone.objects.all()


def reports_in_cluster(report_id: int) -> QuerySet[Report]:
    """The report and every report linked to it through duplicate_of, in either direction.

    Deduplication points a copy at its original (one level). The cluster of a
    report is every report with the same root, root = coalesce(duplicate_of, id):
    asking for an original gives its copies too, asking for a copy gives its
    original and the original's other copies.
    """
    root = Subquery(Report.objects.filter(pk=report_id).annotate(root=Coalesce("duplicate_of_id", "id")).values("root"))
    # Written as id = root OR duplicate_of = root so both sides use an index.
    return Report.objects.filter(Q(pk=root) | Q(duplicate_of_id=root))


def evidenced_by_report(queryset: QuerySet, *, fact_field: str, report_id: int) -> QuerySet:
    """Facts with evidence from the report's duplicate cluster (see reports_in_cluster)."""
    # IN over the cluster's evidence (a few rows, by the report index), not a per-fact EXISTS.
    fact_ids = Evidence.objects.filter(report__in=reports_in_cluster(report_id).values("pk")).values(fact_field)
    return queryset.filter(pk__in=fact_ids)
