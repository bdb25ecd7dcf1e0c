"""Output serializers (what GET answers) and input serializers (what writes accept), API v1.

Links to API resources are named `api_url` everywhere, so that `url` stays the
article address of a report.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.v1.base import ModelRulesSerializer
from api.v1.failures import failure_reason_public
from api.v1.selectors import corroboration, corroboration_of_rows
from events.models import Evidence, Meeting, Report, Statement
from events.text import statement_text_key
from negotiations.models import Actor, Negotiation, Participation, Person, Tombstone, normalize_name

# --- small building blocks --------------------------------------------------------------------------

# The hot lists (statements, meetings, reports, people, actors) build their rows in to_representation below
# with plain attribute access: DRF's per-field machinery and one reverse() per link cost most of a list
# request's time. The declared fields stay: they document the schema and the browsable API's forms, and
# the golden files (tests/api/golden/) hold the two to the same JSON.

# An id no row has, reversed once per view name: its URL split around it gives the prefix and suffix
# every row's link is formatted from.
_LINK_SENTINEL = 918273645
# Names of the UTC zone (the project's TIME_ZONE); see _Links.tz.
_UTC_KEYS = frozenset({"UTC", "Etc/UTC"})


class _Links:
    """Detail URLs for one request: one reverse() per view name, then string formatting per row."""

    def __init__(self, request, url_format):
        self.request = request
        # Looked up once: the current time zone is a thread-local read, thousands of times a page otherwise.
        # UTC as the driver's own UTC object: astimezone() into the zone a value is already in is free.
        tz = timezone.get_current_timezone()
        self.tz = datetime.timezone.utc if getattr(tz, "key", None) in _UTC_KEYS else tz
        # A format suffix in the request path (.json) is carried into self links, as DRF's identity fields do.
        self.url_format = url_format
        self._parts: dict[tuple[str, bool], tuple[str, str]] = {}

    def parts(self, view_name: str, *, with_format: bool = False) -> tuple[str, str]:
        """The detail URL of view_name around its id: prefix + str(pk) + suffix."""
        key = (view_name, with_format)
        parts = self._parts.get(key)
        if parts is None:
            url_format = self.url_format if with_format else None
            url = reverse(view_name, kwargs={"pk": _LINK_SENTINEL}, request=self.request, format=url_format)
            prefix, _, suffix = url.rpartition(str(_LINK_SENTINEL))
            parts = self._parts[key] = (prefix, suffix)
        return parts

    def url(self, view_name: str, pk, *, with_format: bool = False) -> str:
        prefix, suffix = self.parts(view_name, with_format=with_format)
        return f"{prefix}{pk}{suffix}"

    def link(self, view_name: str, pk) -> dict | None:
        return None if pk is None else {"id": pk, "api_url": self.url(view_name, pk)}


def _links_of(serializer) -> _Links:
    # Cached in the root serializer's context: one per request, shared by every row and nested object.
    context = serializer.context
    links = context.get("_links")
    if links is None:
        links = context["_links"] = _Links(context.get("request"), context.get("format"))
    return links


def _datetime(value, tz=None):
    # What DRF's DateTimeField answers: the current time zone, ISO 8601, UTC as Z.
    if not value:
        return None
    value = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def _date(value):
    return value.isoformat() if value else None


def _actor_ref(actor, links: _Links) -> dict | None:
    if actor is None:
        return None
    return {
        "id": actor.pk,
        "name": actor.name,
        "kind": actor.kind,
        "api_url": links.url("actor-detail", actor.pk, with_format=True),
    }


def _person_ref(person, links: _Links) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "title": person.title,
        "api_url": links.url("person-detail", person.pk, with_format=True),
    }


def _negotiation_ref(negotiation, links: _Links) -> dict | None:
    if negotiation is None:
        return None  # an unassigned fact: the report named no negotiation the pipeline recognises
    return {
        "id": negotiation.pk,
        "title": negotiation.title,
        "slug": negotiation.slug,
        "api_url": links.url("negotiation-detail", negotiation.pk, with_format=True),
    }


def _evidence_rows(evidence, links: _Links) -> list[dict]:
    rows = []
    for e in evidence:
        report = e.report
        rows.append(
            {
                "id": e.pk,
                "report": links.link("report-detail", e.report_id),
                "outlet": report.outlet,
                "url": report.url,
                "published_at": _datetime(report.published_at, links.tz),
                "duplicate_of": links.link("report-detail", report.duplicate_of_id),
                "sentence": e.sentence,
                "char_start": e.char_start,
                "char_end": e.char_end,
            }
        )
    return rows


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


def _evidence_of_rows(evidence: list[dict], links: _Links) -> list[dict]:
    report_prefix, report_suffix = links.parts("report-detail")
    tz = links.tz
    rows = []
    for e in evidence:
        report_id, duplicate_of = e["report_id"], e["report__duplicate_of_id"]
        rows.append(
            {
                "id": e["id"],
                "report": {"id": report_id, "api_url": f"{report_prefix}{report_id}{report_suffix}"},
                "outlet": e["report__outlet"],
                "url": e["report__url"],
                "published_at": _datetime(e["report__published_at"], tz),
                "duplicate_of": None
                if duplicate_of is None
                else {"id": duplicate_of, "api_url": f"{report_prefix}{duplicate_of}{report_suffix}"},
                "sentence": e["sentence"],
                "char_start": e["char_start"],
                "char_end": e["char_end"],
            }
        )
    return rows


def _negotiation_of_row(row: dict, links: _Links) -> dict | None:
    pk = row["negotiation_id"]
    if pk is None:
        return None  # an unassigned fact
    return {
        "id": pk,
        "title": row["negotiation__title"],
        "slug": row["negotiation__slug"],
        "api_url": links.url("negotiation-detail", pk, with_format=True),
    }


def statement_rows_data(rows: list[dict], *, evidence: dict[int, list[dict]], context: dict) -> list[dict]:
    """What StatementSerializer answers, from selectors.statement_rows() and evidence_rows() dicts."""
    links = _Links(context.get("request"), context.get("format"))
    tz = links.tz
    # Each link's URL around its id, looked up once for the page (a hundred rows, several links each).
    self_prefix, self_suffix = links.parts("statement-detail", with_format=True)
    speaker_parts = {"person": links.parts("person-detail"), "actor": links.parts("actor-detail")}
    data = []
    for row in rows:
        pk, items = row["id"], evidence.get(row["id"], ())
        if row["speaker_person_id"]:
            speaker_id, name, kind = row["speaker_person_id"], row["speaker_person__name"], "person"
        else:
            speaker_id, name, kind = row["speaker_actor_id"], row["speaker_actor__name"], "actor"
        speaker_prefix, speaker_suffix = speaker_parts[kind]
        data.append(
            {
                "id": pk,
                "api_url": f"{self_prefix}{pk}{self_suffix}",
                "uid": str(row["uid"]),
                "negotiation": _negotiation_of_row(row, links),
                "speaker": {
                    "type": kind,
                    "id": speaker_id,
                    "name": name,
                    "title": row["speaker_title"],
                    "api_url": f"{speaker_prefix}{speaker_id}{speaker_suffix}",
                },
                "text": row["text"],
                "kind": row["kind"],
                "said_on": _date(row["said_on"]),
                "said_on_precision": row["said_on_precision"],
                "setting": row["setting"],
                "evidence": _evidence_of_rows(items, links),
                "corroboration": corroboration_of_rows(items),
                "review_status": row["review_status"],
                "created_at": _datetime(row["created_at"], tz),
                "updated_at": _datetime(row["updated_at"], tz),
            }
        )
    return data


def meeting_rows_data(
    rows: list[dict],
    *,
    people: dict[int, list[dict]],
    actors: dict[int, list[dict]],
    evidence: dict[int, list[dict]],
    context: dict,
) -> list[dict]:
    """What MeetingSerializer answers, from selectors.meeting_rows() and the page's people, actors and evidence."""
    links = _Links(context.get("request"), context.get("format"))
    data = []
    for row in rows:
        pk, items = row["id"], evidence.get(row["id"], [])
        country = row["place_country_id"]
        data.append(
            {
                "id": pk,
                "api_url": links.url("meeting-detail", pk, with_format=True),
                "uid": str(row["uid"]),
                "negotiation": _negotiation_of_row(row, links),
                "kind": row["kind"],
                "date_from": _date(row["date_from"]),
                "date_to": _date(row["date_to"]),
                "date_precision": row["date_precision"],
                "place_name": row["place_name"],
                "place_country": None
                if country is None
                else {
                    "id": country,
                    "name": row["place_country__name"],
                    "kind": row["place_country__kind"],
                    "api_url": links.url("actor-detail", country, with_format=True),
                },
                "summary": row["summary"],
                "people": [
                    {
                        "id": p["person_id"],
                        "name": p["person__name"],
                        "title": p["person__title"],
                        "api_url": links.url("person-detail", p["person_id"], with_format=True),
                    }
                    for p in people.get(pk, [])
                ],
                "actors": [
                    {
                        "id": a["actor_id"],
                        "name": a["actor__name"],
                        "kind": a["actor__kind"],
                        "api_url": links.url("actor-detail", a["actor_id"], with_format=True),
                    }
                    for a in actors.get(pk, [])
                ],
                "evidence": _evidence_of_rows(items, links),
                "corroboration": corroboration_of_rows(items),
                "review_status": row["review_status"],
                "created_at": _datetime(row["created_at"], links.tz),
                "updated_at": _datetime(row["updated_at"], links.tz),
            }
        )
    return data


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
            "id",
            "api_url",
            "timeline_url",
            "title",
            "slug",
            "topic",
            "summary",
            "status",
            "status_changed_at",
            "started_on",
            "ended_on",
            "participations",
            "review_status",
            "created_at",
            "updated_at",
        ]


