"""One package per API version; a new version is added here beside the others."""

from django.urls import include, path

urlpatterns = [
    path("v1/", include(("api.v1.urls", "v1"), namespace="v1")),
]
