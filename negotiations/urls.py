from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("admin/", include("negotiations.admin.urls")),  # curator pages: review queue, recent changes
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("negotiations/", include("events.urls")),  # the negotiation page, for people
]

# Errors under /api/ answer JSON like every other API error (api/errors.py); Django's pages elsewhere.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
