"""Admin for the core domain: negotiations, actors, people, participations, aliases, tombstones."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

from negotiations.admin import search  # noqa: F401  (registers the __folded lookup of the search fields)
from negotiations.admin.forms import AliasFormSet, ConstraintCheckingForm
from negotiations.admin.merge import merge_selected
from negotiations.admin.mixins import (
    REVIEW_HELP,
    REVIEW_STATUS_HELP,
    HistoryAdmin,
    LiveAutocompleteMixin,
    LiveFilter,
    MergedReadOnlyMixin,
    PreloadedAutocompleteInline,
    ReviewActionsMixin,
    admin_link,
)
from negotiations.models import (
    Actor,
    ActorAlias,
    Negotiation,
    NegotiationAlias,
    Participation,
    Person,
    PersonAlias,
    Tombstone,
)


def list_url(app_label: str, model_name: str, **filters) -> str:
    return f"{reverse(f'admin:{app_label}_{model_name}_changelist')}?{urlencode(filters)}"


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = ConstraintCheckingForm
    formset = AliasFormSet
    extra = 1
    fields = ["name"]
    verbose_name = "other name"
    verbose_name_plural = (
        "Other names (abbreviations, demonyms, capitals used for the state: U.S., Turkish, the Kremlin)"
    )


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    form = ConstraintCheckingForm
    formset = AliasFormSet
    extra = 1
    fields = ["name"]
    verbose_name = "other spelling"
    verbose_name_plural = "Other full spellings and transliterations (never a surname alone)"


class ParticipationInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Participation
    extra = 1
    fields = ["actor", "role", "since", "until", "review_status"]
    autocomplete_fields = ["actor"]

    def get_queryset(self, request):
        # Each row's title (Participation.__str__) also names the negotiation.
        return super().get_queryset(request).select_related("negotiation")


class MergedIntoMixin:
    @admin.display(description="merged into", ordering="merged_into")
    def merged_into_link(self, obj):
        return admin_link(obj.merged_into) if obj.merged_into_id else ""


@admin.register(Actor)
class ActorAdmin(MergedReadOnlyMixin, MergedIntoMixin, LiveAutocompleteMixin, ReviewActionsMixin, HistoryAdmin):
    list_display = ["name", "kind", "iso_code", "review_status", "merged_into_link", "updated_at"]
    list_select_related = ["merged_into"]
    list_filter = ["kind", "review_status", LiveFilter]
    search_fields = ["name__folded", "iso_code", "aliases__name__folded"]
    inlines = [ActorAliasInline]
    actions = [merge_selected, *ReviewActionsMixin.actions]
    readonly_fields = ["merged_into_link", "counts", "created_at", "updated_at"]
    help_texts = {
        "name": "Canonical name, e.g. 'United States', 'Türkiye', 'Hamas'. Other names and spellings go below.",
        "kind": "A state, an armed group, a party, an international organisation, a government body, ...",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["name", "kind", "iso_code", "description"]}),
        ("Review", {"fields": ["review_status"], "description": REVIEW_HELP}),
        ("Record", {"fields": ["counts", "merged_into_link", "created_at", "updated_at"]}),
    ]

    @admin.display(description="linked to it")
    def counts(self, obj):
        if not obj.pk:
            return "—"
        return (
            f"{obj.people.count()} people, {obj.participations.count()} participations, "
            f"{obj.statements.count()} statements, {obj.meetings.count()} meetings"
        )


@admin.register(Person)
class PersonAdmin(MergedReadOnlyMixin, MergedIntoMixin, LiveAutocompleteMixin, ReviewActionsMixin, HistoryAdmin):
    list_display = ["name", "title", "affiliation", "review_status", "merged_into_link", "updated_at"]
    list_select_related = ["affiliation", "merged_into"]
    list_filter = ["review_status", LiveFilter, ("affiliation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name__folded", "aliases__name__folded", "title__folded", "affiliation__name__folded"]
    autocomplete_fields = ["affiliation"]
    inlines = [PersonAliasInline]
    actions = [merge_selected, *ReviewActionsMixin.actions]
    readonly_fields = ["uid", "merged_into_link", "counts", "created_at", "updated_at"]
    help_texts = {
        "title": "Current title. The title a statement was made under is kept on each statement.",
        "affiliation": "The state or organisation the person speaks for.",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["name", "title", "affiliation"]}),
        ("Review", {"fields": ["review_status"], "description": REVIEW_HELP}),
        ("Record", {"fields": ["counts", "merged_into_link", "uid", "created_at", "updated_at"]}),
    ]

    @admin.display(description="linked to it")
    def counts(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{} statements</a>, <a href="{}">{} meetings</a>',
            list_url("events", "statement", speaker_person__id__exact=obj.pk),
            obj.statements.count(),
            list_url("events", "meeting", participants__person__id__exact=obj.pk),
            obj.meeting_participations.count(),
        )


class NegotiationAliasInline(admin.TabularInline):
    model = NegotiationAlias
    form = ConstraintCheckingForm
    formset = AliasFormSet
    fields = ["name"]
    extra = 0
    verbose_name = "other name"
    verbose_name_plural = "Other names outlets use (Gaza truce talks, the hostage deal)"


@admin.register(Negotiation)
class NegotiationAdmin(ReviewActionsMixin, HistoryAdmin):
    list_display = [
        "title",
        "page_link",
        "status",
        "started_on",
        "ended_on",
        "status_changed_at",
        "source",
        "review_status",
        "merged_into_link",
        "updated_at",
    ]
    list_select_related = ["merged_into"]
    list_filter = ["status", "review_status", "source"]
    search_fields = ["title__folded", "topic__folded", "summary__folded", "slug", "aliases__name__folded"]
    date_hierarchy = "started_on"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, NegotiationAliasInline]
    autocomplete_fields = ["usual_mediators"]
    # Merging moves participations, meetings, statements and aliases onto the kept record.
    actions = [merge_selected, *ReviewActionsMixin.actions]
    readonly_fields = [
        "page_link",
        "status_changed_at",
        "counts",
        "source",
        "merged_into_link",
        "created_at",
        "updated_at",
    ]
    help_texts = {
        "slug": "Short name used in links; filled from the title.",
        "started_on": "First known talks.",
        "ended_on": "Agreement signed or talks collapsed; empty while they go on.",
        "review_status": REVIEW_STATUS_HELP,
    }
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "summary", "counts", "page_link"]}),
        (
            "Status",
            {
                "fields": ["status", "status_changed_at", "started_on", "ended_on"],
                "description": "Changing the status records when it changed.",
            },
        ),
        (
            "Recognition",
            {
                "fields": ["usual_mediators"],
                "description": "Who has mediated this process over the years. A report that names one of them "
                "with a party is read as being about this process, and they are never taken for parties. "
                "The negotiation's own mediators are the participations below.",
            },
        ),
        ("Review", {"fields": ["review_status"], "description": REVIEW_HELP}),
        (
            "Record",
            {
                "fields": ["source", "merged_into_link", "created_at", "updated_at"],
                "description": "Reference rows come from events/gazetteers/negotiations.json; once you edit one, "
                "reloading the reference data leaves it as you left it.",
            },
        ),
    ]

    @admin.display(description="merged into", ordering="merged_into")
    def merged_into_link(self, obj):
        return admin_link(obj.merged_into) if obj.merged_into_id else ""

    @admin.display(description="record")
    def counts(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{} meetings</a>, <a href="{}">{} statements</a>',
            list_url("events", "meeting", negotiation__id__exact=obj.pk),
            obj.meetings.count(),
            list_url("events", "statement", negotiation__id__exact=obj.pk),
            obj.statements.count(),
        )

    @admin.display(description="page")
    def page_link(self, obj):
        # The page a person reads: parties, status over time, the timeline with its sources.
        if not obj.pk or not obj.slug:
            return "—"
        return format_html(
            '<a href="{}" class="negotiation-page-link">View page</a>', reverse("pages:negotiation", args=[obj.slug])
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Participation)
class ParticipationAdmin(ReviewActionsMixin, HistoryAdmin):
    list_display = ["actor", "role", "negotiation", "since", "until", "review_status"]
    list_select_related = ["actor", "negotiation"]
    list_filter = ["role", "review_status", "negotiation"]
    search_fields = ["actor__name__folded", "negotiation__title__folded"]
    autocomplete_fields = ["negotiation", "actor"]
    readonly_fields = ["created_at", "updated_at"]
    help_texts = {
        "role": "Party: negotiates for itself. Mediator: brokers between the parties. Observer, guarantor.",
        "since": "When the actor took this role, if known.",
        "until": "When it left the role; empty while it holds it.",
        "review_status": REVIEW_STATUS_HELP,
    }


class AliasAdmin(admin.ModelAdmin):
    form = ConstraintCheckingForm
    list_display = ["name", "owner"]
    search_fields = ["name__folded"]
    show_full_result_count = False

    @admin.display(description="of")
    def owner(self, obj):
        return admin_link(getattr(obj, self.owner_field))


@admin.register(ActorAlias)
class ActorAliasAdmin(AliasAdmin):
    owner_field = "actor"
    list_select_related = ["actor"]
    search_fields = ["name__folded", "actor__name__folded"]
    autocomplete_fields = ["actor"]


@admin.register(PersonAlias)
class PersonAliasAdmin(AliasAdmin):
    owner_field = "person"
    list_select_related = ["person"]
    search_fields = ["name__folded", "person__name__folded"]
    autocomplete_fields = ["person"]


@admin.register(NegotiationAlias)
class NegotiationAliasAdmin(AliasAdmin):
    owner_field = "negotiation"
    list_select_related = ["negotiation"]
    search_fields = ["name__folded", "negotiation__title__folded"]
    autocomplete_fields = ["negotiation"]


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Read-only: what syncing clients are told was deleted or merged (written by the services)."""

    list_display = ["model", "object_id", "merged_into_id", "deleted_at"]
    list_filter = ["model"]
    search_fields = ["=object_id", "=merged_into_id"]
    date_hierarchy = "deleted_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
