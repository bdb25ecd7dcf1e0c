"""Output serializers (what GET answers) and input serializers (what writes accept), API v1.

Links to API resources are named `api_url` everywhere, so that `url` stays the
article address of a report.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.v1.base import ModelRulesSerializer
from api.v1.failures import failure_reason_public
from api.v1.selectors import corroboration
from events.models import Evidence, Meeting, Report, Statement
from events.text import statement_text_key
from negotiations.models import Actor, Negotiation, Participation, Person, Tombstone, normalize_name

# --- small building blocks --------------------------------------------------------------------------

class LinkSerializer(serializers.Serializer):
    # Only documents the shape for the schema; LinkField and the report links build the values.
    id = serializers.IntegerField()
    api_url = serializers.URLField()


@extend_schema_field(LinkSerializer(allow_null=True))
class LinkField(serializers.Field):
    """{id, api_url} built from an id column without loading the row (e.g. merged_into_id)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return serializers.Field.get_attribute(self, instance)

    def to_representation(self, value):
        if value is None:
            return None
        request = self.context.get("request")
        return {"id": value, "api_url": reverse(self.view_name, kwargs={"pk": value}, request=request)}


def _self_link(view_name: str) -> serializers.HyperlinkedIdentityField:
    return serializers.HyperlinkedIdentityField(view_name=view_name)


class ActorRefSerializer(serializers.ModelSerializer):
    api_url = _self_link("actor-detail")

    class Meta:
        model = Actor
        fields = ["id", "name", "kind", "api_url"]


class PersonRefSerializer(serializers.ModelSerializer):
    api_url = _self_link("person-detail")

    class Meta:
        model = Person
        fields = ["id", "name", "title", "api_url"]


class NegotiationRefSerializer(serializers.ModelSerializer):
    api_url = _self_link("negotiation-detail")

    class Meta:
        model = Negotiation
        fields = ["id", "title", "slug", "api_url"]


class EvidenceSerializer(serializers.ModelSerializer):
    """Where a fact was read: the report (id, link, outlet, article url) and the sentence and span."""

    report = LinkField("report-detail", source="report_id")
    outlet = serializers.CharField(source="report.outlet", read_only=True)
    # CharField, not URLField: an article address may hold non-ASCII characters (not format: uri).
    url = serializers.CharField(source="report.url", read_only=True)
    published_at = serializers.DateTimeField(source="report.published_at", read_only=True)
    duplicate_of = LinkField("report-detail", source="report.duplicate_of_id")

    class Meta:
        model = Evidence
        fields = ["id", "report", "outlet", "url", "published_at", "duplicate_of", "sentence", "char_start", "char_end"]


class CorroborationSerializer(serializers.Serializer):
    # Documents the shape for the schema; selectors.corroboration() computes it.
    outlets = serializers.IntegerField(help_text="Distinct outlets that reported it.")
    independent_sources = serializers.IntegerField(
        help_text="Distinct original reports: syndicated copies (duplicate_of set) count once.",
    )


class _CorroboratedMixin(serializers.Serializer):
    corroboration = serializers.SerializerMethodField()

    @extend_schema_field(CorroborationSerializer)
    def get_corroboration(self, obj):
        # obj.evidence is prefetched with the reports (selectors): no query here.
        return corroboration(obj.evidence.all())


# --- negotiations ---------------------------------------------------------------------------------


class NegotiationParticipationSerializer(serializers.ModelSerializer):
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "role", "actor", "since", "until"]


class NegotiationSerializer(serializers.ModelSerializer):
    api_url = _self_link("negotiation-detail")
    timeline_url = _self_link("negotiation-timeline")
    participations = NegotiationParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Negotiation
        fields = [
            "id", "api_url", "timeline_url", "title", "slug", "topic", "summary", "status", "status_changed_at",
            "started_on", "ended_on", "participations", "review_status", "created_at", "updated_at",
        ]


class NegotiationInputSerializer(ModelRulesSerializer):
    slug = serializers.SlugField(max_length=300, required=False, allow_blank=True)

    class Meta:
        model = Negotiation
        fields = [
            "title", "slug", "topic", "summary", "status", "status_changed_at", "started_on", "ended_on",
            "review_status",
        ]

    derived_fields = ("slug", "status_changed_at")

    def prepare(self, instance):
        # Same defaulting as Negotiation.save(), done first so uniqueness is checked on the real slug.
        if not instance.slug:
            instance.slug = slugify(instance.title)[:300]
        # "When the status last changed" is kept by the API unless the client gives it.
        previous = self.instance.status if self.instance is not None else None
        if instance.status != previous and "status_changed_at" not in self.initial_data:
            instance.status_changed_at = timezone.now()


# --- actors and people ----------------------------------------------------------------------------


