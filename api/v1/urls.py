from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api.v1 import sources, views

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
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # Swagger UI and Redoc assets come from drf-spectacular-sidecar: the docs work offline.
    path("docs/", SpectacularSwaggerView.as_view(url_name="v1:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="v1:schema"), name="redoc"),
    *router.urls,
]
