"""What happened (meetings, statements) and where it was read (reports, evidence)."""

import uuid

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from events.text import statement_text_key
from negotiations.models import Actor, Negotiation, Person, ReviewableModel, TimeStampedModel


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


class Source(TimeStampedModel):
    """An RSS or Atom feed polled on a schedule; its new entries become reports."""

    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"

    name = models.CharField(max_length=200, help_text="Outlet name given to its reports.")
    url = models.URLField(max_length=2000, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.RSS)
    active = models.BooleanField(default=True, db_index=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    entries_seen = models.PositiveIntegerField(default=0)
    reports_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Report(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000)
    # Unique: a known canonical URL is the same report, never a new row.
    canonical_url = models.CharField(max_length=2000, unique=True)
    outlet = models.CharField(max_length=200, blank=True, default="", db_index=True)
    title = models.CharField(max_length=500, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=12, blank=True, default="")
    text = models.TextField(blank=True, default="")
    html = models.TextField(blank=True, default="", help_text="Raw HTML as received, when given.")
    # sha256 of the normalized text: the same text under another URL.
    fingerprint = models.CharField(max_length=64, blank=True, default="", db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    failure_reason = models.TextField(blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    # The task (message id) that claimed it for processing: a redelivered message of a killed worker
    # carries the same id and may take its report back at once instead of waiting for the sweep.
    claimed_by = models.CharField(max_length=255, blank=True, default="", editable=False)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    duplicate_similarity = models.FloatField(null=True, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    # MinHash signature of the text (events.pipeline.report_dedup.Signature): verifies LSH candidates
    # without re-reading their text.
    minhash = models.BinaryField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["text", "html", "minhash"])

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="report_status_updated")]
        constraints = [
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="report_not_duplicate_of_itself"),
        ]

    def __str__(self):
        return self.title or self.canonical_url


class ReportBand(models.Model):
    """One LSH band hash of a report's MinHash: reports sharing a band are duplicate candidates.

    Kept in an indexed table so the lookup is sub-linear and survives restarts.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    hash = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "hash"], name="report_band_lookup")]
        constraints = [models.UniqueConstraint(fields=["report", "band"], name="report_band_unique")]


class Meeting(ReviewableModel):
    class Kind(models.TextChoices):
        TALKS = "talks", "Talks"
        VISIT = "visit", "Visit"
        CALL = "call", "Call"
        CONFERENCE = "conference", "Conference"
        SIGNING = "signing", "Signing"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # NULL: unassigned, the report named no negotiation the pipeline recognises; a curator assigns it.
    negotiation = models.ForeignKey(
        Negotiation, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TALKS, db_index=True)
    date_from = models.DateField(null=True, blank=True, db_index=True)
    date_to = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    place_name = models.CharField(max_length=200, blank=True, default="", help_text="City or venue, e.g. 'Aqaba'.")
    place_country = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings_hosted"
    )
    summary = models.TextField(blank=True, default="")
    people = models.ManyToManyField(Person, through="MeetingParticipant", related_name="meetings", blank=True)
    # Actors attending where no person of theirs is named.
    actors = models.ManyToManyField(Actor, related_name="meetings", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__isnull=True) | Q(date_to__isnull=True) | Q(date_from__lte=F("date_to")),
                name="meeting_dates_in_order",
            ),
        ]

    def __str__(self):
        where = f" in {self.place_name}" if self.place_name else ""
        return f"{self.get_kind_display()}{where} ({self.date_from or 'undated'})"


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_participations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meeting_participant_unique")]

    def __str__(self):
        # Read in admin inline rows, lists and delete confirmations: load person and meeting with it.
        return f"{self.person} at {self.meeting}"


class Statement(ReviewableModel):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        REPORTED = "reported", "Reported speech"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # NULL: unassigned, the report named no negotiation the pipeline recognises; a curator assigns it.
    negotiation = models.ForeignKey(
        Negotiation, null=True, blank=True, on_delete=models.CASCADE, related_name="statements"
    )
    speaker_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    speaker_actor = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The institution speaking when no person is named.",
    )
    speaker_title = models.CharField(
        max_length=200, blank=True, default="", help_text="The speaker's title as reported at the time."
    )
    text = models.TextField()
    # sha1 of the folded text (case, whitespace, quote marks, trailing punctuation): the same words.
    text_key = models.CharField(max_length=40, editable=False, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIRECT, db_index=True)
    said_on = models.DateField(null=True, blank=True, db_index=True)
    said_on_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    setting = models.CharField(max_length=100, blank=True, default="", help_text="Press briefing, interview, ...")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker_person__isnull=False) | Q(speaker_actor__isnull=False),
                name="statement_has_speaker",
            ),
            # The same words by the same speaker in one negotiation are one statement; among unassigned
            # statements too (NULLS NOT DISTINCT: no negotiation is one group).
            models.UniqueConstraint(
                fields=["negotiation", "speaker_person", "text_key"],
                condition=Q(speaker_person__isnull=False),
                name="statement_unique_person_text",
                nulls_distinct=False,
            ),
            models.UniqueConstraint(
                fields=["negotiation", "speaker_actor", "text_key"],
                condition=Q(speaker_person__isnull=True),
                name="statement_unique_actor_text",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.speaker_person or self.speaker_actor}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.text_key = statement_text_key(self.text)
        super().save(*args, **kwargs)


class Evidence(TimeStampedModel):
    """Where a meeting or a statement was read: the report, the character span and the sentence."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    char_start = models.PositiveIntegerField(null=True, blank=True)
    char_end = models.PositiveIntegerField(null=True, blank=True)
    sentence = models.TextField(blank=True, default="")

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(statement__isnull=False) & Q(meeting__isnull=True))
                | (Q(statement__isnull=True) & Q(meeting__isnull=False)),
                name="evidence_supports_exactly_one_fact",
            ),
            models.CheckConstraint(
                condition=Q(char_start__isnull=True) | Q(char_end__isnull=True) | Q(char_start__lte=F("char_end")),
                name="evidence_span_in_order",
            ),
            # Processing a report twice adds no evidence.
            models.UniqueConstraint(
                fields=["report", "statement"], condition=Q(statement__isnull=False), name="evidence_unique_statement"
            ),
            models.UniqueConstraint(
                fields=["report", "meeting"], condition=Q(meeting__isnull=False), name="evidence_unique_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.report} → {self.statement or self.meeting}"
