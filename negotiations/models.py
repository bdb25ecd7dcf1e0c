"""The core domain: negotiations, the actors and people in them, and who takes which role."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from negotiations.text import normalize_name  # defined without Django: the pure pipeline uses it too


class TimeStampedModel(models.Model):
    # updated_at is indexed: every API list filters on it (updated_since) for client sync.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ReviewStatus(models.TextChoices):
    # auto: written by the pipeline and awaiting a curator (the review queue).
    AUTO = "auto", "Awaiting review"
    REVIEWED = "reviewed", "Reviewed"
    REJECTED = "rejected", "Rejected"


class ReviewableModel(TimeStampedModel):
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.REVIEWED, db_index=True
    )

    class Meta:
        abstract = True


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    ARMED_GROUP = "armed_group", "Armed group"
    POLITICAL_PARTY = "political_party", "Political party"
    INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
    GOVERNMENT_BODY = "government_body", "Government body"
    NGO = "ngo", "Non-governmental organisation"
    OTHER = "other", "Other"


class Actor(ReviewableModel):
    """A state, armed group, party, organisation: anything that can be a party or a mediator."""

    name = models.CharField(max_length=200, help_text="Canonical name, e.g. 'United States'.")
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(max_length=32, choices=ActorKind.choices, default=ActorKind.OTHER, db_index=True)
    iso_code = models.CharField(
        max_length=2, blank=True, default="", db_index=True, help_text="ISO 3166-1 alpha-2 code, for states."
    )
    description = models.TextField(blank=True, default="")
    # Set when a curator merges this row into another; the row stays so the old id still answers.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name"], condition=Q(merged_into__isnull=True), name="actor_unique_live_name"
            ),
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=Q(merged_into__isnull=True) & ~Q(iso_code=""),
                name="actor_unique_live_iso_code",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="actor_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        self.iso_code = (self.iso_code or "").upper()
        super().save(*args, **kwargs)


class ActorAlias(TimeStampedModel):
    """Another name the actor goes by: U.S., Washington, American, Turkish, the Kremlin."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized_name"], name="actor_alias_unique_per_actor"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Person(ReviewableModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="Canonical full name, e.g. 'Recep Tayyip Erdoğan'.")
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    title = models.CharField(max_length=200, blank=True, default="", help_text="Current title.")
    affiliation = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="person_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class PersonAlias(TimeStampedModel):
    """A full spelling or transliteration: Erdogan for Erdoğan, Araqchi for Araghchi.

    A surname alone identifies a person only within one report, so it is never stored here.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "normalized_name"], name="person_alias_unique_per_person"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class NegotiationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    STALLED = "stalled", "Stalled"
    AGREEMENT_REACHED = "agreement_reached", "Agreement reached"
    COLLAPSED = "collapsed", "Collapsed"


class NegotiationSource(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline or curator"
    REFERENCE = "reference", "Reference data"


class Negotiation(ReviewableModel):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    topic = models.CharField(
        max_length=300, blank=True, default="", help_text="What is negotiated, e.g. 'cease-fire and hostage exchange'."
    )
    summary = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=20, choices=NegotiationStatus.choices, default=NegotiationStatus.ACTIVE, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True, db_index=True)
    ended_on = models.DateField(null=True, blank=True, db_index=True)
    actors = models.ManyToManyField(Actor, through="Participation", related_name="negotiations")
    # Who has mediated this process (reference data, curated): used to recognise a report about it and
    # to read an actor it names as a mediator, never a party. Not the record's own mediators: those are
    # the Participation rows the reports support.
    usual_mediators = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="usually_mediates",
        help_text="Actors that have mediated this process: they identify reports about it.",
    )
    # Where the row came from: reference rows are written by negotiation_reference_load() from
    # events/gazetteers/negotiations.json (their slug is the reference slug); the loader leaves a
    # reference row alone once a curator has edited it (see negotiations/services/reference.py).
    source = models.CharField(
        max_length=16, choices=NegotiationSource.choices, default=NegotiationSource.PIPELINE, db_index=True
    )
    # Set when a curator merges this row into another; the row stays so the old id still answers.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(ended_on__isnull=True) | Q(started_on__lte=F("ended_on")),
                name="negotiation_starts_before_it_ends",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="negotiation_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:300] or uuid.uuid4().hex
        super().save(*args, **kwargs)


class NegotiationAlias(TimeStampedModel):
    """Another name outlets give the process: "Gaza truce talks", "the hostage deal", "Istanbul talks"."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "negotiation aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "normalized_name"], name="negotiation_alias_unique_per_negotiation"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    PARTY = "party", "Party"
    MEDIATOR = "mediator", "Mediator"
    OBSERVER = "observer", "Observer"
    GUARANTOR = "guarantor", "Guarantor"


class Participation(ReviewableModel):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=16, choices=Role.choices, db_index=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "role", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "actor", "role"], name="participation_unique_role"),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(since__lte=F("until")),
                name="participation_since_before_until",
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) in {self.negotiation}"


class Tombstone(models.Model):
    """A deleted or merged-away row, so that syncing clients can drop or redirect their copy."""

    model = models.CharField(max_length=50, db_index=True, help_text="API resource name, e.g. 'person'.")
    object_id = models.BigIntegerField()
    merged_into_id = models.BigIntegerField(null=True, blank=True)
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["deleted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="tombstone_unique_object")]

    def __str__(self):
        return f"{self.model} {self.object_id}"
