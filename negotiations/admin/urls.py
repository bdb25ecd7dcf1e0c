"""Curator pages mounted under /admin/ beside the model admin (see negotiations/urls.py)."""

from django.urls import path

from negotiations.admin.views import recent_changes_page, review_queue_page

app_name = "curator"

urlpatterns = [
    path("review-queue/", review_queue_page, name="review_queue"),
    path("recent-changes/", recent_changes_page, name="recent_changes"),
]
