"""The "merge duplicates" admin action: pick the row to keep on a confirmation page, then merge."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import IntegrityError
from django.template.response import TemplateResponse

from events.models import Meeting, Statement
from negotiations.models import Actor, Negotiation, Person
from negotiations.services.merge import (
    MergeError,
    actor_merge,
    meeting_merge,
    negotiation_merge,
    person_merge,
    statement_merge,
)

SERVICES = {
    Person: person_merge,
    Actor: actor_merge,
    Negotiation: negotiation_merge,
    Statement: statement_merge,
    Meeting: meeting_merge,
}
# What the confirmation page reads for each row, joined in the same query.
RELATED = {Person: ["affiliation"], Statement: ["speaker_person", "speaker_actor"], Meeting: ["place_country"]}

ENTITY_EXPLANATION = (
    "Everything that names the others (statements, meetings, evidence, participations, affiliations) moves onto "
    "it; their names become its aliases; what becomes a duplicate after the move (the same quote twice under one "
    "speaker) is collapsed into one. The others stay, marked as merged into the one kept, so their old ids keep "
    "answering."
)
FACT_EXPLANATION = (
    "The evidence of the others (one per report), and for meetings their participants and actors, move onto it; "
    "its blank fields are filled from them (a meeting takes a more precise date). The others are deleted; their "
    "ids answer syncing clients with a pointer to the one kept."
)


def _facts(obj) -> dict[str, int]:
    """What moves with a row; a handful of rows are shown, so a few counts each are fine."""
    if isinstance(obj, Person):
        return {
            "statements": obj.statements.count(),
            "meetings": obj.meeting_participations.count(),
            "aliases": obj.aliases.count(),
        }
    if isinstance(obj, Actor):
        return {
            "statements": obj.statements.count(),
            "people": obj.people.count(),
            "participations": obj.participations.count(),
            "aliases": obj.aliases.count(),
        }
    if isinstance(obj, Negotiation):
        return {
            "participations": obj.participations.count(),
            "meetings": obj.meetings.count(),
            "statements": obj.statements.count(),
            "aliases": obj.aliases.count(),
        }
    if isinstance(obj, Meeting):
        return {"evidence": obj.evidence.count(), "participants": obj.participants.count()}
    return {"evidence": obj.evidence.count()}


def _details(obj) -> list[str]:
    """What tells two rows apart: title and side, kind and code, other names; speaker, date, place."""
    if isinstance(obj, Statement):
        details = [obj.get_kind_display(), str(obj.said_on or "undated")]
    elif isinstance(obj, Meeting):
        dates = f"{obj.date_from} – {obj.date_to}" if obj.date_to != obj.date_from else str(obj.date_from or "")
        details = [
            dates,
            obj.get_date_precision_display().lower() + " precision",
            str(obj.place_country) if obj.place_country_id else "",
        ]
    elif isinstance(obj, Negotiation):
        parties = ", ".join(obj.participations.filter(role="party").values_list("actor__name", flat=True)[:6])
        details = [obj.get_source_display(), f"parties: {parties}" if parties else "", obj.topic]
    else:
        if isinstance(obj, Person):
            details = [obj.title, str(obj.affiliation) if obj.affiliation_id else ""]
        else:
            details = [obj.get_kind_display(), obj.iso_code]
        aliases = ", ".join(obj.aliases.values_list("name", flat=True)[:8])
        details.append(f"also {aliases}" if aliases else "")
    return [d for d in details if d]


@admin.action(description="Merge selected duplicates into one…", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    rows = list(queryset.select_related(*RELATED.get(modeladmin.model, [])).order_by("pk"))
    opts = modeladmin.model._meta
    if len(rows) < 2:
        modeladmin.message_user(request, "Select at least two rows to merge.", messages.WARNING)
        return None

    error = ""
    if request.POST.get("post") == "yes":
        keep = next((row for row in rows if str(row.pk) == request.POST.get("keep", "")), None)
        if keep is None:
            error = f"Choose the {opts.verbose_name} to keep."
        else:
            merged = [row for row in rows if row.pk != keep.pk]
            try:
                kept = SERVICES[modeladmin.model](keep=keep, merge=merged, by=request.user)
            except (MergeError, IntegrityError) as exc:
                modeladmin.message_user(request, f"Nothing was merged: {exc}", messages.ERROR)
                return None
            modeladmin.message_user(
                request,
                f"Merged {', '.join(str(row) for row in merged)} into {kept} (#{kept.pk}).",
                messages.SUCCESS,
            )
            return None  # back to the list

    live = [row for row in rows if getattr(row, "merged_into_id", None) is None]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}",
        "subtitle": None,
        "opts": opts,
        "rows": [{"obj": row, "facts": _facts(row), "details": _details(row)} for row in rows],
        "default_keep": (live or rows)[0].pk,
        "already_merged": [row for row in rows if getattr(row, "merged_into_id", None)],
        "explanation": ENTITY_EXPLANATION if modeladmin.model in (Person, Actor, Negotiation) else FACT_EXPLANATION,
        "error": error,
        "action_name": "merge_selected",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "queryset": rows,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/negotiations/merge_confirmation.html", context)
