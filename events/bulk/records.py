"""The record types of the bulk format: which model each writes and how records refer to each other.

Records never carry database ids. They refer to each other by stable keys:
negotiation slug, actor canonical name, and a uid for people, meetings and statements
(a source, i.e. a report, by its canonical URL). The order below is the dependency order:
export writes records in it and import resolves references written earlier.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Callable

from django.db import models
from django.utils.text import slugify

from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from events.text import statement_text_key
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias, normalize_name

# Any string is accepted as a uid: a UUID is kept, anything else ("acled-123") is mapped to a
# stable UUID, so that a dataset with its own identifiers re-imports onto the same rows.
UID_NAMESPACE = uuid.UUID("6f1c2f0e-8b7a-4d51-9a53-6b0f5c1d2e7a")


def uid_from_key(value) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    return _uid_from_text(str(value))


@lru_cache(maxsize=4096)  # a uid is named again soon after its record (meeting, then its participants)
def _uid_from_text(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.uuid5(UID_NAMESPACE, value)


@dataclass(frozen=True)
class Ref:
    """A record field naming another record by its key; stored in the model's foreign key."""

    field: str  # record field, e.g. "speaker_person"
    target: str  # record type referred to, e.g. "person"
    model_field: str = ""  # model FK name when it differs from the record field

    @property
    def attname(self) -> str:
        return f"{self.model_field or self.field}_id"


@dataclass(frozen=True)
class RecordType:
    name: str
    model: type[models.Model]
    # Model attnames that identify the row once references are resolved (the upsert key).
    db_key: tuple[str, ...]
    # Plain model fields a record may carry (besides references).
    fields: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    # What the model's save() derives (normalized names, text keys); bulk writes skip save().
    derive: Callable[[models.Model], None] = lambda obj: None
    # Restricts the rows a key can match (an actor key names the live row, not merged ones).
    key_filter: dict = field(default_factory=dict)
    # A full (unconditional) unique constraint on the key: new rows are written with
    # INSERT .. ON CONFLICT DO UPDATE, so a concurrent import of the same key cannot fail the batch.
    conflict_fields: tuple[str, ...] = ()
    # Link rows have nothing to update: written with ON CONFLICT DO NOTHING.
    link: bool = False
    # Existing rows are never changed by a record of this type (a source only cites a report).
    insert_only: bool = False
    # Defaults a new row gets when the record does not say otherwise.
    create_defaults: dict = field(default_factory=dict)
    history: bool = False

    @cached_property
    def allowed_fields(self) -> frozenset[str]:
        return frozenset(self.record_fields) | {"type"}

    @cached_property
    def record_fields(self) -> tuple[str, ...]:
        """In the order export writes them: the uid, the references, then the rest."""
        head = tuple(name for name in self.fields if name == "uid")
        rest = tuple(name for name in self.fields if name != "uid")
        return head + tuple(ref.field for ref in self.refs) + rest


def _derive_actor(obj):
    obj.normalized_name = normalize_name(obj.name)
    obj.iso_code = (obj.iso_code or "").upper()


def _derive_named(obj):
    obj.normalized_name = normalize_name(obj.name)


def _derive_negotiation(obj):
    if not obj.slug:
        obj.slug = slugify(obj.title)[:300]


def _derive_statement(obj):
    obj.text_key = statement_text_key(obj.text)


def _derive_source(obj):
    if not obj.canonical_url:
        obj.canonical_url = canonicalize_url(obj.url)


def canonicalize_url(url: str) -> str:
    """The pipeline's canonical URL when it is available, else the URL as given."""
    try:
        from events.pipeline.normalize import canonical_url
    except ImportError:  # the normalize step is not installed: keep the URL verbatim
        return url or ""
    return canonical_url(url) if url else ""


REVIEW = ("review_status",)

RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        name="actor",
        model=Actor,
        db_key=("normalized_name",),
        fields=("name", "kind", "iso_code", "description") + REVIEW,
        derive=_derive_actor,
        key_filter={"merged_into__isnull": True},
        history=True,
    ),
    RecordType(
        name="actor_alias",
        model=ActorAlias,
        db_key=("actor_id", "normalized_name"),
        fields=("name",),
        refs=(Ref("actor", "actor"),),
        derive=_derive_named,
        conflict_fields=("actor", "normalized_name"),
        link=True,
    ),
    RecordType(
        name="negotiation",
        model=Negotiation,
        db_key=("slug",),
        fields=("slug", "title", "topic", "summary", "status", "status_changed_at", "started_on", "ended_on") + REVIEW,
        derive=_derive_negotiation,
        conflict_fields=("slug",),
        history=True,
    ),
    RecordType(
        name="participation",
        model=Participation,
        db_key=("negotiation_id", "actor_id", "role"),
        fields=("role", "since", "until") + REVIEW,
        refs=(Ref("negotiation", "negotiation"), Ref("actor", "actor")),
        conflict_fields=("negotiation", "actor", "role"),
        history=True,
    ),
    RecordType(
        name="person",
        model=Person,
        db_key=("uid",),
        fields=("uid", "name", "title") + REVIEW,
        refs=(Ref("affiliation", "actor"),),
        derive=_derive_named,
        conflict_fields=("uid",),
        history=True,
    ),
    RecordType(
        name="person_alias",
        model=PersonAlias,
        db_key=("person_id", "normalized_name"),
        fields=("name",),
        refs=(Ref("person", "person"),),
        derive=_derive_named,
        conflict_fields=("person", "normalized_name"),
        link=True,
    ),
    RecordType(
        name="meeting",
        model=Meeting,
        db_key=("uid",),
        fields=("uid", "kind", "date_from", "date_to", "date_precision", "place_name", "summary") + REVIEW,
        refs=(Ref("negotiation", "negotiation"), Ref("place_country", "actor")),
        conflict_fields=("uid",),
        history=True,
    ),
    RecordType(
        name="meeting_person",
        model=MeetingParticipant,
        db_key=("meeting_id", "person_id"),
        fields=(),
        refs=(Ref("meeting", "meeting"), Ref("person", "person")),
        conflict_fields=("meeting", "person"),
        link=True,
    ),
    RecordType(
        name="meeting_actor",
        model=Meeting.actors.through,
        db_key=("meeting_id", "actor_id"),
        fields=(),
        refs=(Ref("meeting", "meeting"), Ref("actor", "actor")),
        conflict_fields=("meeting", "actor"),
        link=True,
    ),
    RecordType(
        name="statement",
        model=Statement,
        db_key=("uid",),
        fields=("uid", "speaker_title", "text", "kind", "said_on", "said_on_precision", "setting") + REVIEW,
        refs=(
            Ref("negotiation", "negotiation"),
            Ref("speaker_person", "person"),
            Ref("speaker_actor", "actor"),
        ),
        derive=_derive_statement,
        conflict_fields=("uid",),
        history=True,
    ),
    RecordType(
        name="source",
        model=Report,
        db_key=("canonical_url",),
        fields=("url", "canonical_url", "outlet", "title", "published_at", "language"),
        derive=_derive_source,
        conflict_fields=("canonical_url",),
        insert_only=True,
        # A cited report arrives with its facts already extracted: nothing left for the workers.
        create_defaults={"status": Report.Status.PROCESSED},
        history=True,
    ),
    RecordType(
        name="evidence",
        model=Evidence,
        db_key=("report_id", "statement_id", "meeting_id"),
        fields=("char_start", "char_end", "sentence"),
        refs=(Ref("report", "source"), Ref("statement", "statement"), Ref("meeting", "meeting")),
    ),
)

BY_NAME: dict[str, RecordType] = {rt.name: rt for rt in RECORD_TYPES}
ORDER: dict[str, int] = {rt.name: i for i, rt in enumerate(RECORD_TYPES)}

# How a key in a record finds its row: the model, the looked-up column, how the key is folded.
KEY_LOOKUPS: dict[str, tuple[type[models.Model], str, Callable, dict]] = {
    "actor": (Actor, "normalized_name", normalize_name, {"merged_into__isnull": True}),
    "negotiation": (Negotiation, "slug", str, {}),
    "person": (Person, "uid", uid_from_key, {}),
    "meeting": (Meeting, "uid", uid_from_key, {}),
    "statement": (Statement, "uid", uid_from_key, {}),
    "source": (Report, "canonical_url", canonicalize_url, {}),
}