class NegotiationInputSerializer(ModelRulesSerializer):
    slug = serializers.SlugField(max_length=300, required=False, allow_blank=True)

    class Meta:
        model = Negotiation
        fields = [
            "title",
            "slug",
            "topic",
            "summary",
            "status",
            "status_changed_at",
            "started_on",
            "ended_on",
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
            "id",
            "api_url",
            "name",
            "kind",
            "iso_code",
            "description",
            "aliases",
            "merged_into",
            "review_status",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, obj):
        links = _links_of(self)
        return {
            "id": obj.pk,
            "api_url": links.url("actor-detail", obj.pk, with_format=True),
            "name": obj.name,
            "kind": obj.kind,
            "iso_code": obj.iso_code,
            "description": obj.description,
            "aliases": [alias.name for alias in obj.aliases.all()],
            "merged_into": links.link("actor-detail", obj.merged_into_id),
            "review_status": obj.review_status,
            "created_at": _datetime(obj.created_at, links.tz),
            "updated_at": _datetime(obj.updated_at, links.tz),
        }


def actor_rows_data(rows: list[dict], *, aliases: dict[int, list[str]], context: dict) -> list[dict]:
    """What ActorSerializer answers, from selectors.actor_rows() and alias_names()."""
    links = _Links(context.get("request"), context.get("format"))
    tz = links.tz
    self_prefix, self_suffix = links.parts("actor-detail", with_format=True)
    return [
        {
            "id": row["id"],
            "api_url": f"{self_prefix}{row['id']}{self_suffix}",
            "name": row["name"],
            "kind": row["kind"],
            "iso_code": row["iso_code"],
            "description": row["description"],
            "aliases": aliases.get(row["id"], []),
            "merged_into": links.link("actor-detail", row["merged_into_id"]),
            "review_status": row["review_status"],
            "created_at": _datetime(row["created_at"], tz),
            "updated_at": _datetime(row["updated_at"], tz),
        }
        for row in rows
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
            "id",
            "api_url",
            "uid",
            "name",
            "title",
            "affiliation",
            "aliases",
            "merged_into",
            "review_status",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, obj):
        links = _links_of(self)
        return {
            "id": obj.pk,
            "api_url": links.url("person-detail", obj.pk, with_format=True),
            "uid": str(obj.uid),
            "name": obj.name,
            "title": obj.title,
            "affiliation": _actor_ref(obj.affiliation, links),
            "aliases": [alias.name for alias in obj.aliases.all()],
            "merged_into": links.link("person-detail", obj.merged_into_id),
            "review_status": obj.review_status,
            "created_at": _datetime(obj.created_at, links.tz),
            "updated_at": _datetime(obj.updated_at, links.tz),
        }


