from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from api.v1 import sources, views
from api.v1.throttling import V1AnonThrottle, V1UserThrottle

# The generated schema, per (version, language): building it costs a few hundred ms of CPU and it only
# changes with the code, so each process builds it once.
_SCHEMA_CACHE: dict[tuple, dict] = {}


class _ThrottledJsonErrors:
    # Generating (or serving) the schema and docs is not free: throttled like every v1 endpoint.
    throttle_classes = [V1AnonThrottle, V1UserThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (?format=bogus, 429) in the API's JSON shape, not rendered as YAML or HTML.
        if response.status_code >= 400:
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class V1SchemaView(_ThrottledJsonErrors, SpectacularAPIView):
    def _get_schema_response(self, request):
        key = (self.api_version, request.GET.get("lang", ""))
        if key not in _SCHEMA_CACHE:
            _SCHEMA_CACHE[key] = super()._get_schema_response(request).data
        filename = self._get_filename(request, self.api_version)
        return Response(data=_SCHEMA_CACHE[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})


class V1SwaggerView(_ThrottledJsonErrors, SpectacularSwaggerView):
    pass


class V1RedocView(_ThrottledJsonErrors, SpectacularRedocView):
    pass


router = DefaultRouter()
router.register("negotiations", views.NegotiationViewSet, basename="negotiation")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("parties", views.PartyViewSet, basename="party")
router.register("mediators", views.MediatorViewSet, basename="mediator")
router.register("participations", views.ParticipationViewSet, basename="participation")
router.register("people", views.PersonViewSet, basename="person")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("reports", views.ReportViewSet, basename="report")
router.register("tombstones", views.TombstoneViewSet, basename="tombstone")
router.register("sources", sources.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", V1SchemaView.as_view(api_version="v1"), name="schema"),
    # Swagger UI and Redoc assets come from drf-spectacular-sidecar: the docs work offline.
    path("docs/", V1SwaggerView.as_view(url_name="v1:schema"), name="docs"),
    path("redoc/", V1RedocView.as_view(url_name="v1:schema"), name="redoc"),
    *router.urls,
]
