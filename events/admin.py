"""Admin for what happened and where it was read: statements, meetings, reports, evidence, feeds."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from events.models import Evidence, Meeting, MeetingParticipant, Report, ReportBand, Source, Statement
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
    short,
    year_filter,
)

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


class EvidenceInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Evidence
    formset = EvidenceFormSet
    extra = 0
    fields = ["report", "sentence", "char_start", "char_end"]
    autocomplete_fields = ["report"]
    verbose_name_plural = "Evidence: the reports this was read in, with the sentence"

    def get_queryset(self, request):
        # Each row's title (Evidence.__str__) names the report and the fact: join them once.
        queryset = super().get_queryset(request).select_related(
            "statement__speaker_person", "statement__speaker_actor", "meeting"
        )
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS))


class StatementEvidenceInline(EvidenceInline):
    fk_name = "statement"
    exclude = ["meeting"]


class MeetingEvidenceInline(EvidenceInline):
    fk_name = "meeting"
    exclude = ["statement"]


class MeetingParticipantInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = MeetingParticipant
    extra = 1
    autocomplete_fields = ["person"]
    verbose_name = "participant"
    verbose_name_plural = "People who took part"


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
        queryset = super().get_queryset(request).select_related(
            "report", "statement__speaker_person", "statement__speaker_actor", "meeting"
        )
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS))

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="statement or meeting")
    def fact(self, obj):
        return admin_link(obj.statement or obj.meeting)


@admin.register(Statement)
class StatementAdmin(ReviewActionsMixin, HistoryAdmin):
    actions = [merge_selected, *ReviewActionsMixin.actions]
    list_display = ["said_on", "speaker", "excerpt", "kind", "negotiation", "review_status"]
    list_display_links = ["said_on", "excerpt"]
    list_select_related = ["negotiation", "speaker_person", "speaker_actor"]
    # Years from min/max instead of date_hierarchy's DISTINCT over the table (see year_filter).
    list_filter = ["review_status", UnassignedFilter, "kind", year_filter("said_on", "year said"), "said_on",
                   "said_on_precision", "negotiation"]
    search_fields = ["text", "speaker_person__name", "speaker_actor__name", "speaker_title"]
    autocomplete_fields = ["negotiation", "speaker_person", "speaker_actor"]
    inlines = [StatementEvidenceInline]
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
        ("Speaker", {"fields": ["speaker_person", "speaker_actor", "speaker_title"],
                     "description": "A person, or the institution when no person is named. When a person spoke "
                                    "for an institution, both may be set."}),
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
    list_display = ["date_from", "date_to", "date_precision", "kind", "place_name", "place_country", "negotiation",
                    "review_status"]
    list_display_links = ["date_from", "kind"]
    list_select_related = ["negotiation", "place_country"]
    list_filter = ["review_status", UnassignedFilter, "kind", "date_precision", "negotiation"]
    search_fields = ["place_name", "summary", "negotiation__title", "participants__person__name"]
    date_hierarchy = "date_from"
    autocomplete_fields = ["negotiation", "place_country", "actors"]
    inlines = [MeetingParticipantInline, MeetingEvidenceInline]
    readonly_fields = ["uid", "corroboration", "created_at", "updated_at"]
    help_texts = {
        "kind": "Talks, a visit, a call, a conference or a signing that took place (not one only planned).",
        "date_from": "First day; the same as the last day for a one-day meeting.",
        "date_precision": "How precisely the dates are known: the day, or only the week or month.",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["negotiation", "kind", "summary"]}),
        ("When", {"fields": ["date_from", "date_to", "date_precision"],
                  "description": "A meeting known only to the week spans that week, with precision 'week'."}),
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
            Report.objects.filter(status=Report.Status.FAILED).exclude(failure_reason="")
            .values("failure_reason").annotate(n=Count("id")).order_by("-n", "failure_reason")[:12]
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
    list_filter = ["status", FailureReasonFilter, DuplicateFilter, "outlet", "language", "source",
                   year_filter("published_at", "year published"), "published_at"]
    search_fields = ["title", "url", "canonical_url", "outlet", "failure_reason"]
    actions = ["retry"]
    inlines = [ReportEvidenceInline]
    readonly_fields = [
        "url", "canonical_url", "status", "failure_reason", "attempts", "enqueued_at", "processed_at",
        "duplicate_of", "duplicate_similarity", "fingerprint", "language", "source", "text", "html",
        "created_at", "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "published_at", "url", "canonical_url", "language", "source"]}),
        ("Processing", {"fields": ["status", "failure_reason", "attempts", "enqueued_at", "processed_at"],
                        "description": "Failed reports can be processed again with the 'Retry' action of the list."}),
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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_changelist(request):
            return queryset
        return queryset.defer(*(f"report__{name}" for name in HEAVY_REPORT_FIELDS))

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
    list_display = ["person", "meeting"]
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