def person_rows_data(rows: list[dict], *, aliases: dict[int, list[str]], context: dict) -> list[dict]:
    """What PersonSerializer answers, from selectors.person_rows() and alias_names()."""
    links = _Links(context.get("request"), context.get("format"))
    tz = links.tz
    self_prefix, self_suffix = links.parts("person-detail", with_format=True)
    actor_prefix, actor_suffix = links.parts("actor-detail", with_format=True)
    data = []
    for row in rows:
        pk, affiliation = row["id"], row["affiliation_id"]
        data.append(
            {
                "id": pk,
                "api_url": f"{self_prefix}{pk}{self_suffix}",
                "uid": str(row["uid"]),
                "name": row["name"],
                "title": row["title"],
                "affiliation": None
                if affiliation is None
                else {
                    "id": affiliation,
                    "name": row["affiliation__name"],
                    "kind": row["affiliation__kind"],
                    "api_url": f"{actor_prefix}{affiliation}{actor_suffix}",
                },
                "aliases": aliases.get(pk, []),
                "merged_into": links.link("person-detail", row["merged_into_id"]),
                "review_status": row["review_status"],
                "created_at": _datetime(row["created_at"], tz),
                "updated_at": _datetime(row["updated_at"], tz),
            }
        )
    return data


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
            "id",
            "api_url",
            "negotiation",
            "actor",
            "role",
            "since",
            "until",
            "review_status",
            "created_at",
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
            "id",
            "api_url",
            "uid",
            "negotiation",
            "kind",
            "date_from",
            "date_to",
            "date_precision",
            "place_name",
            "place_country",
            "summary",
            "people",
            "actors",
            "evidence",
            "corroboration",
            "review_status",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, obj):
        links = _links_of(self)
        evidence = obj.evidence.all()
        return {
            "id": obj.pk,
            "api_url": links.url("meeting-detail", obj.pk, with_format=True),
            "uid": str(obj.uid),
            "negotiation": _negotiation_ref(obj.negotiation, links),
            "kind": obj.kind,
            "date_from": _date(obj.date_from),
            "date_to": _date(obj.date_to),
            "date_precision": obj.date_precision,
            "place_name": obj.place_name,
            "place_country": _actor_ref(obj.place_country, links),
            "summary": obj.summary,
            "people": [_person_ref(person, links) for person in obj.people.all()],
            "actors": [_actor_ref(actor, links) for actor in obj.actors.all()],
            "evidence": _evidence_rows(evidence, links),
            "corroboration": corroboration(evidence),
            "review_status": obj.review_status,
            "created_at": _datetime(obj.created_at, links.tz),
            "updated_at": _datetime(obj.updated_at, links.tz),
        }


