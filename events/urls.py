"""Pages for people (not the API): mounted at /negotiations/ by negotiations/urls.py."""

from django.urls import path

from events.views import negotiation_page

app_name = "pages"

urlpatterns = [
    path("<slug:slug>/", negotiation_page, name="negotiation"),
]