class AliasListField(serializers.ListField):
    child = serializers.CharField()

    def to_representation(self, data):
        return [alias.name for alias in data.all()]


class ActorSerializer(serializers.ModelSerializer):
    api_url = _self_link("actor-detail")
    aliases = AliasListField(read_only=True)
    merged_into = LinkField(
        "actor-detail", source="merged_into_id", help_text="Set when this row was merged into another: use that one."
    )

    class Meta:
        model = Actor
        fields = [
            "id", "api_url", "name", "kind", "iso_code", "description", "aliases", "merged_into",
            "review_status", "created_at", "updated_at",
        ]


class ActorInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Actor
        fields = ["name", "kind", "iso_code", "description", "review_status"]

    def prepare(self, instance):
        # What Actor.save() derives, so the unique live-name and ISO constraints are checked on real values.
        instance.normalized_name = normalize_name(instance.name)
        instance.iso_code = (instance.iso_code or "").upper()


class PersonSerializer(serializers.ModelSerializer):
    api_url = _self_link("person-detail")
    affiliation = ActorRefSerializer(read_only=True, allow_null=True)
    aliases = AliasListField(read_only=True)
    merged_into = LinkField(
        "person-detail", source="merged_into_id", help_text="Set when this row was merged into another: use that one."
    )

    class Meta:
        model = Person
        fields = [
            "id", "api_url", "uid", "name", "title", "affiliation", "aliases", "merged_into", "review_status",
            "created_at", "updated_at",
        ]


class PersonInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Person
        fields = ["name", "title", "affiliation", "review_status"]

    def prepare(self, instance):
        instance.normalized_name = normalize_name(instance.name)


# --- participations -------------------------------------------------------------------------------


class ParticipationSerializer(serializers.ModelSerializer):
    api_url = _self_link("participation-detail")
    negotiation = NegotiationRefSerializer(read_only=True)
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id", "api_url", "negotiation", "actor", "role", "since", "until", "review_status", "created_at",
            "updated_at",
        ]


class ParticipationInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Participation
        fields = ["negotiation", "actor", "role", "since", "until", "review_status"]


# --- meetings and statements ----------------------------------------------------------------------


class MeetingSerializer(_CorroboratedMixin, serializers.ModelSerializer):
    api_url = _self_link("meeting-detail")
    negotiation = NegotiationRefSerializer(read_only=True, allow_null=True, help_text="null: unassigned.")
    place_country = ActorRefSerializer(read_only=True, allow_null=True)
    people = PersonRefSerializer(many=True, read_only=True, help_text="People named as taking part.")
    actors = ActorRefSerializer(many=True, read_only=True, help_text="Actors taking part where no person is named.")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "api_url", "uid", "negotiation", "kind", "date_from", "date_to", "date_precision", "place_name",
            "place_country", "summary", "people", "actors", "evidence", "corroboration", "review_status",
            "created_at", "updated_at",
        ]


class MeetingInputSerializer(ModelRulesSerializer):
    people = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Person.objects.all())
    actors = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Actor.objects.all())

    class Meta:
        model = Meeting
        fields = [
            "negotiation", "kind", "date_from", "date_to", "date_precision", "place_name", "place_country",
            "summary", "people", "actors", "review_status",
        ]


_SPEAKER_SCHEMA = inline_serializer(
    "Speaker",
    fields={
        "type": serializers.ChoiceField(choices=["person", "actor"]),
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
        "title": serializers.CharField(allow_blank=True, help_text="The speaker's title as reported at the time."),
        "api_url": serializers.URLField(),
    },
)


class StatementSerializer(_CorroboratedMixin, serializers.ModelSerializer):
    api_url = _self_link("statement-detail")
    negotiation = NegotiationRefSerializer(read_only=True, allow_null=True, help_text="null: unassigned.")
    speaker = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id", "api_url", "uid", "negotiation", "speaker", "text", "kind", "said_on", "said_on_precision",
            "setting", "evidence", "corroboration", "review_status", "created_at", "updated_at",
        ]

    @extend_schema_field(_SPEAKER_SCHEMA)
    def get_speaker(self, obj: Statement):
        """A person when one is named, else the institution; title is the one reported at the time."""
        if obj.speaker_person_id:
            speaker, kind, view = obj.speaker_person, "person", "person-detail"
        else:
            speaker, kind, view = obj.speaker_actor, "actor", "actor-detail"
        return {
            "type": kind,
            "id": speaker.pk,
            "name": speaker.name,
            "title": obj.speaker_title,
            "api_url": reverse(view, kwargs={"pk": speaker.pk}, request=self.context.get("request")),
        }


class StatementInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Statement
        fields = [
            "negotiation", "speaker_person", "speaker_actor", "speaker_title", "text", "kind", "said_on",
            "said_on_precision", "setting", "review_status",
        ]

    def prepare(self, instance):
        # Statement.save() derives text_key; the uniqueness constraints are on it.
        instance.text_key = statement_text_key(instance.text)


