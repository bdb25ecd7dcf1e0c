"""API v1 views: thin. Queries live in selectors, filters in filters, writes in serializers/services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import F, Value
from django.http import Http404, HttpResponseRedirect
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from api.errors import Conflict, RequestTooLarge, django_validation_error_to_drf
from api.v1 import filters, selectors, serializers
from api.v1.base import QSearchFilter, V1Mixin, V1ModelViewSet, V1ReadOnlyViewSet
from api.v1.permissions import CanChangeModel
from api.v1.renderers import FastJSONRenderer
from events.models import Meeting, Statement
from events.services import reports as report_services
from events.services.reports import (
    ReportInputError,
    ReportNotReprocessableError,
    ReportNotRetryableError,
    ReportTooLargeError,
)
from negotiations.models import Actor, Negotiation, Person, ReviewStatus, Role


class MergedAway(Exception):
    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


# The hot lists (and their detail pages) render with orjson: the same JSON, a tenth of a request less.
_FAST_RENDERERS = [FastJSONRenderer, BrowsableAPIRenderer]


class _SelectorSearchFilter(QSearchFilter):
    # ?q= through the view's search_selector, which writes the search so the indexes serve it; the
    # view's search_fields still name the columns for the schema.
    def filter_queryset(self, request, queryset, view):
        selector = getattr(view, "search_selector", None)
        if selector is None:
            return super().filter_queryset(request, queryset, view)
        terms = self.get_search_terms(request)
        return selector(queryset, terms=terms) if terms else queryset


class NegotiationViewSet(V1ModelViewSet):
    """Negotiations with their participants (parties, mediators, observers, guarantors)."""

    queryset = selectors.negotiation_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.NegotiationSerializer
    input_serializer_class = serializers.NegotiationInputSerializer
    filterset_class = filters.NegotiationFilter
    search_fields = ["title", "topic", "summary"]
    ordering_fields = ["title", "started_on", "ended_on", "status_changed_at", "updated_at", "id"]
    ordering = ["title"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(merged_into__isnull=True) if self.action == "list" else queryset

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A merged-away negotiation's id answers with a permanent redirect to the one kept (308 keeps the
        # method); the list leaves it out and /tombstones/ tells syncing clients where it went.
        if "pk" in kwargs:
            # One read answers both: whether the id exists (the timeline needs no second lookup) and where it went.
            found = list(Negotiation.objects.filter(pk=kwargs["pk"]).values_list("merged_into_id", flat=True))
            self.negotiation_found = bool(found)
            if found and found[0]:
                raise MergedAway(request.get_full_path().replace(f"/{kwargs['pk']}/", f"/{found[0]}/", 1))

    def handle_exception(self, exc):
        if isinstance(exc, MergedAway):
            return HttpResponseRedirect(exc.location, status=status.HTTP_308_PERMANENT_REDIRECT)
        return super().handle_exception(exc)

    @extend_schema(
        summary="Meetings and statements of a negotiation in date order",
        description=(
            "One list of typed entries (type meeting or statement) ordered by date (meeting date_from, "
            "statement said_on), undated entries last, paginated like every list."
        ),
        responses=serializers.TimelineEntrySerializer(many=True),
        parameters=[serializers.TimelineQuerySerializer],
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, search_fields=None, ordering_fields=None)
    def timeline(self, request, *args, **kwargs):
        if not self.negotiation_found:
            # What get_object_or_404 says.
            raise Http404(f"No {Negotiation._meta.object_name} matches the given query.")
        query = serializers.TimelineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted_type, after, before = (query.validated_data.get(k) for k in ("type", "date_after", "date_before"))
        parts = []
        # A page needs at most the first page*size+1 entries of each part: on a negotiation with thousands of
        # statements each part is then an index range scan, not a sort of all of them. SQLite refuses a
        # LIMIT inside a UNION, and a count (?count=true) needs every row: both take whole parts.
        limit = self.paginator.rows_needed(request) if not wanted_type else None
        if not connection.features.supports_slicing_ordering_in_compound:
            limit = None
        for kind, model, column in (("meeting", Meeting, "date_from"), ("statement", Statement, "said_on")):
            if wanted_type and wanted_type != kind:
                continue
            # Rejected facts are out of the public record (see _NotRejectedMixin).
            rows = model.objects.filter(negotiation_id=kwargs["pk"]).exclude(review_status=ReviewStatus.REJECTED)
            if after:
                rows = rows.filter(**{f"{column}__gte": after})
            if before:
                rows = rows.filter(**{f"{column}__lte": before})
            rows = rows.annotate(type=Value(kind), date=F(column)).values_list("date", "type", "id")
            if limit is None:
                # order_by(): no per-part ordering (SQLite refuses ORDER BY inside a compound statement).
                parts.append(rows.order_by())
            else:
                parts.append(rows.order_by(F(column).asc(nulls_last=True), "id")[:limit])
        # One ordered, paginated UNION of (date, type, id); then the page's rows with their prefetches.
        entries = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        entries = entries.order_by(F("date").asc(nulls_last=True), "type", "id")
        page = self.paginate_queryset(entries)
        wanted = {"meeting": [], "statement": []}
        for _date, kind, pk in page:
            wanted[kind].append(pk)
        # The page's rows as plain dicts, like the statement and meeting lists (the same JSON as their serializers).
        context = self.get_serializer_context()
        meeting_ids, statement_ids = wanted["meeting"], wanted["statement"]
        meetings = serializers.meeting_rows_data(
            list(selectors.meeting_rows(Meeting.objects.filter(pk__in=meeting_ids))) if meeting_ids else [],
            people=selectors.meeting_people_rows(meeting_ids=meeting_ids),
            actors=selectors.meeting_actor_rows(meeting_ids=meeting_ids),
            evidence=selectors.evidence_rows(fact_field="meeting", fact_ids=meeting_ids),
            context=context,
        )
        statements = serializers.statement_rows_data(
            list(selectors.statement_rows(Statement.objects.filter(pk__in=statement_ids))) if statement_ids else [],
            evidence=selectors.evidence_rows(fact_field="statement", fact_ids=statement_ids),
            context=context,
        )
        rows = {"meeting": {m["id"]: m for m in meetings}, "statement": {s["id"]: s for s in statements}}
        data = []
        for date, kind, pk in page:
            data.append({"type": kind, "date": date.isoformat() if date else None, kind: rows[kind][pk]})
        return self.get_paginated_response(data)


class _LiveRowsMixin:
    # Lists show live rows only; detail of a merged-away id still answers, with merged_into.

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset


class ActorViewSet(_LiveRowsMixin, V1ModelViewSet):
    """States, armed groups, parties, organisations.

    Merged-away rows are left out of the list; their detail answers with merged_into.
    """

    queryset = selectors.actor_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.ActorSerializer
    input_serializer_class = serializers.ActorInputSerializer
    filterset_class = filters.ActorFilter
    search_fields = ["name", "aliases__name", "iso_code"]
    ordering_fields = ["name", "kind", "updated_at", "id"]
    ordering = ["name"]

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances: the same JSON as ActorSerializer at a fraction of the cost.
        rows = self.paginate_queryset(selectors.actor_rows(self.filter_queryset(self.get_queryset())))
        aliases = selectors.alias_names(Actor, ids=[row["id"] for row in rows])
        data = serializers.actor_rows_data(rows, aliases=aliases, context=self.get_serializer_context())
        return self.get_paginated_response(data)


class PersonViewSet(_LiveRowsMixin, V1ModelViewSet):
    """People who speak or meet. Merged-away rows are left out of the list; their detail answers with merged_into."""

    queryset = selectors.person_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.PersonSerializer
    input_serializer_class = serializers.PersonInputSerializer
    filterset_class = filters.PersonFilter
    search_fields = ["name", "aliases__name", "title"]
    ordering_fields = ["name", "updated_at", "id"]
    ordering = ["name"]

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances: the same JSON as PersonSerializer at a fraction of the cost.
        rows = self.paginate_queryset(selectors.person_rows(self.filter_queryset(self.get_queryset())))
        aliases = selectors.alias_names(Person, ids=[row["id"] for row in rows])
        data = serializers.person_rows_data(rows, aliases=aliases, context=self.get_serializer_context())
        return self.get_paginated_response(data)


class ParticipationViewSet(V1ModelViewSet):
    """Who takes which role (party, mediator, observer, guarantor) in which negotiation."""

    queryset = selectors.participation_list()
    serializer_class = serializers.ParticipationSerializer
    input_serializer_class = serializers.ParticipationInputSerializer
    filterset_class = filters.ParticipationFilter
    search_fields = ["actor__name", "negotiation__title"]
    ordering_fields = ["since", "until", "role", "updated_at", "id"]
    ordering = ["negotiation_id", "role", "actor__name"]


class _RoleViewSet(V1ReadOnlyViewSet):
    # Actors in one role, as participations with the actor nested; written through /participations/.

    role: str = ""
    serializer_class = serializers.ParticipationSerializer
    filterset_class = filters.RoleParticipationFilter
    search_fields = ["actor__name", "negotiation__title"]
    ordering_fields = ["since", "until", "updated_at", "id"]
    ordering = ["negotiation_id", "actor__name"]

    def get_queryset(self):
        return selectors.participation_list().filter(role=self.role)


class PartyViewSet(_RoleViewSet):
    """Actors that are a party to a negotiation (participations with role party, actor nested)."""

    role = Role.PARTY
    queryset = selectors.participation_list().filter(role=Role.PARTY)


class MediatorViewSet(_RoleViewSet):
    """Actors that mediate a negotiation (participations with role mediator, actor nested)."""

    role = Role.MEDIATOR
    queryset = selectors.participation_list().filter(role=Role.MEDIATOR)


class _NotRejectedMixin:
    # A fact a curator rejected leaves the public record (it has a tombstone): lists and details leave it
    # out. Staff still list such rows with ?review_status=rejected and read their details; edits reach
    # them (un-rejecting one brings it back).

    def get_queryset(self):
        queryset = super().get_queryset()
        staff = bool(getattr(self.request.user, "is_staff", False))
        asked = self.request.query_params.get("review_status") == ReviewStatus.REJECTED
        if (self.action == "list" and not (staff and asked)) or (self.action == "retrieve" and not staff):
            queryset = queryset.exclude(review_status=ReviewStatus.REJECTED)
        return queryset


class MeetingViewSet(_NotRejectedMixin, V1ModelViewSet):
    """Meetings with participants, the reports they were read in, and how many outlets and independent
    sources carry them."""

    queryset = selectors.meeting_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.MeetingSerializer
    input_serializer_class = serializers.MeetingInputSerializer
    filterset_class = filters.MeetingFilter
    search_fields = ["summary", "place_name"]
    ordering_fields = ["date_from", "date_to", "updated_at", "id"]
    ordering = ["-date_from", "-id"]

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances: the same JSON as MeetingSerializer at a fraction of the cost.
        rows = self.paginate_queryset(self.list_rows(selectors.meeting_rows))
        ids = [row["id"] for row in rows]
        data = serializers.meeting_rows_data(
            rows,
            people=selectors.meeting_people_rows(meeting_ids=ids),
            actors=selectors.meeting_actor_rows(meeting_ids=ids),
            evidence=selectors.evidence_rows(fact_field="meeting", fact_ids=ids),
            context=self.get_serializer_context(),
        )
        return self.get_paginated_response(data)


class StatementViewSet(_NotRejectedMixin, V1ModelViewSet):
    """Statements with the speaker, the reports they were read in, and how many outlets and independent
    sources carry them."""

    queryset = selectors.statement_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.StatementSerializer
    input_serializer_class = serializers.StatementInputSerializer
    filterset_class = filters.StatementFilter
    search_fields = ["text", "speaker_title", "speaker_person__name", "speaker_actor__name"]
    search_selector = staticmethod(selectors.statement_search)
    filter_backends = [_SelectorSearchFilter if b is QSearchFilter else b for b in V1Mixin.filter_backends]
    ordering_fields = ["said_on", "updated_at", "id"]
    ordering = ["-said_on", "-id"]

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances: the same JSON as StatementSerializer at a fraction of the cost.
        rows = self.paginate_queryset(self.list_rows(selectors.statement_rows))
        evidence = selectors.evidence_rows(fact_field="statement", fact_ids=[row["id"] for row in rows])
        data = serializers.statement_rows_data(rows, evidence=evidence, context=self.get_serializer_context())
        return self.get_paginated_response(data)


@extend_schema_view(
    create=extend_schema(
        summary="Submit a news report for processing",
        request=serializers.ReportSubmitSerializer,
        responses={
            202: OpenApiResponse(serializers.ReportAcceptedSerializer, description="Accepted; processed later."),
            200: OpenApiResponse(serializers.ReportSerializer, description="Already known (same canonical URL)."),
        },
    ),
)
class ReportViewSet(V1Mixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """News reports: processing status, failure reason, duplicate_of, and what was extracted from each."""

    queryset = selectors.report_list()
    renderer_classes = _FAST_RENDERERS
    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter
    search_fields = ["title", "outlet", "url"]
    ordering_fields = ["published_at", "created_at", "updated_at", "id"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        # The article text only on detail pages: lists stay small.
        return selectors.report_list(with_text=self.action == "retrieve")

    def list(self, request, *args, **kwargs):
        # Plain rows, not model instances: the same JSON as ReportSerializer at a fraction of the cost.
        rows = self.paginate_queryset(selectors.report_rows(self.filter_queryset(self.get_queryset())))
        extraction = selectors.report_extraction_rows(report_ids=[row["id"] for row in rows])
        data = serializers.report_rows_data(rows, extraction=extraction, context=self.get_serializer_context())
        return self.get_paginated_response(data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ReportDetailSerializer
        if self.action == "create" or (self.action in ("list", "metadata") and self.request.method == "POST"):
            return serializers.ReportSubmitSerializer
        return serializers.ReportSerializer

    def create(self, request, *args, **kwargs):
        submission = serializers.ReportSubmitSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        try:
            report, created = report_services.report_submit(**submission.validated_data)
        except ReportTooLargeError as exc:
            raise RequestTooLarge(str(exc)) from None
        except ReportInputError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from None
        except DjangoValidationError as exc:
            raise django_validation_error_to_drf(exc) from None
        context = self.get_serializer_context()
        if created:
            return Response(
                serializers.ReportAcceptedSerializer(report, context=context).data, status.HTTP_202_ACCEPTED
            )
        report = selectors.report_list().get(pk=report.pk)
        return Response(serializers.ReportSerializer(report, context=context).data, status.HTTP_200_OK)

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance.delete()

    @extend_schema(
        summary="Process a failed report again",
        request=None,
        responses={202: serializers.ReportAcceptedSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeModel])
    def retry(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            report = report_services.report_retry(report_id=report.pk)
        except ReportNotRetryableError as exc:
            raise Conflict(str(exc)) from None
        data = serializers.ReportAcceptedSerializer(report, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Process a report again (staff only)",
        description="A processed or failed report goes through the pipeline again with today's gazetteer and "
        "extractor. Curator decisions stay: rejected facts are not recreated, reviewed ones not changed. "
        "409 when the report is already pending or processing.",
        request=None,
        responses={202: serializers.ReportAcceptedSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAdminUser])
    def reprocess(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            report = report_services.report_reprocess(report=report)
        except ReportNotReprocessableError as exc:
            raise Conflict(str(exc)) from None
        data = serializers.ReportAcceptedSerializer(report, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


class TombstoneViewSet(V1Mixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Deleted rows and merged-away rows (merged_into_id set), so clients can drop or redirect their copy."""

    queryset = selectors.tombstone_list()
    serializer_class = serializers.TombstoneSerializer
    filterset_class = filters.TombstoneFilter
    ordering_fields = ["deleted_at", "id"]
    ordering = ["deleted_at", "id"]
    filter_backends = [f for f in V1Mixin.filter_backends if f.__name__ != "QSearchFilter"]
