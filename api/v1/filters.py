"""One FilterSet per resource. Every list takes `updated_since` (client sync).

Invalid values (a date that is not a date, an id that is not a number) make
django-filter raise a ValidationError: the API answers 400, never 500.
"""

from __future__ import annotations

import datetime as dt

import django_filters as df
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django_filters.fields import IsoDateTimeField
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field

from api.v1 import selectors
from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, Role, Tombstone


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        # Ids are positive bigints: anything else is a 400 here, not a database error later.
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(df.NumberFilter):
    field_class = IdField


# PostgreSQL's timestamptz takes UTC offsets up to 15:59 either way; a wider one (which Python and
# ISO 8601 allow) would fail in the database with a 500.
MAX_UTC_OFFSET = dt.timedelta(hours=15, minutes=59)


class BoundedIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        offset = value.utcoffset() if value is not None else None
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError("The UTC offset must be between -15:59 and +15:59.", code="invalid")
        return value


class BoundedIsoDateTimeFilter(df.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class StrictBooleanField(forms.Field):
    # django-filter's boolean field reads anything it does not know ("yes", "maybe") as "no filter",
    # so a typo listed everything without a word: a 400 instead.
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class StrictBooleanFilter(df.BooleanFilter):
    field_class = StrictBooleanField


class SyncFilterSet(df.FilterSet):
    # Boolean model fields named in Meta.fields (e.g. Source.active) get the strict filter too.
    FILTER_DEFAULTS = {**FILTER_FOR_DBFIELD_DEFAULTS, models.BooleanField: {"filter_class": StrictBooleanFilter}}

    updated_since = BoundedIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only rows changed at or after this ISO 8601 time (inclusive: keep the last updated_at you saw).",
    )


class NegotiationFilter(SyncFilterSet):
    status = df.MultipleChoiceFilter(choices=Negotiation._meta.get_field("status").choices)
    actor = IdFilter(method="filter_actor", help_text="Negotiations this actor takes part in (any role).")
    role = df.ChoiceFilter(
        choices=Role.choices, method="filter_role", help_text="With actor: only where the actor has this role."
    )
    started_after = df.DateFilter(field_name="started_on", lookup_expr="gte")
    started_before = df.DateFilter(field_name="started_on", lookup_expr="lte")

    class Meta:
        model = Negotiation
        fields = ["status", "review_status", "slug"]

    def _participations(self):
        # Exists (not a JOIN) so a negotiation matching twice is listed once.
        query = Q(negotiation=OuterRef("pk"))
        if self.form.cleaned_data.get("actor") is not None:
            query &= Q(actor_id=self.form.cleaned_data["actor"])
        if self.form.cleaned_data.get("role"):
            query &= Q(role=self.form.cleaned_data["role"])
        return Participation.objects.filter(query)

    def filter_actor(self, queryset, name, value):
        return queryset.filter(Exists(self._participations()))

    def filter_role(self, queryset, name, value):
        if self.form.cleaned_data.get("actor") is not None:
            return queryset  # Applied together in filter_actor.
        return queryset.filter(Exists(self._participations()))


class ActorFilter(SyncFilterSet):
    negotiation = IdFilter(method="filter_negotiation", help_text="Actors taking part in this negotiation.")
    role = df.ChoiceFilter(
        choices=Role.choices,
        method="filter_role",
        help_text="Actors in this role (any negotiation, or with negotiation: in it).",
    )

    class Meta:
        model = Actor
        fields = ["kind", "iso_code", "review_status"]

    def _participations(self):
        query = Q(actor=OuterRef("pk"))
        if self.form.cleaned_data.get("negotiation") is not None:
            query &= Q(negotiation_id=self.form.cleaned_data["negotiation"])
        if self.form.cleaned_data.get("role"):
            query &= Q(role=self.form.cleaned_data["role"])
        return Participation.objects.filter(query)

    def filter_negotiation(self, queryset, name, value):
        return queryset.filter(Exists(self._participations()))

    def filter_role(self, queryset, name, value):
        if self.form.cleaned_data.get("negotiation") is not None:
            return queryset
        return queryset.filter(Exists(self._participations()))


class PersonFilter(SyncFilterSet):
    actor = IdFilter(field_name="affiliation_id", help_text="People affiliated with this actor.")
    negotiation = IdFilter(method="filter_negotiation", help_text="People who spoke or met in this negotiation.")

    class Meta:
        model = Person
        fields = ["review_status"]

    def filter_negotiation(self, queryset, name, value):
        spoke = Statement.objects.filter(speaker_person=OuterRef("pk"), negotiation_id=value)
        met = MeetingParticipant.objects.filter(person=OuterRef("pk"), meeting__negotiation_id=value)
        return queryset.filter(Exists(spoke) | Exists(met))


class ParticipationFilter(SyncFilterSet):
    negotiation = IdFilter(field_name="negotiation_id")
    actor = IdFilter(field_name="actor_id")
    role = df.MultipleChoiceFilter(choices=Role.choices)

    class Meta:
        model = Participation
        fields = ["review_status"]


