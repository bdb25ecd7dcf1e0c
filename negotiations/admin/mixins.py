"""Behaviour shared by the curator admin: change reasons in the history, review actions, fast lists."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Case, Exists, Max, Min, OuterRef, Value, When
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from negotiations.admin.forms import ConstraintCheckingForm, PreloadedAutocompleteSelect, PreloadedChoicesForm
from negotiations.models import ReviewStatus, normalize_name
from negotiations.services.review import review_status_set

REVIEW_HELP = "Awaiting review: written by the pipeline, not yet checked by a curator."
REVIEW_STATUS_HELP = (
    "Reviewed: checked, the pipeline will not change it. Rejected: wrong, the pipeline will not "
    "recreate it. Awaiting review: written by the pipeline."
)


def _reason(obj, text: str) -> None:
    obj._change_reason = text


class EstimatedCountPaginator(Paginator):
    """Counting a large table exactly on every list page costs a full scan; the planner's estimate does not.

    Only for the unfiltered list of a big table (a filter or search is counted exactly), and only on
    PostgreSQL once the table has been analysed; small tables are counted exactly.
    """

    exact_below = 50_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor == "postgresql" and isinstance(queryset, models.QuerySet) and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [queryset.model._meta.db_table]
                )
                row = cursor.fetchone()
            if row and row[0] >= self.exact_below:
                return int(row[0])
        return super().count


EMPTY = "—"


class HistoryContextHelper(HistoricalRecordContextHelper):
    """History page deltas: an empty value reads "—", a choice reads its label.

    simple_history shows an empty foreign key as "Deleted person (pk=None)", as if a row had been deleted.
    """

    def prepare_delta_change_value(self, change, value):
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return EMPTY
        field_obj = self.model._meta.get_field(change.field)
        if field_obj.choices and not isinstance(value, (list, DeletedObject)):
            return dict(field_obj.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Every admin edit lands in the change history with who (the middleware) and why (a reason).

    The reason says "admin: ..." so the Recent changes page tells admin edits from API and
    pipeline edits at a glance.
    """

    # Lists never count the whole table a second time just to print "N total".
    show_full_result_count = False
    list_per_page = 50
    paginator = EstimatedCountPaginator
    # Constraint violations become form errors, never an IntegrityError (500).
    form = ConstraintCheckingForm

    # Field explanations for curators, beside the models' own help texts.
    help_texts: dict[str, str] = {}

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContextHelper(self.model, historical_record)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["help_texts"] = {**self.help_texts, **kwargs.get("help_texts", {})}
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        changed = ", ".join(form.changed_data) if change else ""
        _reason(obj, f"admin: changed {changed}" if changed else ("admin: saved" if change else "admin: added"))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        _reason(obj, "admin: deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one so each row's history records the deletion with its reason.
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        parent = form.instance
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _reason(obj, f"admin: removed from {parent._meta.verbose_name} {parent.pk}")
            obj.delete()
        for obj in instances:
            _reason(obj, f"admin: edited in {parent._meta.verbose_name} {parent.pk}")
            obj.save()
        formset.save_m2m()


class ReviewActionsMixin:
    """Mark reviewed / reject from any list of pipeline-written rows (the review queue's tools)."""

    actions = ["mark_reviewed", "mark_rejected", "mark_awaiting_review"]

    def _set_review(self, request, queryset, status: str):
        changed = review_status_set(model=self.model, ids=queryset.values("pk"), status=status, by=request.user)
        label = ReviewStatus(status).label.lower()
        self.message_user(
            request,
            ngettext("%(n)d row marked %(label)s.", "%(n)d rows marked %(label)s.", changed)
            % {"n": changed, "label": label},
            messages.SUCCESS,
        )

    @admin.action(description="Mark selected as reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        self._set_review(request, queryset, ReviewStatus.REVIEWED)

    @admin.action(description="Reject selected (the pipeline will not recreate them)", permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._set_review(request, queryset, ReviewStatus.REJECTED)

    @admin.action(description="Put selected back in the review queue", permissions=["change"])
    def mark_awaiting_review(self, request, queryset):
        self._set_review(request, queryset, ReviewStatus.AUTO)


class LiveFilter(admin.SimpleListFilter):
    """Merged-away rows stay in the table (their ids keep answering); the list shows the live ones by default."""

    title = "merge state"
    parameter_name = "merged"
    CHOICES = [(None, "Live"), ("yes", "Merged away"), ("all", "All")]

    def lookups(self, request, model_admin):
        return [("no", "Live"), ("yes", "Merged away"), ("all", "All")]

    def choices(self, changelist):
        value = None if self.value() == "no" else self.value()
        for key, label in self.CHOICES:
            yield {
                "selected": value == key,
                "query_string": changelist.get_query_string({self.parameter_name: key})
                if key
                else changelist.get_query_string(remove=[self.parameter_name]),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(merged_into__isnull=True)


class LiveAutocompleteMixin:
    """Autocomplete never offers a merged-away row: new links must go to the row that was kept.

    It ranks what the curator typed: the exact name (or other name) first, then names that start with
    it, then the rest by name, so "United States" is first for "United States", before Mexico (whose
    "United Mexican States" merely contains the words).
    """

    def get_search_results(self, request, queryset, search_term):
        is_autocomplete = request.path.endswith("/autocomplete/")
        if is_autocomplete:
            queryset = queryset.filter(merged_into__isnull=True)
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        typed = normalize_name(search_term)
        if is_autocomplete and typed:
            aliases = self.model._meta.get_field("aliases")
            exact_alias = aliases.related_model.objects.filter(
                **{aliases.field.name: OuterRef("pk")}, normalized_name=typed
            )
            queryset = queryset.annotate(
                match_rank=Case(
                    When(normalized_name=typed, then=Value(0)),
                    When(Exists(exact_alias), then=Value(1)),
                    When(normalized_name__startswith=typed, then=Value(2)),
                    default=Value(3),
                )
            ).order_by("match_rank", "name", "pk")
        return queryset, may_have_duplicates


class MergedReadOnlyMixin:
    """A merged-away row is history: read-only, with a pointer to the row that was kept."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.merged_into_id:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting it would break the old id's redirect (API, tombstones).
        if obj is not None and obj.merged_into_id:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.merged_into_id:
            kept = merge_chain_end(obj)
            messages.warning(
                request,
                format_html(
                    "{} was merged into {}: this row is kept read-only so its old id keeps answering. "
                    "Edit the kept row instead.",
                    str(obj),
                    admin_link(kept),
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


def merge_chain_end(obj):
    """The live row a merged-away row ended up in (a merge may have been merged again)."""
    seen = set()
    while obj.merged_into_id and obj.pk not in seen:
        seen.add(obj.pk)
        obj = type(obj)._default_manager.get(pk=obj.merged_into_id)
    return obj


def live_id(model, pk) -> int | None:
    """The id of the live row behind ``pk``, following merges; None for an unknown or malformed id."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    for _ in range(20):  # a chain of merges is short; the bound only guards against a cycle
        merged_into = model._default_manager.filter(pk=pk).values_list("merged_into_id", flat=True).first()
        if merged_into is None:
            return pk if model._default_manager.filter(pk=pk).exists() else None
        pk = merged_into
    return pk


def short(text: str, length: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def is_changelist(request) -> bool:
    """A list of many rows: the changelist or the autocomplete endpoint (which reuses the model admin)."""
    match = getattr(request, "resolver_match", None)
    return bool(
        match and match.url_name and (match.url_name.endswith("_changelist") or match.url_name == "autocomplete")
    )


def admin_link(obj: models.Model | None, label: str | None = None) -> str:
    from django.urls import reverse
    from django.utils.html import format_html

    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


def year_filter(field_name: str, label: str):
    """Years to narrow a list to, read from the column's min and max (an index lookup), not a scan.

    The admin's date_hierarchy lists the years with a DISTINCT over the whole (filtered) table,
    which is the slowest query of a 100k-row list page.
    """

    class YearFilter(admin.SimpleListFilter):
        title = label
        parameter_name = f"{field_name}_year"

        def lookups(self, request, model_admin):
            bounds = model_admin.model._default_manager.aggregate(first=Min(field_name), last=Max(field_name))
            if not bounds["first"]:
                return []
            return [(str(y), str(y)) for y in range(bounds["last"].year, bounds["first"].year - 1, -1)]

        def queryset(self, request, queryset):
            value = self.value() or ""
            # Only years a date can hold: a typed-in "99999" must not become a 500.
            if value.isdigit() and 1 <= int(value) <= 9998:
                return queryset.filter(**{f"{field_name}__year": int(value)})
            return queryset

    return YearFilter


class PreloadedAutocompleteInline:
    """Inline rows whose autocomplete pickers are labelled from joined rows: no query per row."""

    form = PreloadedChoicesForm

    def _autocomplete_fks(self, request) -> list[str]:
        return [
            name for name in self.get_autocomplete_fields(request) if not self.model._meta.get_field(name).many_to_many
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self._autocomplete_fks(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self._autocomplete_fks(request))


def merge_following_filter(*, model, parameter_name: str, title: str, lookup: str, top_lookup: str = ""):
    """A list filter on a person or actor id that follows merges: ``?person=<merged id>`` lists the rows
    of the person it was merged into (where its statements and meetings moved).

    ``lookup`` filters the list on the live id; ``top_lookup`` (a path from the model to the listed
    rows) offers the ten with the most rows as choices, beside the one selected.
    """

    class MergeFollowingFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            choices = []
            if top_lookup:
                top = (
                    model._default_manager.filter(merged_into__isnull=True)
                    .annotate(n=models.Count(top_lookup))
                    .filter(n__gt=0)
                    .order_by("-n", "name")[:10]
                )
                choices = [(str(row.pk), f"{row.name} ({row.n})") for row in top]
            value = self.value()
            if value and value not in {key for key, _ in choices}:
                row = model._default_manager.filter(pk=live_id(model, value)).first()
                if row is not None:
                    choices.insert(0, (value, str(row)))
            return choices

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            kept = live_id(model, self.value())
            # An unknown id lists nothing (filtering on None would list the rows without one).
            return queryset.filter(**{lookup: kept}) if kept is not None else queryset.none()

    MergeFollowingFilter.title = title
    MergeFollowingFilter.parameter_name = parameter_name
    return MergeFollowingFilter


class BoundedOffsetDateFieldListFilter(admin.DateFieldListFilter):
    """The admin's date filter, refusing UTC offsets PostgreSQL's timestamptz cannot hold (beyond 15:59).

    A hand-edited `?published_at__gte=...+20:00` would otherwise reach the database and answer 500;
    refused here, the admin shows its usual "incorrect lookup parameters" page instead.
    """

    def queryset(self, request, queryset):
        import datetime as dt

        from django.contrib.admin.options import IncorrectLookupParameters
        from django.utils.dateparse import parse_datetime

        for values in self.used_parameters.values():
            for value in values if isinstance(values, (list, tuple)) else [values]:
                try:
                    parsed = parse_datetime(str(value))
                except ValueError as exc:
                    raise IncorrectLookupParameters(exc) from exc
                offset = parsed.utcoffset() if parsed is not None else None
                if offset is not None and abs(offset) > dt.timedelta(hours=15, minutes=59):
                    raise IncorrectLookupParameters("UTC offset out of range")
        return super().queryset(request, queryset)


# Every date/datetime list_filter (e.g. "published_at") uses it, ahead of Django's own.
admin.FieldListFilter.register(
    lambda f: isinstance(f, models.DateField), BoundedOffsetDateFieldListFilter, take_priority=True
)
