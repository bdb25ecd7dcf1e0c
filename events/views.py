"""The negotiation page: what a person reads about one negotiation, server-rendered.

Staff only, like the admin it is linked from: it shows facts awaiting review (and flags them), which the
public API is the place to publish once checked.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from events.page_selectors import negotiation_page_read
from negotiations.models import Negotiation


def negotiation_page_view(request, slug: str):
    negotiation = get_object_or_404(Negotiation, slug=slug)
    page_number = request.GET.get("page", "1")
    page = negotiation_page_read(
        negotiation=negotiation,
        month=request.GET.get("month", ""),
        # get_page() turns a malformed or out-of-range number into the nearest page, never an error.
        page=int(page_number) if page_number.isdigit() else 1,
    )
    context = {
        **admin.site.each_context(request),
        "title": negotiation.title,
        "page": page,
    }
    return TemplateResponse(request, "events/negotiation_page.html", context)


# admin_view: active staff only; anyone else is sent to the admin login page and back.
negotiation_page = admin.site.admin_view(negotiation_page_view)