class MeetingInputSerializer(ModelRulesSerializer):
    people = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Person.objects.all())
    actors = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Actor.objects.all())

    class Meta:
        model = Meeting
        fields = [
            "negotiation",
            "kind",
            "date_from",
            "date_to",
            "date_precision",
            "place_name",
            "place_country",
            "summary",
            "people",
            "actors",
            "review_status",
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
            "id",
            "api_url",
            "uid",
            "negotiation",
            "speaker",
            "text",
            "kind",
            "said_on",
            "said_on_precision",
            "setting",
            "evidence",
            "corroboration",
            "review_status",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, obj):
        links = _links_of(self)
        evidence = obj.evidence.all()
        return {
            "id": obj.pk,
            "api_url": links.url("statement-detail", obj.pk, with_format=True),
            "uid": str(obj.uid),
            "negotiation": _negotiation_ref(obj.negotiation, links),
            "speaker": self._speaker(obj, links),
            "text": obj.text,
            "kind": obj.kind,
            "said_on": _date(obj.said_on),
            "said_on_precision": obj.said_on_precision,
            "setting": obj.setting,
            "evidence": _evidence_rows(evidence, links),
            "corroboration": corroboration(evidence),
            "review_status": obj.review_status,
            "created_at": _datetime(obj.created_at, links.tz),
            "updated_at": _datetime(obj.updated_at, links.tz),
        }

    @staticmethod
    def _speaker(obj: Statement, links: _Links) -> dict:
        if obj.speaker_person_id:
            speaker, kind, view = obj.speaker_person, "person", "person-detail"
        else:
            speaker, kind, view = obj.speaker_actor, "actor", "actor-detail"
        return {
            "type": kind,
            "id": speaker.pk,
            "name": speaker.name,
            "title": obj.speaker_title,
            "api_url": links.url(view, speaker.pk),
        }

    @extend_schema_field(_SPEAKER_SCHEMA)
    def get_speaker(self, obj: Statement):
        """A person when one is named, else the institution; title is the one reported at the time."""
        return self._speaker(obj, _links_of(self))


class StatementInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Statement
        fields = [
            "negotiation",
            "speaker_person",
            "speaker_actor",
            "speaker_title",
            "text",
            "kind",
            "said_on",
            "said_on_precision",
            "setting",
            "review_status",
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
            "id",
            "api_url",
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
            "duplicate_of",
            "duplicate_similarity",
            "statements",
            "meetings",
            "extracted",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_failure_reason(self, obj):
        request = self.context.get("request")
        if request is not None and request.user.is_staff:
            return obj.failure_reason
        return failure_reason_public(obj.failure_reason)

    def to_representation(self, obj):
        links = _links_of(self)
        row = {
            "id": obj.pk,
            "api_url": links.url("report-detail", obj.pk, with_format=True),
            "url": obj.url,
            "canonical_url": obj.canonical_url,
            "outlet": obj.outlet,
            "title": obj.title,
            "published_at": _datetime(obj.published_at, links.tz),
            "language": obj.language,
            "status": obj.status,
            "failure_reason": self.get_failure_reason(obj),
            "attempts": obj.attempts,
            "processed_at": _datetime(obj.processed_at, links.tz),
            "duplicate_of": links.link("report-detail", obj.duplicate_of_id),
            "duplicate_similarity": obj.duplicate_similarity,
            "statements": self._links(obj, "statement_id", "statement-detail", links),
            "meetings": self._links(obj, "meeting_id", "meeting-detail", links),
            "extracted": self.get_extracted(obj),
            "created_at": _datetime(obj.created_at, links.tz),
            "updated_at": _datetime(obj.updated_at, links.tz),
        }
        if "text" in self.Meta.fields:
            row["text"] = obj.text
        return row

    @staticmethod
    def _links(obj, column: str, view: str, links: _Links) -> list[dict]:
        ids = sorted({getattr(e, column) for e in obj.evidence.all() if getattr(e, column)})
        return [{"id": pk, "api_url": links.url(view, pk)} for pk in ids]

    @extend_schema_field(LinkSerializer(many=True))
    def get_statements(self, obj):
        return self._links(obj, "statement_id", "statement-detail", _links_of(self))

    @extend_schema_field(LinkSerializer(many=True))
    def get_meetings(self, obj):
        return self._links(obj, "meeting_id", "meeting-detail", _links_of(self))

    @extend_schema_field(_EXTRACTED_SCHEMA)
    def get_extracted(self, obj):
        # The negotiation ids come annotated on the prefetched evidence (api.v1.selectors.report_list).
        counts = {}
        for kind in ("statement", "meeting"):
            rows = {
                (getattr(e, f"{kind}_id"), getattr(e, f"{kind}_negotiation_id", None))
                for e in obj.evidence.all()
                if getattr(e, f"{kind}_id")
            }
            counts[f"{kind}s"] = len(rows)
            counts[f"unassigned_{kind}s"] = sum(1 for _, negotiation_id in rows if negotiation_id is None)
        return counts


def report_rows_data(rows: list[dict], *, extraction: dict[int, list[tuple]], context: dict) -> list[dict]:
    """What ReportSerializer answers, from selectors.report_rows() and report_extraction_rows()."""
    request = context.get("request")
    links = _Links(request, context.get("format"))
    tz = links.tz
    staff = request is not None and request.user.is_staff
    self_prefix, self_suffix = links.parts("report-detail", with_format=True)
    statement_prefix, statement_suffix = links.parts("statement-detail")
    meeting_prefix, meeting_suffix = links.parts("meeting-detail")
    data = []
    for row in rows:
        pk, facts = row["id"], extraction.get(row["id"], ())
        statements = {(f[0], f[1]) for f in facts if f[0]}
        meetings = {(f[2], f[3]) for f in facts if f[2]}
        reason = row["failure_reason"]
        data.append(
            {
                "id": pk,
                "api_url": f"{self_prefix}{pk}{self_suffix}",
                "url": row["url"],
                "canonical_url": row["canonical_url"],
                "outlet": row["outlet"],
                "title": row["title"],
                "published_at": _datetime(row["published_at"], tz),
                "language": row["language"],
                "status": row["status"],
                "failure_reason": reason if staff else failure_reason_public(reason),
                "attempts": row["attempts"],
                "processed_at": _datetime(row["processed_at"], tz),
                "duplicate_of": links.link("report-detail", row["duplicate_of_id"]),
                "duplicate_similarity": row["duplicate_similarity"],
                "statements": [
                    {"id": i, "api_url": f"{statement_prefix}{i}{statement_suffix}"}
                    for i in sorted({i for i, _n in statements})
                ],
                "meetings": [
                    {"id": i, "api_url": f"{meeting_prefix}{i}{meeting_suffix}"}
                    for i in sorted({i for i, _n in meetings})
                ],
                "extracted": {
                    "statements": len(statements),
                    "unassigned_statements": sum(1 for _i, n in statements if n is None),
                    "meetings": len(meetings),
                    "unassigned_meetings": sum(1 for _i, n in meetings if n is None),
                },
                "created_at": _datetime(row["created_at"], tz),
                "updated_at": _datetime(row["updated_at"], tz),
            }
        )
    return data


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
        # Only a URL (no text or html key): the worker fetches the page. Text or html given
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
