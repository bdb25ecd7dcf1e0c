"""Admin for what happened and where it was read: statements, meetings, reports, evidence, feeds."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html

from events.models import Evidence, Meeting, MeetingParticipant, Report, ReportBand, Source, Statement
from negotiations.admin import search  # noqa: F401  (registers the __folded lookup of the search fields)
from negotiations.admin.forms import ConstraintCheckingForm, EvidenceFormSet
from negotiations.admin.merge import merge_selected
from negotiations.admin.mixins import (
    REVIEW_HELP,
    REVIEW_STATUS_HELP,
    EstimatedCountPaginator,
    HistoryAdmin,
    PreloadedAutocompleteInline,
    ReviewActionsMixin,
    admin_link,
    is_changelist,
    merge_following_filter,
    short,
    year_filter,
)
from negotiations.models import Actor, Person

HEAVY_REPORT_FIELDS = [f for f in ("text", "html", "minhash") if any(x.name == f for x in Report._meta.fields)]


def corroboration(evidence_qs) -> str:
    """Counted two ways: distinct outlets, and independent sources (syndicated copies count once)."""
    numbers = evidence_qs.aggregate(
        reports=Count("report", distinct=True),
        outlets=Count("report__outlet", distinct=True),
        sources=Count(Coalesce("report__duplicate_of_id", "report_id"), distinct=True),
    )
    return "{reports} reports, {outlets} outlets, {sources} independent sources".format(**numbers)


class UnassignedFilter(admin.SimpleListFilter):
    """Facts the pipeline wrote without a negotiation (the report named none it recognises): a curator
    assigns them by choosing the negotiation on the change page."""

    title = "assignment"
    parameter_name = "unassigned"

    def lookups(self, request, model_admin):
        return [("yes", "Unassigned (no negotiation)"), ("no", "Assigned")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(negotiation__isnull=self.value() == "yes")
        return queryset


CONTEXT_CHARS = 280


def sentence_in_report(evidence: Evidence) -> str:
    """The evidence sentence highlighted inside the report text around it (HTML, escaped).

    The span is char_start:char_end of the report text; without offsets the sentence is looked up in
    the text; a sentence not found (the report text changed) is shown alone, highlighted.
    """
    text = evidence.report.text or ""
    start, end = evidence.char_start, evidence.char_end
    if start is None or end is None or end > len(text) or start >= end:
        found = text.find(evidence.sentence) if evidence.sentence else -1
        if found < 0:
            return format_html('<mark class="evidence-sentence">{}</mark>', evidence.sentence or "—")
        start, end = found, found + len(evidence.sentence)
    before_from = max(0, start - CONTEXT_CHARS)
    return format_html(
        '<span class="evidence-context">{}{}<mark class="evidence-sentence">{}</mark>{}{}</span>',
        "…" if before_from else "",
        text[before_from:start],
        text[start:end],
        text[end : end + CONTEXT_CHARS],
        "…" if end + CONTEXT_CHARS < len(text) else "",
    )


def report_link(report: Report) -> str:
    """A link to the report that opens in a new tab, so the curator keeps the fact being checked."""
    url = reverse("admin:events_report_change", args=[report.pk])
    label = short(report.title or report.canonical_url, 80)
    outlet = f" ({report.outlet})" if report.outlet else ""
    return format_html('<a href="{}" target="_blank" rel="noopener" class="report-link">{}</a>{}', url, label, outlet)


class EvidenceInline(admin.TabularInline):
    """The evidence of a fact, read-only: the report (opens in a new tab) and the sentence highlighted in it.

    The pipeline writes evidence from the report text; a wrong one is deleted, not edited. A curator adds
    evidence by hand in the "Add evidence" rows below it.
    """

    model = Evidence
    extra = 0
    fields = ["report_in_new_tab", "sentence_in_report"]
    readonly_fields = ["report_in_new_tab", "sentence_in_report"]
    verbose_name_plural = "Evidence: the reports this was read in, with the sentence highlighted"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The report's text is read for the highlight; its raw HTML and signature are not. Each row's title
        # (Evidence.__str__) names the report and the fact: join them once.
        queryset = (
            super()
            .get_queryset(request)
            .select_related("report", "statement__speaker_person", "statement__speaker_actor", "meeting")
        )
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS if name != "text"))

    @admin.display(description="report")
    def report_in_new_tab(self, obj):
        return report_link(obj.report)

    @admin.display(description="sentence, highlighted in the report text")
    def sentence_in_report(self, obj):
        return sentence_in_report(obj)


class EvidenceAddInline(PreloadedAutocompleteInline, admin.TabularInline):
    """Blank rows only: evidence a curator found by hand (the report, the sentence, its offsets)."""

    model = Evidence
    formset = EvidenceFormSet
    extra = 1
    fields = ["report", "sentence", "char_start", "char_end"]
    autocomplete_fields = ["report"]
    verbose_name = "evidence"
    verbose_name_plural = "Add evidence"
    # A narrow sentence box: the admin's default textarea pushed this table past a 1366 px window.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 48})}}

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return True  # the rows it shows are new ones; existing evidence is read-only above

    def has_delete_permission(self, request, obj=None):
        return False


class StatementEvidenceInline(EvidenceInline):
    fk_name = "statement"


class MeetingEvidenceInline(EvidenceInline):
    fk_name = "meeting"


class StatementEvidenceAddInline(EvidenceAddInline):
    fk_name = "statement"
    exclude = ["meeting"]


class MeetingEvidenceAddInline(EvidenceAddInline):
    fk_name = "meeting"
    exclude = ["statement"]


class MeetingParticipantInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = MeetingParticipant
    extra = 1
    autocomplete_fields = ["person"]
    verbose_name = "participant"
    verbose_name_plural = "People who took part"

    def get_queryset(self, request):
        # Each row's title names the person and the meeting.
        return super().get_queryset(request).select_related("meeting")


class ReportEvidenceInline(admin.TabularInline):
    """What was extracted from a report: read-only here, edited on the statement or meeting."""

    model = Evidence
    fk_name = "report"
    extra = 0
    fields = ["fact", "sentence"]
    readonly_fields = ["fact", "sentence"]
    can_delete = False
    verbose_name_plural = "Extracted from this report"

    def get_queryset(self, request):
        # The row title (Evidence.__str__) names the report too; its text is not needed for that.
        queryset = (
            super()
            .get_queryset(request)
            .select_related("report", "statement__speaker_person", "statement__speaker_actor", "meeting")
        )
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS))

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="statement or meeting")
    def fact(self, obj):
        return admin_link(obj.statement or obj.meeting)


class OutletFilter(admin.SimpleListFilter):
    """Statements read in a report of this outlet (any of their evidence)."""

    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        # Outlets are few; the outlet column is indexed, so the distinct list is an index scan.
        outlets = Report.objects.exclude(outlet="").order_by("outlet").values_list("outlet", flat=True).distinct()[:40]
        return [(outlet, outlet) for outlet in outlets]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # EXISTS rather than a join: a statement read in two reports of the outlet is listed once.
        read_in = Evidence.objects.filter(statement=OuterRef("pk"), report__outlet=self.value())
        return queryset.filter(Exists(read_in))


SpeakerPersonFilter = merge_following_filter(
    model=Person,
    parameter_name="person",
    title="speaker (person)",
    lookup="speaker_person_id",
    top_lookup="statements",
)
SpeakerActorFilter = merge_following_filter(
    model=Actor,
    parameter_name="actor",
    title="speaker (institution)",
    lookup="speaker_actor_id",
    top_lookup="statements",
)
ParticipantFilter = merge_following_filter(
    model=Person,
    parameter_name="person",
    title="participant",
    lookup="participants__person_id",
)


@admin.register(Statement)
class StatementAdmin(ReviewActionsMixin, HistoryAdmin):
    actions = [merge_selected, *ReviewActionsMixin.actions]
    list_display = ["said_on", "speaker", "excerpt", "kind", "negotiation", "review_status"]
    list_display_links = ["said_on", "excerpt"]
    list_select_related = ["negotiation", "speaker_person", "speaker_actor"]
    # Years from min/max instead of date_hierarchy's DISTINCT over the table (see year_filter).
    list_filter = [
        "review_status",
        UnassignedFilter,
        SpeakerPersonFilter,
        SpeakerActorFilter,
        OutletFilter,
        "kind",
        year_filter("said_on", "year said"),
        "said_on",
        "said_on_precision",
        "negotiation",
    ]
    search_fields = [
        "text__folded",
        "speaker_person__name__folded",
        "speaker_actor__name__folded",
        "speaker_title__folded",
    ]
    autocomplete_fields = ["negotiation", "speaker_person", "speaker_actor"]
    inlines = [StatementEvidenceInline, StatementEvidenceAddInline]
    readonly_fields = ["uid", "corroboration", "created_at", "updated_at"]
    help_texts = {
        "text": "The words as reported, without the quotation marks.",
        "kind": "Direct quote: the speaker's own words, in quotation marks. Reported speech: what they said, "
        "paraphrased by the reporter.",
        "said_on_precision": "How precisely the date is known: the day, or only the week or month.",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["negotiation", "text", "kind", "setting"]}),
        (
            "Speaker",
            {
                "fields": ["speaker_person", "speaker_actor", "speaker_title"],
                "description": "A person, or the institution when no person is named. When a person spoke "
                "for an institution, both may be set.",
            },
        ),
        ("Date", {"fields": ["said_on", "said_on_precision"]}),
        ("Review", {"fields": ["review_status"], "description": REVIEW_HELP}),
        ("Record", {"fields": ["corroboration", "uid", "created_at", "updated_at"]}),
    ]

    def lookup_allowed(self, lookup, value, request=None):
        # The person page links here with its statements (there is no speaker list filter: too many people).
        return lookup == "speaker_person__id__exact" or super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        # __str__ names the speaker: the autocomplete (evidence pickers) lists 20 at a time. A select_related
        # here replaces list_select_related on the list page, so it names everything the list shows.
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="speaker", ordering="speaker_person__name")
    def speaker(self, obj):
        return obj.speaker_person or obj.speaker_actor

    @admin.display(description="text")
    def excerpt(self, obj):
        return short(obj.text)

    @admin.display(description="corroboration")
    def corroboration(self, obj):
        return corroboration(obj.evidence.all()) if obj.pk else "—"


@admin.register(Meeting)
class MeetingAdmin(ReviewActionsMixin, HistoryAdmin):
    actions = [merge_selected, *ReviewActionsMixin.actions]
    list_display = [
        "date_from",
        "date_to",
        "date_precision",
        "kind",
        "place_name",
        "place_country",
        "negotiation",
        "review_status",
    ]
    list_display_links = ["date_from", "kind"]
    list_select_related = ["negotiation", "place_country"]
    list_filter = ["review_status", UnassignedFilter, ParticipantFilter, "kind", "date_precision", "negotiation"]
    search_fields = [
        "place_name__folded",
        "summary__folded",
        "negotiation__title__folded",
        "participants__person__name__folded",
    ]
    date_hierarchy = "date_from"
    autocomplete_fields = ["negotiation", "place_country", "actors"]
    inlines = [MeetingParticipantInline, MeetingEvidenceInline, MeetingEvidenceAddInline]
    readonly_fields = ["uid", "corroboration", "created_at", "updated_at"]
    help_texts = {
        "kind": "Talks, a visit, a call, a conference or a signing that took place (not one only planned).",
        "date_from": "First day; the same as the last day for a one-day meeting.",
        "date_precision": "How precisely the dates are known: the day, or only the week or month.",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["negotiation", "kind", "summary"]}),
        (
            "When",
            {
                "fields": ["date_from", "date_to", "date_precision"],
                "description": "A meeting known only to the week spans that week, with precision 'week'.",
            },
        ),
        ("Where", {"fields": ["place_name", "place_country"]}),
        ("Actors attending where no person of theirs is named", {"fields": ["actors"]}),
        ("Review", {"fields": ["review_status"], "description": REVIEW_HELP}),
        ("Record", {"fields": ["corroboration", "uid", "created_at", "updated_at"]}),
    ]

    @admin.display(description="corroboration")
    def corroboration(self, obj):
        return corroboration(obj.evidence.all()) if obj.pk else "—"

    def lookup_allowed(self, lookup, value, request=None):
        # The person page links here with the meetings they took part in.
        return lookup == "participants__person__id__exact" or super().lookup_allowed(lookup, value, request)


class DuplicateFilter(admin.SimpleListFilter):
    title = "copy of another report"
    parameter_name = "is_duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "Copy (duplicate)"), ("no", "Original")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        return queryset


class FailureReasonFilter(admin.SimpleListFilter):
    """The most frequent failure reasons, so a curator can retry one kind of failure at once."""

    title = "failure reason"
    parameter_name = "failure_reason"

    def lookups(self, request, model_admin):
        common = (
            Report.objects.filter(status=Report.Status.FAILED)
            .exclude(failure_reason="")
            .values("failure_reason")
            .annotate(n=Count("id"))
            .order_by("-n", "failure_reason")[:12]
        )
        return [("__any__", "Any failure reason")] + [
            (row["failure_reason"], f"{short(row['failure_reason'], 60)} ({row['n']})") for row in common
        ]

    def queryset(self, request, queryset):
        if self.value() == "__any__":
            return queryset.exclude(failure_reason="")
        if self.value():
            return queryset.filter(failure_reason=self.value())
        return queryset


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    list_display = ["headline", "outlet", "status", "published_at", "duplicate", "attempts", "failure", "created_at"]
    list_display_links = ["headline"]
    list_select_related = ["duplicate_of"]
    list_filter = [
        "status",
        FailureReasonFilter,
        DuplicateFilter,
        "outlet",
        "language",
        "source",
        year_filter("published_at", "year published"),
        "published_at",
    ]
    search_fields = ["title", "url", "canonical_url", "outlet", "failure_reason"]
    actions = ["retry"]
    inlines = [ReportEvidenceInline]
    readonly_fields = [
        "url",
        "canonical_url",
        "status",
        "failure_reason",
        "attempts",
        "enqueued_at",
        "processed_at",
        "duplicate_of",
        "duplicate_similarity",
        "fingerprint",
        "language",
        "source",
        "text",
        "html",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "published_at", "url", "canonical_url", "language", "source"]}),
        (
            "Processing",
            {
                "fields": ["status", "failure_reason", "attempts", "enqueued_at", "processed_at"],
                "description": "Failed reports can be processed again with the 'Retry' action of the list.",
            },
        ),
        ("Copy of another report", {"fields": ["duplicate_of", "duplicate_similarity", "fingerprint"]}),
        ("Text as received (read-only)", {"fields": ["text", "html"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Whole articles (and their signatures) are not needed to draw a list of headlines.
        if not is_changelist(request):
            return queryset
        return queryset.defer(*HEAVY_REPORT_FIELDS, *(f"duplicate_of__{name}" for name in HEAVY_REPORT_FIELDS))

    def has_add_permission(self, request):
        # Reports enter through POST /api/v1/reports/, the import command or a feed, which run the pipeline.
        return False

    @admin.display(description="title", ordering="title")
    def headline(self, obj):
        return short(obj.title or obj.canonical_url, 80)

    @admin.display(description="copy of", ordering="duplicate_of")
    def duplicate(self, obj):
        return admin_link(obj.duplicate_of, short(str(obj.duplicate_of), 40)) if obj.duplicate_of_id else ""

    @admin.display(description="failure reason")
    def failure(self, obj):
        return short(obj.failure_reason, 60)

    @admin.action(description="Retry: process the selected reports again", permissions=["change"])
    def retry(self, request, queryset):
        # Imported here: the ingestion service owns retries; the admin only calls it.
        from events.services.reports import ReportNotRetryableError, report_retry

        done, failed = 0, []
        for report_id in queryset.values_list("pk", flat=True):
            try:
                report_retry(report_id=report_id)
                done += 1
            except ReportNotRetryableError as exc:  # one report in the wrong state must not stop the others
                failed.append(f"#{report_id}: {exc}")
        if done:
            self.message_user(request, f"{done} report(s) queued for processing again.", messages.SUCCESS)
        if failed:
            self.message_user(request, "Could not retry " + "; ".join(failed[:10]), messages.ERROR)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    form = ConstraintCheckingForm
    paginator = EstimatedCountPaginator
    list_display = ["report", "fact", "excerpt", "char_start", "char_end"]
    list_select_related = ["report", "statement__speaker_person", "statement__speaker_actor", "meeting"]
    search_fields = ["sentence", "report__title", "report__outlet"]
    autocomplete_fields = ["report", "statement", "meeting"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["report_in_new_tab", "fact", "sentence_in_report", "char_start", "char_end"]

    def has_change_permission(self, request, obj=None):
        # An evidence row is what the report says: read-only once saved (deleted if wrong, never rewritten).
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["report", "statement", "meeting", "sentence", "char_start", "char_end"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_changelist(request):
            return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS if name != "text"))
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS))

    @admin.display(description="report")
    def report_in_new_tab(self, obj):
        return report_link(obj.report)

    @admin.display(description="sentence, highlighted in the report text")
    def sentence_in_report(self, obj):
        return sentence_in_report(obj)

    @admin.display(description="statement or meeting")
    def fact(self, obj):
        return admin_link(obj.statement or obj.meeting)

    @admin.display(description="sentence")
    def excerpt(self, obj):
        return short(obj.sentence)


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(admin.ModelAdmin):
    form = ConstraintCheckingForm
    paginator = EstimatedCountPaginator
    list_display = ["__str__", "person", "meeting"]
    list_select_related = ["person", "meeting"]
    search_fields = ["person__name", "meeting__place_name"]
    autocomplete_fields = ["person", "meeting"]
    show_full_result_count = False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active", "last_polled_at", "error", "entries_seen", "reports_created", "feed"]
    list_filter = ["active", "kind"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_polled_at", "last_error", "entries_seen", "reports_created", "created_at", "updated_at"]
    show_full_result_count = False
    # Feeds are https nowadays; also silences Django 5's scheme deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["poll_now"]

    @admin.action(description="Poll now: fetch the selected feeds (queued)", permissions=["change"])
    def poll_now(self, request, queryset):
        from events.services.sources import sources_enqueue

        wanted = list(queryset.values_list("id", flat=True))
        queued = sources_enqueue(source_ids=wanted)
        level = messages.SUCCESS if queued == len(wanted) else messages.WARNING
        self.message_user(request, f"{queued} of {len(wanted)} feed(s) queued for polling.", level)

    @admin.display(description="last error")
    def error(self, obj):
        return short(obj.last_error, 60)

    @admin.display(description="feed URL")
    def feed(self, obj):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, short(obj.url, 50))


@admin.register(ReportBand)
class ReportBandAdmin(admin.ModelAdmin):
    """Read-only: the LSH index behind duplicate detection, shown to explain why reports were matched."""

    paginator = EstimatedCountPaginator
    list_display = ["report_id", "band", "hash"]
    search_fields = ["=report__id", "=hash"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
