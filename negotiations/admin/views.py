"""Curator pages beside the model lists: the review queue and the recent changes."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

from negotiations.admin.selectors import HISTORIED, REVIEWABLE, recent_changes, review_queue

PAGE_SIZE = 50


def _staff(view):
    # admin_view: active staff only, anonymous users are sent to the login page like on every admin page.
    return admin.site.admin_view(view)


def _viewable(request, models):
    """Only what this curator may see in the admin anyway."""
    return [m for m in models if request.user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")]


def review_queue_view(request):
    context = {
        **admin.site.each_context(request),
        "title": "Review queue",
        "sections": review_queue(per_model=10, models=_viewable(request, [m for m, _ in REVIEWABLE])),
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


def recent_changes_view(request):
    filters = {
        "model_name": request.GET.get("model", ""),
        "username": request.GET.get("user", "").strip(),
        "reason": request.GET.get("reason", "").strip(),
        "object_id": _int(request.GET.get("object")),
    }
    before = _datetime(request.GET.get("before"))
    models = _viewable(request, HISTORIED)
    rows = recent_changes(limit=PAGE_SIZE, before=before, models=models, **filters)
    next_url = ""
    if len(rows) == PAGE_SIZE:
        query = {key: value for key, value in request.GET.items() if key != "before"}
        query["before"] = rows[-1].date.isoformat()
        next_url = "?" + urlencode(query)
    context = {
        **admin.site.each_context(request),
        "title": "Recent changes",
        "rows": rows,
        "models": [(m._meta.model_name, m._meta.verbose_name_plural) for m in models],
        "filters": {
            **filters,
            "model": filters["model_name"],
            "user": filters["username"],
            "object": request.GET.get("object", ""),
        },
        "next_url": next_url,
        "is_first_page": before is None,
    }
    return TemplateResponse(request, "admin/recent_changes.html", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


review_queue_page = _staff(review_queue_view)
recent_changes_page = _staff(recent_changes_view)
