"""Reads for the pipeline: what the database knows, as the plain data extraction takes.

The gazetteer's read side (gazetteer_build() and its cache) lives in events/gazetteer.py.
"""

from __future__ import annotations

import datetime as dt


def reports_for_reprocessing(
    *,
    statuses: list[str],
    negotiation_slug: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    """Reports to run through the pipeline again, oldest first: by status; those evidencing a statement or
    a meeting of one negotiation; published between two dates (inclusive, UTC)."""
    from django.db.models import Q

    from events.models import Report

    queryset = Report.objects.filter(status__in=statuses)
    if negotiation_slug:
        in_negotiation = Q(evidence__statement__negotiation__slug=negotiation_slug) | Q(
            evidence__meeting__negotiation__slug=negotiation_slug
        )
        queryset = queryset.filter(id__in=Report.objects.filter(in_negotiation).values("id"))
    if since:
        queryset = queryset.filter(published_at__date__gte=since)
    if until:
        queryset = queryset.filter(published_at__date__lte=until)
    return queryset.order_by("published_at", "id")
