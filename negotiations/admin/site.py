"""The admin site as curators see it: a header naming the product, and internal tables kept apart.

The project keeps Django's default ``admin.site`` (its INSTALLED_APPS name ``django.contrib.admin``), so
the behaviour is given to that instance here rather than through a second site.
"""

from __future__ import annotations

from django.contrib import admin

SITE_HEADER = "Negotiations curator"
SITE_TITLE = "Negotiations curator"
INDEX_TITLE = "Records of peace and cease-fire talks"

# Tables the services write for machines, not for curators: LSH bands, tombstones, API tokens.
INTERNAL_MODELS = {("events", "reportband"), ("negotiations", "tombstone"), ("authtoken", "tokenproxy")}
INTERNAL_LABEL = "internal"


class CuratorAdminSite(admin.AdminSite):
    site_header = SITE_HEADER
    site_title = SITE_TITLE
    index_title = INDEX_TITLE

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps  # an app's own page lists all of its models, internal or not
        internal = []
        for app in apps:
            keep = []
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                (internal if key in INTERNAL_MODELS else keep).append(model)
            app["models"] = keep
        apps = [app for app in apps if app["models"]]
        # Only a superuser maintains them; other staff never need to see them on the index.
        if internal and request.user.is_superuser:
            apps.append(
                {
                    "name": "Internal (written by the services)",
                    "app_label": INTERNAL_LABEL,
                    "app_url": "#app-internal",
                    "has_module_perms": True,
                    "models": sorted(internal, key=lambda m: m["name"]),
                }
            )
        return apps


def site_install(site: admin.AdminSite) -> None:
    """Give the default site the curator behaviour (its registrations stay as they are)."""
    site.__class__ = CuratorAdminSite
    site.site_header, site.site_title, site.index_title = SITE_HEADER, SITE_TITLE, INDEX_TITLE
