"""The curator admin. Importing the modules registers the model admins (admin autodiscovery)."""

from django.contrib import admin

from negotiations.admin import domain  # noqa: F401
from negotiations.admin.site import site_install

site_install(admin.site)