class RoleParticipationFilter(SyncFilterSet):
    """/parties/ and /mediators/: the role is fixed by the endpoint."""

    negotiation = IdFilter(field_name="negotiation_id")
    actor = IdFilter(field_name="actor_id")

    class Meta:
        model = Participation
        fields = ["review_status"]


class _FactSyncFilterSet(SyncFilterSet):
    """For statements and meetings, a new report corroborating a fact changes its evidence and counts.

    The pipeline adds evidence without saving the fact, so `updated_since` also
    matches facts that gained evidence since then: a syncing client sees new
    corroboration without re-downloading everything.
    """

    updated_since = BoundedIsoDateTimeFilter(
        method="filter_updated_since",
        help_text=(
            "Only rows changed, or given new evidence, at or after this ISO 8601 time "
            "(inclusive: keep the last updated_at you saw)."
        ),
    )
    fact_field = ""

    def filter_updated_since(self, queryset, name, value):
        new_evidence = Evidence.objects.filter(**{self.fact_field: OuterRef("pk")}, created_at__gte=value)
        return queryset.filter(Q(updated_at__gte=value) | Exists(new_evidence))


class _EvidencedByReportMixin(df.FilterSet):
    report = IdFilter(
        method="filter_report",
        help_text=(
            "Facts evidenced by this report or by any report in its duplicate cluster: its original "
            "(duplicate_of) and the original's other copies, or, for an original, its copies."
        ),
    )
    fact_field = ""

    def filter_report(self, queryset, name, value):
        return selectors.evidenced_by_report(queryset, fact_field=self.fact_field, report_id=int(value))


def _unassigned_filter():
    return df.BooleanFilter(
        field_name="negotiation",
        lookup_expr="isnull",
        help_text="true: only the facts awaiting assignment to a negotiation; false: only the assigned ones.",
    )


class MeetingFilter(_EvidencedByReportMixin, _FactSyncFilterSet):
    fact_field = "meeting"
    negotiation = IdFilter(field_name="negotiation_id")
    unassigned = _unassigned_filter()
    person = IdFilter(method="filter_person", help_text="Meetings this person took part in.")
    actor = IdFilter(
        method="filter_actor",
        help_text="Meetings this actor attended (as an actor, or through a person affiliated with it) or hosted.",
    )
    date_after = df.DateFilter(field_name="date_from", lookup_expr="gte", help_text="date_from on or after.")
    date_before = df.DateFilter(field_name="date_from", lookup_expr="lte", help_text="date_from on or before.")
    kind = df.MultipleChoiceFilter(choices=Meeting.Kind.choices)

    class Meta:
        model = Meeting
        fields = ["review_status", "date_precision"]

    def filter_person(self, queryset, name, value):
        return queryset.filter(Exists(MeetingParticipant.objects.filter(meeting=OuterRef("pk"), person_id=value)))

    def filter_actor(self, queryset, name, value):
        attended = Meeting.actors.through.objects.filter(meeting=OuterRef("pk"), actor_id=value)
        via_person = MeetingParticipant.objects.filter(meeting=OuterRef("pk"), person__affiliation_id=value)
        return queryset.filter(Exists(attended) | Exists(via_person) | Q(place_country_id=value))


class StatementFilter(_EvidencedByReportMixin, _FactSyncFilterSet):
    fact_field = "statement"
    negotiation = IdFilter(field_name="negotiation_id")
    unassigned = _unassigned_filter()
    person = IdFilter(field_name="speaker_person_id", help_text="Statements by this person.")
    actor = IdFilter(method="filter_actor", help_text="Statements by this actor, or by a person affiliated with it.")
    said_after = df.DateFilter(field_name="said_on", lookup_expr="gte", help_text="said_on on or after.")
    said_before = df.DateFilter(field_name="said_on", lookup_expr="lte", help_text="said_on on or before.")
    kind = df.ChoiceFilter(choices=Statement.Kind.choices)

    class Meta:
        model = Statement
        fields = ["review_status", "said_on_precision"]

    def filter_actor(self, queryset, name, value):
        return queryset.filter(Q(speaker_actor_id=value) | Q(speaker_person__affiliation_id=value))


class ReportFilter(SyncFilterSet):
    status = df.MultipleChoiceFilter(choices=Report.Status.choices)
    outlet = df.CharFilter(field_name="outlet", lookup_expr="iexact")
    duplicate_of = IdFilter(field_name="duplicate_of_id")
    is_duplicate = StrictBooleanFilter(field_name="duplicate_of", lookup_expr="isnull", exclude=True)
    published_after = BoundedIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = BoundedIsoDateTimeFilter(field_name="published_at", lookup_expr="lte")

    class Meta:
        model = Report
        fields = ["language"]


class TombstoneFilter(df.FilterSet):
    updated_since = BoundedIsoDateTimeFilter(
        field_name="deleted_at", lookup_expr="gte", help_text="Deletions and merges at or after this time."
    )
    model = df.ChoiceFilter(
        choices=[
            (name, name)
            for name in ("negotiation", "actor", "person", "participation", "meeting", "statement", "report")
        ]
    )

    class Meta:
        model = Tombstone
        fields = []
