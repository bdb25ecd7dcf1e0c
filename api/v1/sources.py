"""The Source resource (RSS/Atom feeds): list/detail/create/update/delete with model permissions,
showing the last poll, its error and the counts; POST /sources/{id}/poll/ polls it now (enqueued)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.v1.base import ModelRulesSerializer, V1ModelViewSet
from api.v1.filters import SyncFilterSet
from api.v1.permissions import CanChangeModel
from events.models import Source


def source_list():
    # reports_count: one aggregate in the list query, not one COUNT per row.
    return Source.objects.annotate(reports_count=Count("reports")).order_by("name", "id")


class SourceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="source-detail")
    reports_count = serializers.IntegerField(read_only=True, help_text="Reports currently linked to this source.")

    class Meta:
        model = Source
        fields = [
            "id",
            "api_url",
            "name",
            "url",
            "kind",
            "active",
            "last_polled_at",
            "last_error",
            "entries_seen",
            "reports_created",
            "reports_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceInputSerializer(ModelRulesSerializer):
    class Meta:
        model = Source
        fields = ["name", "url", "kind", "active"]

    def validate_url(self, value):
        # Only the scheme here: whether the host is reachable and public is decided at fetch time, when
        # the address is resolved and checked (events.fetch), so a DNS change cannot slip past.
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http and https feed URLs are accepted.")
        return value


class SourceFilter(SyncFilterSet):
    class Meta:
        model = Source
        fields = ["active", "kind"]


class SourceViewSet(V1ModelViewSet):
    queryset = source_list()
    serializer_class = SourceSerializer
    input_serializer_class = SourceInputSerializer
    filterset_class = SourceFilter
    search_fields = ["name", "url"]
    ordering_fields = ["name", "last_polled_at", "updated_at", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return source_list()

    @extend_schema(summary="Poll this feed now (enqueued)", request=None, responses={202: SourceSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanChangeModel])
    def poll(self, request, *args, **kwargs):
        from events.tasks import poll_source

        source = self.get_object()
        # Bounded publish; if the broker is down the next scheduled poll picks the source up anyway.
        transaction.on_commit(lambda: _enqueue_poll(poll_source, source.pk))
        data = SourceSerializer(source, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


def _enqueue_poll(task, source_id: int) -> None:
    try:
        task.apply_async(args=[source_id], retry=False)
    except Exception:  # noqa: BLE001 - never a 500 for a broker outage
        import logging

        logging.getLogger(__name__).warning("could not enqueue the poll of source %s", source_id)