# --- timeline -------------------------------------------------------------------------------------


class TimelineQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["meeting", "statement"], required=False, help_text="Only this kind.")
    date_after = serializers.DateField(required=False, help_text="Entries dated on or after (undated excluded).")
    date_before = serializers.DateField(required=False, help_text="Entries dated on or before (undated excluded).")


class TimelineEntrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["meeting", "statement"])
    date = serializers.DateField(allow_null=True, help_text="Meeting date_from or statement said_on.")
    meeting = MeetingSerializer(allow_null=True, required=False)
    statement = StatementSerializer(allow_null=True, required=False)


# --- reports --------------------------------------------------------------------------------------


_EXTRACTED_SCHEMA = inline_serializer(
    "ReportExtracted",
    fields={
        "statements": serializers.IntegerField(),
        "meetings": serializers.IntegerField(),
        "unassigned_statements": serializers.IntegerField(help_text="Of the statements, those with no negotiation."),
        "unassigned_meetings": serializers.IntegerField(help_text="Of the meetings, those with no negotiation."),
    },
)


class ReportSerializer(serializers.ModelSerializer):
    api_url = _self_link("report-detail")
    # Addresses as given: they may hold non-ASCII characters, so not documented as format: uri.
    url = serializers.CharField(read_only=True)
    canonical_url = serializers.CharField(read_only=True)
    failure_reason = serializers.SerializerMethodField(
        help_text="Why processing failed, as `category: message` (staff users see the full internal reason)."
    )
    duplicate_of = LinkField("report-detail", source="duplicate_of_id")
    statements = serializers.SerializerMethodField(help_text="Statements evidenced by this report.")
    meetings = serializers.SerializerMethodField(help_text="Meetings evidenced by this report.")
    extracted = serializers.SerializerMethodField(
        help_text="How many statements and meetings this report evidences, and how many of them await "
                  "assignment to a negotiation (the report named none the pipeline recognises)."
    )

    class Meta:
        model = Report
        fields = [
            "id", "api_url", "url", "canonical_url", "outlet", "title", "published_at", "language", "status",
            "failure_reason", "attempts", "processed_at", "duplicate_of", "duplicate_similarity", "statements",
            "meetings", "extracted", "created_at", "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_failure_reason(self, obj):
        request = self.context.get("request")
        if request is not None and request.user.is_staff:
            return obj.failure_reason
        return failure_reason_public(obj.failure_reason)

    def _links(self, obj, column: str, view: str):
        request = self.context.get("request")
        ids = sorted({getattr(e, column) for e in obj.evidence.all() if getattr(e, column)})
        return [{"id": pk, "api_url": reverse(view, kwargs={"pk": pk}, request=request)} for pk in ids]

    @extend_schema_field(LinkSerializer(many=True))
    def get_statements(self, obj):
        return self._links(obj, "statement_id", "statement-detail")

    @extend_schema_field(LinkSerializer(many=True))
    def get_meetings(self, obj):
        return self._links(obj, "meeting_id", "meeting-detail")

    @extend_schema_field(_EXTRACTED_SCHEMA)
    def get_extracted(self, obj):
        # The negotiation ids come annotated on the prefetched evidence (api.v1.selectors.report_list).
        counts = {}
        for kind in ("statement", "meeting"):
            rows = {(getattr(e, f"{kind}_id"), getattr(e, f"{kind}_negotiation_id", None))
                    for e in obj.evidence.all() if getattr(e, f"{kind}_id")}
            counts[f"{kind}s"] = len(rows)
            counts[f"unassigned_{kind}s"] = sum(1 for _, negotiation_id in rows if negotiation_id is None)
        return counts


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = ReportSerializer.Meta.fields + ["text"]


class ReportSubmitSerializer(serializers.Serializer):
    """POST /reports/: url and text or html; the pipeline does the rest."""

    url = serializers.URLField(max_length=2000)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    language = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http and https URLs are accepted.")
        return value

    def validate(self, attrs):
        # Only a URL (no text or html key): the worker fetches the page (issue 4). Text or html given
        # but blank is a mistake, answered 400.
        given = [k for k in ("text", "html") if k in self.initial_data]
        if given and not any(attrs[k].strip() for k in given):
            raise serializers.ValidationError({given[0]: ["Give the report's text or its html, or only its url."]})
        return attrs


class ReportAcceptedSerializer(serializers.ModelSerializer):
    api_url = _self_link("report-detail")
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Report
        fields = ["id", "api_url", "status", "url"]


# --- tombstones -----------------------------------------------------------------------------------


class TombstoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["id", "model", "object_id", "merged_into_id", "deleted_at"]
